#!/usr/bin/env python3
"""lineage against the loopback hub (hub_harness.py): model references, TLS, the token, the
equivalence of a hub run with the same run on examples/models, and the cache (issue #12's
"Protocol tests" and "Equivalence"). Run by ctest as io.hub.remote_protocol:
    remote_protocol_test.py --lineage build/lineage
"""

import glob
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hub_harness  # noqa: E402
from lineage_e2e import (EXIT_BAD_INPUT, EXIT_NETWORK, HubCase, canonical, labels, lineage_binary,  # noqa: E402
                         local, normalise_inspect, normalise_report, ports_closed, verdicts)

TRIO = ("ft-sft", "base", "indep-s1")


class References(HubCase):
    """inspect through every reference form, over http and https."""

    def inspect(self, ref, *flags, env=None):
        run = self.lineage("inspect", ref, "--json", "--quiet", *flags, env=env)
        self.assert_ok(run)
        return normalise_inspect(run.json())

    def local_inspect(self, path):
        run = self.lineage("inspect", path, "--json", "--quiet")
        self.assert_ok(run)
        return normalise_inspect(run.json())

    def test_inspect_over_http_equals_the_local_folder(self):
        self.assertEqual(canonical(self.inspect("examples/base@main")), canonical(self.local_inspect(local("base"))))
        self.assertIn('"GET /api/models/examples/base/revision/main', self.hub.read_log("hub"))
        self.assertIn("/lfs/", self.hub.read_log("cdn"))  # the weights came from the CDN block

    def test_every_reference_form_names_the_same_model(self):
        want = canonical(self.local_inspect(local("base")))
        commit = self.hub.commit("examples/base")
        for ref in ("examples/base", "examples/base@v1.0", "examples/base@" + commit, "hf://examples/base@main"):
            self.assertEqual(canonical(self.inspect(ref)), want, ref)
        url = self.hub.endpoint() + "/examples/base/resolve/main/model.safetensors"
        single = self.local_inspect(os.path.join(local("base"), "model.safetensors"))
        self.assertEqual(canonical(self.inspect(url)), canonical(single))

    def test_a_local_path_that_exists_wins(self):
        os.makedirs(os.path.join(self.work, "examples"))
        os.symlink(local("ft-sft"), os.path.join(self.work, "examples", "ft-sft"))
        self.assertEqual(canonical(self.inspect("examples/ft-sft")), canonical(self.local_inspect(local("ft-sft"))))
        self.assertNotIn("examples/ft-sft", self.hub.read_log("hub"))

    def test_https_with_the_test_ca(self):
        want = canonical(self.local_inspect(local("base")))
        self.assertEqual(canonical(self.inspect("examples/base@main", "--ca-bundle", self.hub.ca_bundle,
                                                env=self.env(https=True))), want)
        for var in ("CURL_CA_BUNDLE", "SSL_CERT_FILE"):
            self.fresh_home()  # an empty cache: the run must reach the server again
            env = self.env(https=True, **{var: self.hub.ca_bundle})
            self.assertEqual(canonical(self.inspect("examples/base@main", env=env)), want, var)

    def test_insecure_skips_verification_and_says_so(self):
        run = self.lineage("inspect", "examples/base@main", "--json", "--quiet", "--insecure", env=self.env(https=True))
        self.assert_ok(run)
        self.assertEqual(canonical(normalise_inspect(run.json())), canonical(self.local_inspect(local("base"))))
        self.assertRegex(run.stderr, r"(?i)insecure|not verif|verification")

    def test_https_without_the_ca_is_a_tls_error_naming_the_url(self):
        run = self.lineage("inspect", "examples/base@main", "--json", "--quiet", env=self.env(https=True))
        self.assert_clean_failure(run, (EXIT_NETWORK,), [self.hub.endpoint(True)],
                                  r"certificate|TLS|SSL|verify")


