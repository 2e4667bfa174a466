#!/usr/bin/env python3
"""`lineage registry build --list FILE --jobs N` against the loopback hub of tests/io/hub.

The list names hub models (pinned by branch, tag, a full commit or nothing) and one reference the
hub does not have. The build must add every model the hub has, at its resolved commit, reporting the bytes read
per model; report the bad reference as a failure (non-zero exit) without stopping the others; and
on a second run skip every model before reading any weight byte (0 B read, no weight requests in
the hub's log). It runs into an SQLite file, and also into PostgreSQL when $LINEAGE_TEST_PG names
a server (ctest registry.build_postgresql runs it under tests/registry/pg_harness.py): several
workers writing into one PostgreSQL. A password in the registry URI is never printed.

Usage: registry_build_test.py --lineage PATH
"""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "io", "hub"))
from lineage_e2e import HubCase, lineage_binary  # noqa: E402

LIST = """# repository\trevision\tfamily\tpublisher\tlicence\tparameters (B, approximate)
examples/base\tmain\texample\tlineage\tMIT\t0.001
examples/ft-sft\tv1.0\texample\tlineage\tMIT\t0.001

examples/perm\t\texample\tlineage\tMIT\t0.001
examples/indep-s1\t{indep_commit}\texample\tlineage\tMIT\t0.001
examples/no-such-model\tmain\texample\tlineage\tMIT\t0.001
"""
HUB_MODELS = ("examples/base", "examples/ft-sft", "examples/perm", "examples/indep-s1")


class RegistryBuild(HubCase):
    def registries(self):
        out = [os.path.join(self.work, "r.sqlite")]
        server = os.environ.get("LINEAGE_TEST_PG")
        if server:
            out.append(server + "/postgres")
        return out

    def weight_requests(self):
        log = self.hub.read_log("cdn") + self.hub.read_log("hub")
        return len(re.findall(r"model\.safetensors", log))

    def test_build_resume_and_failures(self):
        path = os.path.join(self.work, "models.tsv")
        with open(path, "w") as f:
            f.write(LIST.format(indep_commit=self.hub.commit("examples/indep-s1")))
        for registry in self.registries():
            password = registry.split("@")[0].split(":")[-1] if "@" in registry else None
            first = self.lineage("registry", "build", "--registry", registry, "--list", path,
                                 "--jobs", "3")
            self.assertEqual(first.rc, 1, str(first))  # the missing model
            for repo in HUB_MODELS:
                m = re.search(re.escape(repo) + r"\S*: added as #\d+ \(([\d.]+) (KB|MB) read",
                              first.stdout)
                self.assertTrue(m, f"{repo} not added:\n{first}")
                self.assertGreater(float(m.group(1)), 0)
            self.assertRegex(first.stdout, r"examples/no-such-model@main: failed: ")
            # A commit in the revision column is read as that commit (the pinned form).
            self.assertRegex(first.stdout, re.escape("examples/indep-s1@" +
                             self.hub.commit("examples/indep-s1")) + r": added as #")
            self.assertIn("4 added, 0 already registered, 1 failed", first.stdout)
            self.assertRegex(first.stdout, r"\[5/5\] ")
            ls = self.lineage("registry", "ls", "--registry", registry, "--json")
            self.assertEqual(ls.rc, 0, str(ls))
            for repo in HUB_MODELS:
                self.assertIn(f"v1:hub:{repo}@{self.hub.commit(repo)}", ls.stdout)

            before = self.weight_requests()
            again = self.lineage("registry", "build", "--registry", registry, "--list", path,
                                 "--jobs", "2")
            self.assertEqual(again.rc, 1, str(again))
            self.assertEqual(again.stdout.count("already registered, skipped"), 4, str(again))
            self.assertIn("0 added, 4 already registered, 1 failed; 0 B read in total",
                          again.stdout)
            self.assertEqual(self.weight_requests(), before, "a resumed build read weights")
            if password:
                for run in (first, ls, again):
                    self.assertNotIn(password, run.stdout + run.stderr, "password printed")
                self.assertIn(":***@", first.stdout)


class ShippedList(unittest.TestCase):
    """data/registry/base-models.tsv: the format `registry build` reads, and the coverage promised."""

    FAMILIES = ("Llama", "Qwen", "Mistral", "Gemma", "Phi", "DeepSeek", "GLM", "Yi", "InternLM",
                "Baichuan", "OLMo", "Falcon", "EXAONE", "HyperCLOVA X SEED", "Solar", "A.X",
                "Kanana")

    def test_format_and_coverage(self):
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data",
                            "registry", "base-models.tsv")
        rows = []
        with open(path) as f:
            for n, line in enumerate(f, 1):
                if not line.strip() or line.startswith("#"):
                    continue
                cols = line.rstrip("\n").split("\t")
                self.assertEqual(len(cols), 6, f"line {n}: {line!r}")
                repo, revision, family, publisher, licence, params = cols
                self.assertRegex(repo, r"^[A-Za-z0-9][\w.-]*/[\w.-]+$", f"line {n}")
                self.assertTrue(revision and family and publisher and licence, f"line {n}")
                self.assertGreater(float(params), 0, f"line {n}")
                rows.append(cols)
        self.assertGreaterEqual(len(rows), 150)
        repos = [r[0] for r in rows]
        self.assertEqual(len(repos), len(set(repos)), "a repository listed twice")
        families = {r[2] for r in rows}
        for family in self.FAMILIES:
            self.assertIn(family, families)


if __name__ == "__main__":
    lineage_binary()  # takes --lineage PATH out of argv
    unittest.main()
