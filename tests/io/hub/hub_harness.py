#!/usr/bin/env python3
"""A hub on loopback for lineage's protocol tests: Debian's nginx (a "hub" and a "CDN" server block,
over http and https with a throwaway test CA) serving a hub-like tree built from examples/models,
plus the fault-injection server behind it and a port that stalls. See README.md beside this file.

By hand:   python3 tests/io/hub/hub_harness.py serve     (prints the endpoints, Ctrl-C stops)
From tests:
    with HubHarness() as hub:
        env = {"HF_ENDPOINT": hub.endpoint(https=False)}

Lifecycle: every process the harness starts is stopped by stop(), by the context manager (also on
an exception), at interpreter exit (atexit) and on SIGTERM/SIGHUP/SIGINT; nginx runs in its own
process group (killed as a group) and gets SIGTERM if the harness process dies (setpriv
--pdeathsig; so start the harness from the main thread, whose exit is the trigger). Started as root,
nginx runs as `nobody` (setpriv) and the temporary directory is handed to that user.
Python 3 standard library only; needs the `nginx`, `openssl` and `setpriv` (util-linux) commands.
"""

import argparse
import atexit
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fault_server  # noqa: E402
import hub_tree  # noqa: E402
import tls_ca  # noqa: E402

SOURCE_DIR = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
EXAMPLES_DIR = os.path.join(SOURCE_DIR, "examples")
# The CDN is another host name than the hub's 127.0.0.1, as cdn-lfs.hf.co is to huggingface.co, so
# that a client forwarding the token on a redirect is caught; 127.0.0.1 (another port) only where
# "localhost" does not name the loopback.
CDN_HOST = "localhost"
START_ATTEMPTS = 5
STOP_WAIT_S = 5

# The harnesses alive in this process, so that atexit and signal handlers can stop them.
_LIVE = []
_LIVE_LOCK = threading.Lock()
_HANDLERS_INSTALLED = False


def _stop_all():
    with _LIVE_LOCK:
        live = list(_LIVE)
    for h in live:
        h.stop()


def _on_signal(signum, frame):
    _stop_all()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _install_cleanup_handlers():
    global _HANDLERS_INSTALLED
    if _HANDLERS_INSTALLED:
        return
    _HANDLERS_INSTALLED = True
    atexit.register(_stop_all)
    if threading.current_thread() is threading.main_thread():
        for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            if signal.getsignal(s) in (signal.SIG_DFL, signal.default_int_handler):
                signal.signal(s, _on_signal)


def _ipv6_loopback():
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def _cdn_host():
    try:
        addrs = {a[4][0] for a in socket.getaddrinfo(CDN_HOST, None, proto=socket.IPPROTO_TCP)}
    except OSError:
        addrs = set()
    return CDN_HOST if addrs and addrs <= {"127.0.0.1", "::1"} else "127.0.0.1"


