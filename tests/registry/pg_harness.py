#!/usr/bin/env python3
"""Runs a command against a throwaway PostgreSQL server: the registry's PostgreSQL tests.

    pg_harness.py [--gtest-json] -- COMMAND [ARGS...]

Starts a real PostgreSQL (Debian's postgresql-15: initdb, then the server, stopped with pg_ctl) in
a temporary directory on a free loopback port, its socket directory inside that directory, with
password (SCRAM) authentication for a throwaway superuser; runs COMMAND with $LINEAGE_TEST_PG set
to postgresql://lineage:PASSWORD@127.0.0.1:PORT (no database: the tests create their own); stops
the server and removes the directory, also when COMMAND fails, on Ctrl-C or SIGTERM. The server
runs under `setpriv --pdeathsig` as this script's child, so that even a SIGKILL of this script
(a ctest timeout) takes the server down with it.

initdb and postgres refuse to run as root: as root, the server runs as the unprivileged `nobody`
(the temporary directory is made theirs).

--gtest-json: COMMAND is a gtest binary; it gets --gtest_output=json:..., and the run fails unless
at least one test ran and none was skipped (a suite that skipped everything did not test
PostgreSQL).

Without PostgreSQL's binaries: exit 77 (ctest's skip code), or exit 1 when CI=true, so that CI can
never pass without having run these tests. Python 3 standard library only.
"""

import argparse
import glob
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

SKIP = 77


def find_bindir():
    env = os.environ.get("LINEAGE_PG_BINDIR")
    candidates = [env] if env else ["/usr/lib/postgresql/15/bin"] + sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for d in candidates:
        if d and all(os.access(os.path.join(d, b), os.X_OK) for b in ("initdb", "pg_ctl", "postgres")):
            return d
    return None


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One PostgreSQL cluster in `root`, run as `user` (None: as ourselves)."""

    def __init__(self, bindir, root, user):
        self.bindir, self.root, self.user = bindir, root, user
        self.data = os.path.join(root, "data")
        self.log = os.path.join(root, "server.log")
        self.password = secrets.token_hex(16)
        self.proc = None
        self.port = None

    def as_user(self, argv, pdeathsig=False):
        prefix = ["setpriv"]
        if self.user is not None:
            prefix += [f"--reuid={self.user.pw_uid}", f"--regid={self.user.pw_gid}",
                       "--clear-groups"]
        if pdeathsig:
            # SIGQUIT: the server's immediate shutdown (it stops its backends too).
            prefix += ["--pdeathsig=QUIT"]
        return prefix + ["--"] + argv if len(prefix) > 1 else argv

    def run(self, argv):
        r = subprocess.run(self.as_user(argv), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, env=dict(os.environ, LC_ALL="C"), cwd=self.root)
        if r.returncode != 0:
            raise RuntimeError(f"{argv[0]} failed ({r.returncode}):\n{r.stdout}")
        return r.stdout

    def initdb(self):
        pwfile = os.path.join(self.root, "pwfile")
        with open(pwfile, "w") as f:
            f.write(self.password + "\n")
        if self.user is not None:
            os.chown(pwfile, self.user.pw_uid, self.user.pw_gid)
        os.chmod(pwfile, 0o600)
        self.run([os.path.join(self.bindir, "initdb"), "-D", self.data, "-U", "lineage",
                  f"--pwfile={pwfile}", "--auth-host=scram-sha-256", "--auth-local=trust",
                  "-E", "UTF8", "--no-locale", "--no-sync"])
        os.remove(pwfile)

    def start(self, attempts=3):
        for _ in range(attempts):
            self.port = free_port()
            argv = [os.path.join(self.bindir, "postgres"), "-D", self.data, "-p", str(self.port),
                    "-k", self.root, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                    "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                    "-c", "max_connections=60"]
            with open(self.log, "a") as log:
                self.proc = subprocess.Popen(self.as_user(argv, pdeathsig=True), stdout=log,
                                             stderr=subprocess.STDOUT, cwd=self.root,
                                             env=dict(os.environ, LC_ALL="C"))
            if self.wait_ready(30):
                return
            self.kill()
        raise RuntimeError("PostgreSQL did not start:\n" + self.tail_log())

    def wait_ready(self, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            r = subprocess.run([os.path.join(self.bindir, "pg_isready"), "-q", "-h", "127.0.0.1",
                                "-p", str(self.port)], check=False)
            if r.returncode == 0:
                return True
            time.sleep(0.1)
        return False

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            self.run([os.path.join(self.bindir, "pg_ctl"), "stop", "-D", self.data, "-m", "fast",
                      "-w", "-t", "20"])
            self.proc.wait(timeout=20)
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            print(f"pg_harness: pg_ctl stop failed, killing the server: {e}", file=sys.stderr)
            self.kill()

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def tail_log(self):
        try:
            with open(self.log) as f:
                return "".join(f.readlines()[-20:])
        except OSError:
            return "(no server log)"

    def uri(self):
        return f"postgresql://lineage:{self.password}@127.0.0.1:{self.port}"


def check_gtest_json(path):
    """None when at least one test ran and none was skipped, else why not."""
    try:
        with open(path) as f:
            report = json.load(f)
    except (OSError, ValueError) as e:
        return f"no gtest report ({e})"
    ran = skipped = 0
    for suite in report.get("testsuites", []):
        for t in suite.get("testsuite", []):
            ran += 1
            skipped += t.get("result") == "SKIPPED" or t.get("status") == "NOTRUN"
    if ran == 0:
        return "no test ran"
    if skipped:
        return f"{skipped} of {ran} tests were skipped"
    return None


def raise_on_signal(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


def run(args):
    bindir = find_bindir()
    if bindir is None:
        msg = ("pg_harness: PostgreSQL's initdb/pg_ctl/postgres not found (apt-get install "
               "postgresql-15, or set LINEAGE_PG_BINDIR)")
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            print(msg + "; CI=true, so this is a failure, not a skip", file=sys.stderr)
            return 1
        print(msg + "; skipped", file=sys.stderr)
        return SKIP
    user = pwd.getpwnam("nobody") if os.geteuid() == 0 else None
    root = tempfile.mkdtemp(prefix="lineage-pg-")
    server = Server(bindir, root, user)
    child = None
    try:
        if user is not None:
            os.chown(root, user.pw_uid, user.pw_gid)
        server.initdb()
        server.start()
        print(f"pg_harness: PostgreSQL ({bindir}) on 127.0.0.1:{server.port}, data in {root}",
              file=sys.stderr)
        command = list(args.command)
        report = os.path.join(root, "gtest.json")
        if args.gtest_json:
            command.append(f"--gtest_output=json:{report}")
        child = subprocess.Popen(command, env=dict(os.environ, LINEAGE_TEST_PG=server.uri()))
        rc = child.wait()
        if rc == 0 and args.gtest_json:
            why = check_gtest_json(report)
            if why:
                print(f"pg_harness: {why}: PostgreSQL was not tested", file=sys.stderr)
                rc = 1
        if rc != 0:
            print("pg_harness: server log tail:\n" + server.tail_log(), file=sys.stderr)
        return rc
    finally:
        if child is not None and child.poll() is None:
            child.terminate()
            child.wait()
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gtest-json", action="store_true")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.command and args.command[0] == "--":
        args.command = args.command[1:]
    if not args.command:
        parser.error("no command")
    for s in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, raise_on_signal)
    try:
        return run(args)
    except KeyboardInterrupt as e:
        print(f"pg_harness: interrupted ({e}); server stopped", file=sys.stderr)
        return 130
    except RuntimeError as e:
        print(f"pg_harness: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
