#!/usr/bin/env python3
"""lineage against the misbehaving hub (fault_server.py, behind the loopback nginx): retries (500s, a 429), a
full-body answer to a Range request, truncated bodies, a wrong Content-Range, a commit that moves,
a stalled server, bad input (unknown repo, revision or file; no weights; a header claiming more
bytes than the file has). Each gets a correct result or a clean error that names the repository
and the file, never a wrong number and never a hang (issue #12's "Protocol tests" and "Bad
input"). Run by ctest as io.hub.remote_faults:
    remote_faults_test.py --lineage build/lineage
"""

import os
import re
import sys
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lineage_e2e import (EXIT_BAD_INPUT, EXIT_NETWORK, HubCase, canonical, labels, lineage_binary,  # noqa: E402
                         local, normalise_inspect, normalise_report)

FAILED = (EXIT_BAD_INPUT, EXIT_NETWORK)  # the two documented failure codes: bad input, network
STALL_LIMIT_S = 60


class Faults(HubCase):
    def inspect(self, ref, *flags, env=None):
        return self.lineage("inspect", ref, "--json", "--quiet", *flags, env=env)

    def compare_with_ft_sft(self, ref, *flags):
        return self.lineage("compare", "examples/ft-sft@main", ref, "--json", "--quiet", *flags)

    def cdn_path(self, name):
        sha = self.hub.faults.repos[name].files["model.safetensors"].sha256
        return "/faults-cdn/%s/%s" % (name, sha)

    def test_500_twice_then_success_is_retried_and_honours_retry_after(self):
        run = self.inspect("faults/flaky-base@main", env=self.env(token=self.hub.token))
        self.assert_ok(run)
        want = self.lineage("inspect", local("base"), "--json", "--quiet")
        self.assertEqual(canonical(normalise_inspect(run.json())), canonical(normalise_inspect(want.json())))
        seen = self.hub.faults.requests(self.cdn_path("flaky-base"))
        self.assertGreaterEqual(len(seen), 3, seen)
        self.assertEqual([r["status"] for r in seen[:2]], [500, 500], seen)
        self.assertIn(seen[2]["status"], (200, 206), seen)
        # The same request, three times: the failed one was retried, not skipped.
        self.assertEqual({(r["method"], r["range"]) for r in seen[:3]}, {(seen[0]["method"], seen[0]["range"])})
        self.assertGreaterEqual(seen[1]["time"] - seen[0]["time"], 0.9, "Retry-After: 1 not honoured")
        # The token went to the hub (through nginx to the fault server) and not to the CDN.
        self.assertTrue(any(r["authorization"] for r in self.hub.faults.requests("/api/models/faults/flaky-base")))
        self.assertFalse(any(r["authorization"] for r in seen), "the token reached the CDN")

    def test_429_is_retried_after_its_retry_after(self):
        run = self.inspect("faults/ratelimit-base@main")
        self.assert_ok(run)
        want = self.lineage("inspect", local("base"), "--json", "--quiet")
        self.assertEqual(canonical(normalise_inspect(run.json())), canonical(normalise_inspect(want.json())))
        seen = self.hub.faults.requests(self.cdn_path("ratelimit-base"))
        self.assertGreaterEqual(len(seen), 2, seen)
        self.assertEqual(seen[0]["status"], 429, seen)
        self.assertIn(seen[1]["status"], (200, 206), seen)
        self.assertEqual((seen[1]["method"], seen[1]["range"]), (seen[0]["method"], seen[0]["range"]))
        self.assertGreaterEqual(seen[1]["time"] - seen[0]["time"], 0.9, "Retry-After: 1 not honoured")

    def test_a_full_body_answer_to_a_range_gives_the_same_numbers_or_a_clean_refusal(self):
        run = self.compare_with_ft_sft("examples/norange-base@main", "--full")
        self.assertRegex(self.hub.read_log("cdn"), r'GET /norange/lfs/[^\n]*" 200 \d+ range="bytes=')
        if run.rc != 0:
            self.assert_clean_failure(run, FAILED, ["examples/norange-base", "model.safetensors"])
            return
        want = self.lineage("compare", local("ft-sft"), local("base"), "--json", "--quiet", "--full")
        self.assert_ok(want)
        got = normalise_report(run.json(), ["examples/ft-sft@main", "examples/norange-base@main"], labels(want.json()))
        self.assertEqual(canonical(got), canonical(normalise_report(want.json())))

    def test_a_truncated_body_is_an_error_naming_repository_and_file(self):
        run = self.compare_with_ft_sft("faults/truncated-base@main")
        self.assert_clean_failure(run, FAILED, ["faults/truncated-base", "model.safetensors"],
                                  r"truncat|short|partial|incomplete|prematur|fewer|expected")
        self.assertTrue(self.hub.faults.requests(self.cdn_path("truncated-base")))

    def test_a_wrong_content_range_is_an_error_naming_repository_and_file(self):
        run = self.compare_with_ft_sft("faults/badrange-base@main")
        self.assert_clean_failure(run, FAILED, ["faults/badrange-base", "model.safetensors"], r"range")
        ranged = [r for r in self.hub.faults.requests(self.cdn_path("badrange-base")) if r["range"]]
        self.assertTrue(ranged, "no Range request reached the fault")

    def test_a_commit_that_moves_within_the_run_is_an_error(self):
        run = self.compare_with_ft_sft("faults/moving-base@main")
        self.assert_clean_failure(run, FAILED, ["faults/moving-base"], r"commit|moved")

    def test_a_file_whose_etag_changes_within_the_run_is_an_error(self):
        # The size probe sees one ETag, the read of the bytes another: the bytes could be of
        # another file than the one sized and listed, so nothing of them may be used.
        run = self.compare_with_ft_sft("faults/etag-base@main")
        self.assert_clean_failure(run, FAILED, ["faults/etag-base", "model.safetensors"], r"etag changed")
        resolves = self.hub.faults.requests("/faults/etag-base/resolve/")
        self.assertGreaterEqual(len([r for r in resolves if r["path"].endswith("/model.safetensors")]), 2)

    def test_a_revision_is_resolved_once_and_everything_fetched_by_its_commit(self):
        run = self.inspect("faults/moving-main@main")  # main moves after the first revision request
        self.assert_ok(run)
        want = self.lineage("inspect", local("base"), "--json", "--quiet")
        self.assertEqual(canonical(normalise_inspect(run.json())), canonical(normalise_inspect(want.json())))
        first = self.hub.commit("faults/moving-main")
        resolves = [r["path"] for r in self.hub.faults.requests("/faults/moving-main/resolve/")]
        self.assertTrue(resolves)
        self.assertEqual([p for p in resolves if not p.startswith("/faults/moving-main/resolve/%s/" % first)], [])

    def test_a_stalled_server_times_out_within_bounds(self):
        endpoint = self.hub.stall.url
        run = self.lineage("inspect", "examples/base@main", "--json", "--quiet", "--timeout", "2",
                           env=self.env(endpoint=endpoint), timeout=STALL_LIMIT_S + 30)
        self.assertLess(run.elapsed, STALL_LIMIT_S, str(run))
        self.assert_clean_failure(run, (EXIT_NETWORK,), [urllib.parse.urlsplit(endpoint).netloc], r"time")
        self.assertGreater(self.hub.stall.accepted, 0)

    def test_a_cdn_that_stalls_mid_run_times_out_within_bounds(self):
        run = self.inspect("faults/stall-base@main", "--timeout", "2")
        self.assertLess(run.elapsed, STALL_LIMIT_S, str(run))
        self.assert_clean_failure(run, (EXIT_NETWORK,), ["faults/stall-base", "model.safetensors"], r"time")

    def test_unknown_repository_revision_and_file_are_bad_input_named(self):
        cases = [("examples/nope@main", ["examples/nope"], r"/api/models/examples/nope/revision/main"),
                 ("examples/base@nope", ["examples/base", "nope"], r"/api/models/examples/base/revision/nope"),
                 (self.hub.endpoint() + "/examples/base/resolve/main/missing.safetensors",
                  ["examples/base", "missing.safetensors"], r"/api/models/examples/base/|missing\.safetensors")]
        for ref, names, asked in cases:
            self.assert_clean_failure(self.inspect(ref), (EXIT_BAD_INPUT,), names, r"not found|404|unknown|no such")
            self.assertRegex(self.hub.read_log("hub"), asked, "the hub was not asked")

    def test_a_file_list_without_weights_is_bad_input_like_a_folder_without_weights(self):
        folder = os.path.join(self.work, "no-weights")
        os.makedirs(folder)
        for f in self.hub.tree.repo("examples/no-weights").files.values():
            os.symlink(os.path.join(local("base"), f.name), os.path.join(folder, f.name))
        want = self.lineage("compare", folder, local("base"), "--json", "--quiet")
        run = self.lineage("compare", "examples/no-weights@main", "examples/base@main", "--json", "--quiet")
        self.assertEqual(run.rc, want.rc, str(run))
        self.assert_clean_failure(run, (EXIT_BAD_INPUT,), ["examples/no-weights"], r"weight")
        self.assertIn("/api/models/examples/no-weights/revision/main", self.hub.read_log("hub"))

    def test_a_header_claiming_more_bytes_than_the_file_is_bad_input(self):
        run = self.compare_with_ft_sft("examples/overclaim-base@main")
        self.assert_clean_failure(run, (EXIT_BAD_INPUT,), ["examples/overclaim-base", "model.safetensors"],
                                  r"truncat|outside|beyond|exceed|bytes")
        self.assertFalse(re.search(r'"verdict"', run.stdout))


if __name__ == "__main__":
    lineage_binary()
    unittest.main(verbosity=2)