def _free_port(ipv6):
    """A port free on 127.0.0.1 (and ::1 when `ipv6`) now; nginx may still lose a race for it,
    which start() answers by trying again with new ports."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
            if not ipv6:
                return port
            try:
                with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s6:
                    s6.bind(("::1", port))
                return port
            except OSError:
                continue


def _quote(s):
    if re.search(r"['\\$]", s):
        raise ValueError("unexpected character in nginx string: %r" % s)
    return "'" + s + "'"


def _error(status, code, message):
    return ("add_header X-Error-Code %s always; add_header X-Error-Message %s always; return %d %s;"
            % (code, _quote(message), status, _quote(json.dumps({"error": message}))))


def _gate(repo):
    if not repo.gated:
        return ""
    msg = "Access to model %s is restricted. You must be authenticated to access it." % repo.repo_id
    return "if ($gate_ok = 0) { %s }" % _error(401, "GatedRepo", msg)


def _resolve_locations(repo, tree_root):
    gate = _gate(repo)
    rid = repo.repo_id
    revs = "|".join(re.escape(r) for r in repo.revisions())
    out = [
        "location /%s/resolve/ { %s %s }" % (rid, gate, _error(404, "RevisionNotFound", "Invalid rev id")),
        "location ~ ^/%s/resolve/(?:%s)/ { %s %s }"
        % (re.escape(rid), revs, gate, _error(404, "EntryNotFound", "Entry not found")),
    ]
    for rev in repo.revisions():
        for f in repo.files.values():
            loc = "location = /%s/resolve/%s/%s" % (rid, rev, f.name)
            common = "add_header X-Repo-Commit %s always;" % repo.commit
            if f.lfs:
                sig = secrets.token_hex(16)
                url = ("$cdn_base%s/%s?X-Amz-Expires=3600&X-Amz-Signature=%s"
                       "&response-content-disposition=attachment%%3B%%20filename%%3D%%22%s%%22"
                       % (repo.cdn_prefix, f.sha256, sig, f.name))
                out.append('%s { %s %s add_header X-Linked-Etag \'"%s"\' always; add_header X-Linked-Size %d always;'
                           ' add_header ETag \'"%s"\' always; return 302 "%s"; }'
                           % (loc, gate, common, f.sha256, f.size, f.git_sha1, url))
            else:
                out.append("%s { %s %s add_header ETag '\"%s\"' always; alias %s; }"
                           % (loc, gate, common, f.git_sha1, os.path.join(tree_root, "hub", "blobs", f.sha256)))
    return out


def _api_locations(repo, tree_root):
    gate = _gate(repo)
    rid = repo.repo_id
    main = os.path.join(tree_root, "hub", "api", "models", rid, "revision", hub_tree.BRANCH)
    return [
        "location /api/models/%s/ { %s try_files $uri @revision_not_found; }" % (rid, gate),
        "location = /api/models/%s { %s alias %s; }" % (rid, gate, main),
    ]


def nginx_conf(run, tree, ports, fault_port, certs, ipv6, cdn_host):
    """The whole nginx.conf: every path inside `run` (the harness's temporary directory)."""
    hub_locs, fault = [], "http://127.0.0.1:%d" % fault_port
    for repo in tree.repos.values():
        hub_locs += _api_locations(repo, tree.root) + _resolve_locations(repo, tree.root)
    proxy = ("proxy_pass %s; proxy_set_header X-Harness-Cdn $cdn_base; proxy_buffering off;"
             " proxy_read_timeout 600s;" % fault)
    cdn_listen = ["listen 127.0.0.1:%d;" % ports["cdn_http"], "listen 127.0.0.1:%d ssl http2;" % ports["cdn_https"]]
    if ipv6:
        cdn_listen += ["listen [::1]:%d;" % ports["cdn_http"], "listen [::1]:%d ssl http2;" % ports["cdn_https"]]
    temp = "\n".join("  %s_temp_path %s;" % (k, os.path.join(run, "tmp", k))
                     for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return """daemon off;
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/error.log notice;
events {{ worker_connections 512; }}
http {{
{temp}
  types {{ application/json json; }}
  default_type application/octet-stream;
  server_tokens off;
  map_hash_bucket_size 128;
  sendfile on;
  keepalive_timeout 30s;
  ssl_certificate {cert};
  ssl_certificate_key {key};
  ssl_protocols TLSv1.2 TLSv1.3;
  # The hub log says only whether a token came; the CDN log records the header itself, so that a
  # test can prove the token never reached the CDN.
  log_format hub '$msec "$request" $status $body_bytes_sent range="$http_range" auth=$auth_state';
  log_format cdn '$msec "$request" $status $body_bytes_sent range="$http_range" authorization="$http_authorization"';
  map $http_authorization $auth_state {{ "" absent; default present; }}
  map $http_authorization $gate_ok {{ "Bearer {token}" 1; default 0; }}
  map $scheme $cdn_base {{ http "http://{cdn_host}:{cdn_http}"; https "https://{cdn_host}:{cdn_https}"; }}

  server {{  # the hub: API JSON, resolve answers (302 to the CDN for LFS files)
    listen 127.0.0.1:{hub_http};
    listen 127.0.0.1:{hub_https} ssl http2;
    server_name hub;
    access_log {run}/hub_access.log hub;
    root {tree_root}/hub;
    default_type application/json;
    etag off;
    location / {{ {repo_nf} }}
    location /api/models/ {{ {repo_nf} }}
    location @revision_not_found {{ {rev_nf} }}
    location /api/models/faults/ {{ {proxy} }}
    location /faults/ {{ {proxy} }}
    {hub_locs}
  }}

  server {{  # the CDN: LFS blobs by sha256, with Range support
    {cdn_listen}
    server_name {cdn_host};
    access_log {run}/cdn_access.log cdn;
    location /lfs/ {{ root {tree_root}/cdn; }}
    location /norange/lfs/ {{ alias {tree_root}/cdn/lfs/; max_ranges 0; }}
    location /faults-cdn/ {{ proxy_pass {fault}; proxy_buffering off; proxy_read_timeout 600s; }}
    location / {{ return 404; }}
  }}
}}
""".format(run=run, temp=temp, cert=certs["server"], key=certs["server_key"], token=tree.token,
           cdn_host=cdn_host, tree_root=tree.root, proxy=proxy, fault=fault,
           repo_nf=_error(404, "RepoNotFound", "Repository not found"),
           rev_nf=_error(404, "RevisionNotFound", "Invalid rev id"),
           hub_locs="\n    ".join(hub_locs), cdn_listen="\n    ".join(cdn_listen), **ports)


def _chown_tree(path, uid, gid):
    for dirpath, dirnames, filenames in os.walk(path):
        os.chown(dirpath, uid, gid)
        for n in filenames:
            os.chown(os.path.join(dirpath, n), uid, gid, follow_symlinks=False)


class HubHarness:
    """nginx (hub + CDN, http + https) + the fault server + a stalling port, in one temp dir."""

    def __init__(self, examples_dir=EXAMPLES_DIR, keep_dir=False):
        self.examples_dir = examples_dir
        self.keep_dir = keep_dir
        self.dir = None
        self.nginx = None  # subprocess.Popen of the nginx master
        self.faults = None
        self.stall = None
        self._stopped = True

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self):
        for tool in ("nginx", "openssl", "setpriv"):
            if shutil.which(tool) is None and not os.path.exists("/usr/sbin/" + tool):
                raise RuntimeError("%s not found: run scripts/install-deps.sh" % tool)
        _install_cleanup_handlers()
        with _LIVE_LOCK:
            _LIVE.append(self)
        self._stopped = False
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self):
        self.dir = tempfile.mkdtemp(prefix="lineage-hub-")
        self.token = "hf_lineagetest" + secrets.token_hex(16)  # throwaway; accepted by the gated repo
        self.tree = hub_tree.build_tree(os.path.join(self.dir, "tree"), self.examples_dir, self.token)
        self.certs = tls_ca.make_test_ca(os.path.join(self.dir, "tls"))
        self.ca_bundle = self.certs["ca"]
        self.faults = fault_server.FaultServer(self.tree.repo("examples/base"))
        self.stall = fault_server.StallServer()
        self.run_dir = os.path.join(self.dir, "nginx")
        for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            os.makedirs(os.path.join(self.run_dir, "tmp", k), exist_ok=True)
        self.hub_log = os.path.join(self.run_dir, "hub_access.log")
        self.cdn_log = os.path.join(self.run_dir, "cdn_access.log")
        self.error_log = os.path.join(self.run_dir, "error.log")
        prefix = ["setpriv", "--pdeathsig", "TERM"]
        if os.geteuid() == 0:  # never run the test server as root: nobody, owning the temp dir
            nobody = pwd.getpwnam("nobody")
            _chown_tree(self.dir, nobody.pw_uid, nobody.pw_gid)
            prefix += ["--reuid", str(nobody.pw_uid), "--regid", str(nobody.pw_gid), "--clear-groups"]
        ipv6 = _ipv6_loopback()
        self.cdn_host = _cdn_host()
        last = ""
        for _ in range(START_ATTEMPTS):
            self.ports = {k: _free_port(ipv6) for k in ("hub_http", "hub_https", "cdn_http", "cdn_https")}
            conf = os.path.join(self.run_dir, "nginx.conf")
            with open(conf, "w") as f:
                f.write(nginx_conf(self.run_dir, self.tree, self.ports, self.faults.port, self.certs, ipv6,
                                   self.cdn_host))
            if os.geteuid() == 0:
                os.chown(conf, pwd.getpwnam("nobody").pw_uid, pwd.getpwnam("nobody").pw_gid)
            cmd = prefix + ["--", _nginx(), "-p", self.run_dir, "-c", conf, "-e", self.error_log]
            self.nginx = subprocess.Popen(cmd, start_new_session=True, stdin=subprocess.DEVNULL,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if self._wait_ready():
                return
            last = self._nginx_failure()
            self._stop_nginx()
            if "in use" not in last:
                break
        raise RuntimeError("nginx did not start:\n" + last)

    def _wait_ready(self, timeout=10):
        deadline = time.monotonic() + timeout
        pending = set(self.ports.values())
        while pending and time.monotonic() < deadline:
            if self.nginx.poll() is not None:
                return False
            for p in list(pending):
                try:
                    socket.create_connection(("127.0.0.1", p), timeout=0.5).close()
                    pending.discard(p)
                except OSError:
                    pass
            if pending:
                time.sleep(0.05)
        return not pending

    def _nginx_failure(self):
        err = ""
        if self.nginx.poll() is not None and self.nginx.stderr:
            err = self.nginx.stderr.read().decode(errors="replace")
        try:
            with open(self.error_log) as f:
                err += f.read()
        except OSError:
            pass
        return err

    def _stop_nginx(self):
        p, self.nginx = self.nginx, None
        if p is None:
            return
        _signal_group(p.pid, signal.SIGTERM)
        try:
            p.wait(timeout=STOP_WAIT_S)
        except subprocess.TimeoutExpired:
            _signal_group(p.pid, signal.SIGKILL)
            p.wait()
        deadline = time.monotonic() + STOP_WAIT_S  # workers leave after the master
        while _group_alive(p.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _group_alive(p.pid):
            _signal_group(p.pid, signal.SIGKILL)
        if p.stderr:
            p.stderr.close()
        self.last_nginx_pid = p.pid

    def stop(self):
        """Stops nginx (its whole process group), the fault server and the stall port; removes the
        temporary directory unless keep_dir. Idempotent."""
        if self._stopped:
            return
        self._stopped = True
        try:
            self._stop_nginx()
        finally:
            for s in (self.faults, self.stall):
                if s is not None:
                    s.stop()
            with _LIVE_LOCK:
                if self in _LIVE:
                    _LIVE.remove(self)
            if self.dir and not self.keep_dir:
                shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    # -- what tests use --------------------------------------------------------------------------
    def endpoint(self, https=False):
        """HF_ENDPOINT for the hub block."""
        if https:
            return "https://127.0.0.1:%d" % self.ports["hub_https"]
        return "http://127.0.0.1:%d" % self.ports["hub_http"]

    def cdn(self, https=False):
        if https:
            return "https://%s:%d" % (self.cdn_host, self.ports["cdn_https"])
        return "http://%s:%d" % (self.cdn_host, self.ports["cdn_http"])

    def commit(self, repo_id):
        if repo_id.startswith("faults/"):
            return self.faults.repos[repo_id.split("/", 1)[1]].commit
        return self.tree.repo(repo_id).commit

    def read_log(self, which, timeout=20):
        """The text of the "hub" or "cdn" access log, complete up to now.

        nginx writes a line when a request ends, which can be a moment after the client already
        holds the whole answer. So first a barrier request goes to the same server: nginx runs one
        worker, which finishes (and logs) requests in order, so once the barrier's line is in the
        file every earlier request's line is too. Barrier lines are left out of the text."""
        self._barriers = getattr(self, "_barriers", 0) + 1
        tag = "/__log_barrier__/%d" % self._barriers
        base = self.endpoint(False) if which == "hub" else self.cdn(False)
        try:
            # No proxy from the environment: the barrier must reach this nginx.
            urllib.request.build_opener(urllib.request.ProxyHandler({})).open(base + tag, timeout=5).read()
        except urllib.error.HTTPError:
            pass  # a 404 is logged like any other answer
        path = self.hub_log if which == "hub" else self.cdn_log
        deadline = time.monotonic() + timeout
        while True:
            with open(path, errors="replace") as f:
                text = f.read()
            if tag + " " in text or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        if tag + " " not in text:
            raise RuntimeError("nginx did not log the barrier request %s within %ss" % (tag, timeout))
        return "".join(line for line in text.splitlines(True) if "/__log_barrier__/" not in line)

    def describe(self):
        d = {
            "hub_http": self.endpoint(False),
            "hub_https": self.endpoint(True),
            "cdn_http": self.cdn(False),
            "cdn_https": self.cdn(True),
            "ca_bundle": self.ca_bundle,
            "token": self.token,
            "fault_server": self.faults.url,
            "stall": self.stall.url,
            "dir": self.dir,
            "hub_access_log": self.hub_log,
            "cdn_access_log": self.cdn_log,
            "nginx_pid": self.nginx.pid if self.nginx else None,
            "repos": {r: self.commit(r) for r in sorted(self.tree.repos)},
            "faults": {"faults/" + k: v for k, v in fault_server.FAULTS.items()},
        }
        return d


def _nginx():
    return shutil.which("nginx") or "/usr/sbin/nginx"


def _signal_group(pgid, sig):
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve", help="start the servers, print the endpoints as JSON, wait for Ctrl-C/SIGTERM")
    s.add_argument("--examples", default=EXAMPLES_DIR, help="the examples/ folder (default: this checkout's)")
    s.add_argument("--keep", action="store_true", help="keep the temporary directory (logs) after stopping")
    args = ap.parse_args(argv)
    with HubHarness(args.examples, keep_dir=args.keep) as h:
        print(json.dumps(h.describe(), indent=1), flush=True)
        print("# e.g.: HF_ENDPOINT=%s lineage inspect examples/base@main" % h.endpoint(), file=sys.stderr, flush=True)
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, lambda *_: stop.set())
        while not stop.wait(1):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
