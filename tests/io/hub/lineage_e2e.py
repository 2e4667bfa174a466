"""Shared pieces of the lineage-against-the-loopback-hub tests: running the binary in a clean
environment, the failure checks, and the normaliser that makes a hub run's JSON comparable with the
same run on examples/models/*.

The normaliser (normalise_report / normalise_inspect) and what it drops, on purpose:
  - in every model object (`candidate`, `bases[i]`, and inspect's top level): the source fields
    SOURCE_KEYS — where the bytes came from (path, as_given, revision, url, cache paths) and how
    many were fetched (bytes_read, bytes_total, requests). They differ by construction between a
    folder and a repository; everything else (format, files, numbers, verdicts, texts) must not.
  - in every file entry (`files[]`): the keys of SOURCE_KEYS and FILE_SOURCE_KEYS (sha256_source:
    "verified on bytes read" versus "the hub's claim"); `path` is kept but reduced to its base name
    (a folder's file and the repository's file of the same name are the same file).
  - inspect's `files` (a list of paths) and `tokenizer.path`: reduced to base names.
  - labels and references: every string has the hub-side names of a model (its label, the
    reference as given, org/name, hf://org/name) replaced by the local label of the same model, so
    that "Most likely parent: examples/base@main" compares equal to "Most likely parent: base".
Nothing else is touched: a number, a verdict or a text that differs is a failure.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hub_harness  # noqa: E402

MODELS = os.path.join(hub_harness.EXAMPLES_DIR, "models")
SOURCE_KEYS = {"path", "as_given", "revision", "bytes_read", "bytes_read_controls", "bytes_total",
               "requests", "url", "endpoint", "cache_path", "snapshot", "source"}
FILE_SOURCE_KEYS = {"sha256_source", "sha256_verified", "etag"}
# What a clean failure must never print: an interpreter traceback, a C++ abort, a sanitizer report.
CRASH_MARKERS = ("Traceback (most recent call last)", "terminate called", "Aborted", "core dumped",
                 "AddressSanitizer", "UndefinedBehaviorSanitizer", "Segmentation fault", "std::")
EXIT_BAD_INPUT, EXIT_NETWORK = 1, 4
ENV_DROPPED = ("HF_", "HUGGING_FACE_", "CURL_CA_BUNDLE", "SSL_CERT_", "REQUESTS_CA_BUNDLE", "HTTP_PROXY",
               "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


def lineage_binary():
    """The lineage binary: argv --lineage PATH (as ctest passes it), else $LINEAGE_BINARY."""
    if "--lineage" in sys.argv:
        i = sys.argv.index("--lineage")
        path = sys.argv[i + 1]
        del sys.argv[i:i + 2]
        os.environ["LINEAGE_BINARY"] = path
    path = os.environ.get("LINEAGE_BINARY", "")
    if not path or not os.access(path, os.X_OK):
        raise SystemExit("pass --lineage PATH (or set LINEAGE_BINARY) to the lineage binary")
    return path


class Run:
    def __init__(self, args, proc, elapsed):
        self.args, self.rc, self.stdout, self.stderr, self.elapsed = args, proc.returncode, proc.stdout, proc.stderr, elapsed

    def json(self):
        return json.loads(self.stdout)

    def __str__(self):
        return "lineage %s -> exit %s in %.1fs\n--- stdout (head)\n%s\n--- stderr\n%s" % (
            " ".join(self.args), self.rc, self.elapsed, self.stdout[:2000], self.stderr[-4000:])


def local(name):
    return os.path.join(MODELS, name)


def _rename(value, rename):
    if isinstance(value, str):
        for old in sorted(rename, key=len, reverse=True):
            value = re.sub(r"(?<![\w./@:-])%s(?![\w/@-]|\.\w)" % re.escape(old), rename[old], value)
        return value
    if isinstance(value, list):
        return [_rename(v, rename) for v in value]
    if isinstance(value, dict):
        return {k: _rename(v, rename) for k, v in value.items()}
    return value


# The clause that PowerText (src/report/describe.cc, label.power_cached) appends when the power
# came from the power cache.
POWER_CACHED_CLAUSE = "; read from the power cache"


def _drop_power_cached(value):
    if isinstance(value, str):
        return value.replace(POWER_CACHED_CLAUSE, "")
    if isinstance(value, list):
        return [_drop_power_cached(v) for v in value]
    if isinstance(value, dict):
        return {k: _drop_power_cached(v) for k, v in value.items()}
    return value


def _drop_commits(value):
    if isinstance(value, str):
        return re.sub(r"@[0-9a-f]{40}(?![0-9a-f])", "", value)
    if isinstance(value, list):
        return [_drop_commits(v) for v in value]
    if isinstance(value, dict):
        return {k: _drop_commits(v) for k, v in value.items()}
    return value


def _strip_model(m):
    out = {k: v for k, v in m.items() if k not in SOURCE_KEYS}
    if isinstance(out.get("files"), list):
        files = []
        for f in out["files"]:
            if isinstance(f, dict):
                g = {k: v for k, v in f.items() if k not in SOURCE_KEYS | FILE_SOURCE_KEYS}
                if "path" in f:
                    g["path"] = os.path.basename(f["path"])
                files.append(g)
            else:
                files.append(os.path.basename(f))
        out["files"] = files
    return out


def model_names(m, ref=None):
    """The names a hub-side model object may go by: its label, path, as_given and the reference."""
    names = {m.get(k) for k in ("label", "path", "as_given") if isinstance(m.get(k), str)}
    if ref:
        repo = ref.split("@", 1)[0].replace("hf://", "")
        names |= {ref, repo, "hf://" + ref, "hf://" + repo}
    return {n for n in names if n}


def normalise_report(doc, refs=None, local_labels=None):
    """A compare report with its source fields dropped; with `refs` (the references given, in
    candidate, bases order) and `local_labels` (the local run's labels, same order), the hub-side
    names renamed to the local labels first."""
    doc = json.loads(json.dumps(doc))
    # Texts name a hub model with its resolved commit ("base@<40 hex>"): a source field too.
    doc = _drop_commits(doc)
    models = [doc["candidate"]] + list(doc["bases"])
    if refs is not None:
        rename = {}
        for m, ref, lab in zip(models, refs, local_labels):
            for n in model_names(m, ref):
                rename[n] = lab
        doc = _rename(doc, {k: v for k, v in rename.items() if k != v})
    doc["candidate"] = _strip_model(doc["candidate"])
    doc["bases"] = [_strip_model(b) for b in doc["bases"]]
    # Whether the power was measured by this run or read from the power cache depends on which
    # run of the shared test cache came first: where the numbers came from, not what they are.
    for r in doc.get("results", []):
        if isinstance(r.get("power"), dict):
            r["power"].pop("from_cache", None)
    return _drop_power_cached(doc)


def normalise_inspect(doc):
    doc = _strip_model(doc)
    if isinstance(doc.get("tokenizer"), dict) and isinstance(doc["tokenizer"].get("path"), str):
        doc["tokenizer"]["path"] = os.path.basename(doc["tokenizer"]["path"])
    return doc


def labels(doc):
    return [doc["candidate"]["label"]] + [b["label"] for b in doc["bases"]]


def verdicts(doc):
    return {"parent": doc.get("parent"), "results": [(r["verdict"], r["reason"], r.get("derivation")) for r in doc["results"]]}


def ports_closed(harness):
    """True when none of the harness's nginx ports accepts a connection."""
    for p in harness.ports.values():
        try:
            socket.create_connection(("127.0.0.1", p), timeout=1).close()
            return False
        except OSError:
            pass
    return True


def canonical(doc):
    return json.dumps(doc, sort_keys=True, indent=1, ensure_ascii=False)


class HubCase(unittest.TestCase):
    """A harness per test class; a fresh HF_HOME (and working directory) per test; every run's
    output checked for the harness's token."""

    LINEAGE = None
    secrets_never_printed = ()

    @classmethod
    def setUpClass(cls):
        cls.LINEAGE = lineage_binary()
        cls.hub = hub_harness.HubHarness().start()
        cls.secrets_never_printed = (cls.hub.token, "hf_wrong_token_0123456789abcdef")

    @classmethod
    def tearDownClass(cls):
        cls.hub.stop()

    def setUp(self):
        self.fresh_home()
        self.hub.faults.reset()

    def fresh_home(self):
        """A new working directory and an empty HF_HOME inside it, for the runs that follow."""
        self.work = tempfile.mkdtemp(prefix="lineage-e2e-")
        self.addCleanup(shutil.rmtree, self.work, True)
        self.hf_home = os.path.join(self.work, "hf_home")
        os.makedirs(self.hf_home)

    def env(self, https=False, endpoint=None, token=None, **extra):
        env = {k: v for k, v in os.environ.items()
               if not k.upper().startswith(ENV_DROPPED)}
        env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost,::1"
        env["HF_HOME"] = self.hf_home
        env["HF_ENDPOINT"] = endpoint or self.hub.endpoint(https)
        if token:
            env["HF_TOKEN"] = token
        env.update(extra)
        return env

    def lineage(self, *args, env=None, timeout=300, cwd=None):
        args = [str(a) for a in args]
        t0 = time.monotonic()
        proc = subprocess.run([self.LINEAGE] + args, cwd=cwd or self.work, env=env or self.env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace",
                              timeout=timeout)
        run = Run(args, proc, time.monotonic() - t0)
        for s in self.secrets_never_printed:  # the message redacts it: test output is a log too
            self.assertFalse(s in run.stdout + run.stderr, "a token was printed:\n%s" % str(run).replace(s, "<TOKEN>"))
        return run

    def assert_ok(self, run):
        self.assertEqual(run.rc, 0, str(run))

    def assert_clean_failure(self, run, codes, names, also=None):
        """Non-zero with an allowed code, no crash output, no report on stdout, and a message that
        names every string of `names` and, elsewhere, matches the regex `also` (case-insensitive)."""
        self.assertIn(run.rc, codes, str(run))
        for m in CRASH_MARKERS:
            self.assertNotIn(m, run.stderr, str(run))
        self.assertNotIn('"verdict"', run.stdout, "a failed run printed a report:\n%s" % run)
        rest = run.stderr
        for n in names:
            self.assertIn(n, run.stderr, str(run))
            rest = rest.replace(n, " ")
        if also:  # matched outside the names, so that "no-weights" does not answer r"weight"
            self.assertRegex(rest, re.compile(also, re.I), str(run))
