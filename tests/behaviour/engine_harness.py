#!/usr/bin/env python3
"""Starts and always stops the behaviour tests' real engine: server/server.mjs (node-llama-cpp).

EngineHarness(models) writes GGUF files of the named models into a temporary directory (with
make_gguf.py: HF directories of examples/ or seeded random inits), starts one server process
holding all of them on a free loopback port, and gives each model its own base URL
(http://127.0.0.1:PORT/<id>, or /<id>+<fault> for the bad servers; server.mjs's header lists
them). Leaving the `with` block, an exception included, stops the server (SIGTERM, then SIGKILL)
and deletes the directory.

    python3 tests/behaviour/engine_harness.py serve   # by hand: prints the URLs, runs until Ctrl-C

Python 3 standard library (make_gguf.py needs numpy: /usr/bin/python3 has it).
"""

import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TEMPLATE = ROOT / "examples/models/base-gguf-f32/base-gguf-f32.gguf"
SERVER_DIR = HERE / "server"

# id -> ("hf", directory) or ("random", seed)
DEFAULT_MODELS = {
    "base": ("hf", ROOT / "examples/models/base"),
    "ft-sft": ("hf", ROOT / "examples/models/ft-sft"),
    "indep-s1": ("hf", ROOT / "examples/models/indep-s1"),
    "distill-1": ("hf", ROOT / "examples/family/distill-1"),
    "seed-1": ("hf", ROOT / "examples/family/seed-1"),
    "seed-2": ("hf", ROOT / "examples/family/seed-2"),
    "rand-1": ("random", 1),
    "rand-2": ("random", 2),
}


class EngineUnavailable(RuntimeError):
    pass


def engine_installed():
    return (SERVER_DIR / "node_modules/node-llama-cpp/package.json").is_file() and shutil.which("node")


class EngineHarness:
    def __init__(self, models=None, start_timeout=60.0):
        self.models = dict(models or DEFAULT_MODELS)
        self.start_timeout = start_timeout
        self.proc = None
        self.tmp = None
        self.port = None

    def url(self, model_id, fault=None):
        return f"http://127.0.0.1:{self.port}/{model_id}" + (f"+{fault}" if fault else "")

    def __enter__(self):
        if not engine_installed():
            raise EngineUnavailable("node-llama-cpp is not installed in tests/behaviour/server "
                                    "(run scripts/install-deps.sh)")
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="lineage-engine-"))
        try:
            self._start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _start(self):
        args = []
        for model_id, (kind, source) in self.models.items():
            out = self.tmp / f"{model_id}.gguf"
            cmd = [sys.executable, str(HERE / "make_gguf.py"), "--template", str(TEMPLATE),
                   "--out", str(out), "--name", model_id]
            cmd += ["--hf", str(source)] if kind == "hf" else ["--random-seed", str(source)]
            subprocess.run(cmd, check=True)
            args += ["--model", f"{model_id}={out}"]
        self.log = open(self.tmp / "server.log", "w+")
        self.proc = subprocess.Popen(["node", str(SERVER_DIR / "server.mjs"), "--port", "0"] + args,
                                     stdout=subprocess.PIPE, stderr=self.log, text=True,
                                     cwd=SERVER_DIR, start_new_session=True)
        deadline = time.monotonic() + self.start_timeout
        line = ""
        while time.monotonic() < deadline and not line:
            line = self.proc.stdout.readline()
            if not line and self.proc.poll() is not None:
                break
        if not line:
            self.log.seek(0)
            raise EngineUnavailable(f"the engine server did not start: {self.log.read()[-2000:]}")
        self.port = json.loads(line)["port"]

    def __exit__(self, *exc):
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if self.proc is not None and self.proc.stdout:
            self.proc.stdout.close()
        if getattr(self, "log", None):
            self.log.close()
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
        return False


class Checks:
    """The engine tests' "ok/FAIL" lines: check(cond, what) prints one and keeps the failures."""

    def __init__(self):
        self.failures = []

    def __call__(self, cond, what):
        print(("ok   " if cond else "FAIL ") + what, flush=True)
        if not cond:
            self.failures.append(what)


def lineage_env(extra=None):
    """The environment of a lineage run in the engine tests: no API key from the caller's
    environment, the shipped data of this tree (a binary run outside its build tree finds it), and
    `extra`. LINEAGE_POWER_CACHE passes through: ctest sets the run's test cache."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINEAGE_API_KEY_")}
    env.pop("OPENAI_API_KEY", None)
    env.update(LINEAGE_CATALOG=str(ROOT / "data/catalog"),
               LINEAGE_CALIBRATION=str(ROOT / "data/calibration"),
               LINEAGE_PROBES=str(ROOT / "data/probes"))
    env.update(extra or {})
    return env


def run_lineage(lineage, args, env_extra=None, timeout=300):
    """Runs `lineage ARGS` with lineage_env(env_extra); returns (CompletedProcess, seconds)."""
    t0 = time.monotonic()
    p = subprocess.run([lineage] + list(args), capture_output=True, text=True,
                       env=lineage_env(env_extra), timeout=timeout)
    return p, time.monotonic() - t0


def _raise_on(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


def stop_on_signals():
    """SIGTERM and SIGHUP unwind like Ctrl-C, so every `with EngineHarness()` block stops its
    server on the way out; a harness killed outright is covered by the server, which exits when its
    parent is gone (server.mjs)."""
    for s in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, _raise_on)


def e2e_main(body, check):
    """The engine tests' main: --lineage PATH, then body(lineage) (whose checks go to `check`, a
    Checks); prints the failure count and the time, and returns the exit code (1 on a failure)."""
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("--lineage", required=True)
    lineage = ap.parse_args().lineage
    stop_on_signals()
    t0 = time.monotonic()
    body(lineage)
    print(f"{len(check.failures)} failures in {time.monotonic() - t0:.1f} s")
    return 1 if check.failures else 0


def main():
    if sys.argv[1:] != ["serve"]:
        print(__doc__)
        return 2
    stop_on_signals()
    with EngineHarness() as h:
        print(json.dumps({m: h.url(m) for m in h.models}, indent=1), flush=True)
        try:
            signal.pause()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