class Token(HubCase):
    """The gated repository, HF_TOKEN, $HF_HOME/token; the token stays on the hub's host and out
    of every output (HubCase.lineage checks every run's stdout and stderr for it)."""

    def gated(self, *flags, env):
        return self.lineage("inspect", "examples/gated-base@main", "--json", *flags, env=env)

    def test_the_token_opens_the_gated_repository_and_never_reaches_the_cdn(self):
        want = self.lineage("inspect", local("base"), "--json", "--quiet")
        self.assert_ok(want)
        for flags in (("--quiet",), ("--verbose",)):
            self.fresh_home()
            run = self.gated(*flags, env=self.env(token=self.hub.token))
            self.assert_ok(run)
            self.assertEqual(canonical(normalise_inspect(run.json())), canonical(normalise_inspect(want.json())))
        hub_log, cdn_log = self.hub.read_log("hub"), self.hub.read_log("cdn")
        self.assertRegex(hub_log, r"gated-base/revision/main[^\n]*\" 200 [^\n]*auth=present")
        self.assertIn("/lfs/", cdn_log)  # the CDN was used, and its log records any Authorization
        self.assertFalse(self.hub.token in cdn_log, "the token reached the CDN: " + self.hub.cdn_log)
        self.assertFalse("Bearer" in cdn_log, "an Authorization header reached the CDN: " + self.hub.cdn_log)

    def test_the_token_file_in_hf_home(self):
        with open(os.path.join(self.hf_home, "token"), "w") as f:
            f.write(self.hub.token + "\n")
        self.assert_ok(self.gated("--quiet", env=self.env()))

    def test_no_token_is_an_auth_error_naming_the_repository_and_401(self):
        run = self.gated("--quiet", env=self.env())
        self.assert_clean_failure(run, (EXIT_NETWORK,), ["examples/gated-base", "401"])

    def test_a_wrong_token_is_an_auth_error(self):
        run = self.gated("--verbose", env=self.env(token=self.secrets_never_printed[1]))
        self.assert_clean_failure(run, (EXIT_NETWORK,), ["examples/gated-base", "401"])


class Equivalence(HubCase):
    """compare ft-sft base indep-s1 from the hub against the same compare from disk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.refs = ["examples/%s@main" % n for n in TRIO]
        cls.local = {}

    def local_report(self, *flags):
        if flags not in self.local:
            run = self.lineage("compare", *[local(n) for n in TRIO], "--json", "--quiet", *flags)
            self.assert_ok(run)
            self.local[flags] = run.json()
        return self.local[flags]

    def hub_report(self, *flags, env=None):
        run = self.lineage("compare", *self.refs, "--json", "--quiet", *flags, env=env)
        self.assert_ok(run)
        return run.json()

    def assert_same_numbers(self, doc, want):
        got = normalise_report(doc, self.refs, labels(want))
        self.assertEqual(canonical(got), canonical(normalise_report(want)))

    def assert_accounting(self, doc, full, hub=None):
        """revision is the commit; bytes_total covers the weights; a fresh cache means bytes_read
        and requests are positive, all the weights with --full, and never much more than the
        repository (bytes_read may count the small files and the revision JSON too)."""
        for m, name in zip([doc["candidate"]] + doc["bases"], TRIO):
            repo = self.hub.tree.repo("examples/" + name)
            self.assertEqual(m["revision"], repo.commit)
            weights = repo.files["model.safetensors"].size
            self.assertGreaterEqual(m["bytes_total"], weights)
            self.assertGreater(m["bytes_read"], 0)
            if full:
                self.assertGreaterEqual(m["bytes_read"], weights)
            # bytes_read counts every read, a range read twice twice (docs/JSON_SCHEMA.md): the
            # analyses pass over a tensor a few times (identity, signatures, block tests).
            self.assertLessEqual(m["bytes_read"], 8 * sum(f.size for f in repo.files.values()))
            self.assertGreater(m["requests"], 0)
            # The network, though, carries each byte about once: the range cache serves re-reads.
            sha = repo.files["model.safetensors"].sha256
            log = (hub or self.hub).read_log("cdn")[getattr(self, "cdn_mark", 0):]
            sent = sum(int(line.split('" ', 1)[1].split()[1]) for line in log.splitlines()
                       if "/lfs/" + sha in line)
            self.assertGreater(sent, 0)
            self.assertLessEqual(sent, 2 * weights)

    def test_default_mode_gives_the_verdicts_of_the_local_run(self):
        self.cdn_mark = len(self.hub.read_log("cdn"))
        # A hub model's default is sequential reading (METHODS §10.8); the same files on disk are
        # read whole by default, so the local run asks for the same mode. Running it first also
        # puts the power of that mode in the shared power cache, so the hub run reads only what
        # the pair needs (the controls' own reads are bytes_read_controls, not bytes_read).
        want = self.local_report("--sequential")
        doc = self.hub_report()
        self.assertEqual(verdicts(normalise_report(doc, self.refs, labels(want))), verdicts(want))
        self.assertEqual(verdicts(want), verdicts(self.local_report()))
        self.assert_accounting(doc, full=False)

    def test_full_gives_the_same_json_apart_from_source_fields_and_a_rerun_needs_no_network(self):
        want = self.local_report("--full")
        with hub_harness.HubHarness() as own:  # its own servers, stopped half-way
            endpoint = own.endpoint()
            first = self.hub_report("--full", env=self.env(endpoint=endpoint))
            self.assert_accounting(first, full=True, hub=own)  # commits depend on the files only: the same in `own`
            self.assert_same_numbers(first, want)
        self.assertTrue(ports_closed(own))
        # The cache serves the rerun: offline by the environment and by the flag.
        for env, flags in ((self.env(endpoint=endpoint, HF_HUB_OFFLINE="1"), ()),
                           (self.env(endpoint=endpoint), ("--offline",))):
            again = self.hub_report("--full", *flags, env=env)
            self.assert_same_numbers(again, want)
            self.assertEqual([m["revision"] for m in [again["candidate"]] + again["bases"]],
                             [m["revision"] for m in [first["candidate"]] + first["bases"]])

    def test_a_truncated_range_cache_file_is_refetched(self):
        want = self.local_report("--full")
        self.assert_same_numbers(self.hub_report("--full"), want)
        chunks = [p for p in glob.glob(os.path.join(self.hf_home, "lineage", "**"), recursive=True)
                  if os.path.isfile(p) and os.path.getsize(p) >= 4096]
        self.assertTrue(chunks, "no range-cache file under $HF_HOME/lineage/ to truncate")
        for p in chunks:  # a crash mid-write: every data file loses its second half
            os.truncate(p, os.path.getsize(p) // 2)
        self.assert_same_numbers(self.hub_report("--full"), want)

    def test_cache_ls_lists_what_a_run_fetched(self):
        for name in TRIO:
            self.assert_ok(self.lineage("inspect", "examples/%s@main" % name, "--json", "--quiet"))
        run = self.lineage("cache", "ls", env=self.env())
        self.assert_ok(run)
        for name in TRIO:
            self.assertIn("examples/" + name, run.stdout)


class Sharded(HubCase):
    """A repository with an index and two shards (most hub checkpoints) against the same folder."""

    def test_sharded_repository_equals_the_same_shards_on_disk(self):
        repo = self.hub.tree.repo("examples/base-sharded")
        ref = "examples/base-sharded@main"
        got = self.lineage("inspect", ref, "--json", "--quiet")
        want = self.lineage("inspect", repo.local_dir, "--json", "--quiet")
        self.assert_ok(got)
        self.assert_ok(want)
        self.assertEqual(canonical(normalise_inspect(got.json())), canonical(normalise_inspect(want.json())))
        got = self.lineage("compare", "examples/ft-sft@main", ref, "--json", "--quiet", "--full")
        want = self.lineage("compare", local("ft-sft"), repo.local_dir, "--json", "--quiet", "--full")
        self.assert_ok(got)
        self.assert_ok(want)
        self.assertEqual(canonical(normalise_report(got.json(), ["examples/ft-sft@main", ref], labels(want.json()))),
                         canonical(normalise_report(want.json())))
        cdn = self.hub.read_log("cdn")
        for f in repo.files.values():
            if f.lfs:
                self.assertIn("/lfs/" + f.sha256, cdn, f.name)


class Offline(HubCase):
    def test_offline_with_an_empty_cache_names_what_is_missing(self):
        before = self.hub.read_log("hub")
        run = self.lineage("inspect", "examples/base@main", "--json", "--quiet", env=self.env(HF_HUB_OFFLINE="1"))
        self.assert_clean_failure(run, (EXIT_BAD_INPUT, EXIT_NETWORK), ["examples/base"], r"offline|cache")
        self.assertEqual(self.hub.read_log("hub"), before, "an offline run reached the server")


if __name__ == "__main__":
    lineage_binary()
    unittest.main(verbosity=2)
