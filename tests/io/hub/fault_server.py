"""The fault-injection server: the hub answers that nginx cannot stage, and a server that stalls.

It speaks the hub protocol for repositories `faults/<name>` (each a copy of examples/base with its
own commit), behind nginx (the hub block proxies /api/models/faults/ and /faults/, the CDN block
/faults-cdn/) or on its own. Every request is logged (method, path, Range, whether an
Authorization header came, the status answered) so tests can assert that retries happened.

Faults, by repository (see README.md):
  faults/flaky-base      the weight file's CDN URL answers 500 with Retry-After: 1, then 500
                         without it, then serves normally (per harness, until reset())
  faults/truncated-base  the weight file's CDN answers announce Content-Length N and send N/2 bytes,
                         then close the connection (every time)
  faults/badrange-base   the weight file's CDN answers 206 with a Content-Range shifted by 16 bytes
                         from the one asked for, and the bytes of that shifted range (every time)
  faults/moving-base     the revision API says commit A; every resolve answer says X-Repo-Commit B
  faults/moving-main     `main` moves during the run: the first revision request says commit A, later
                         ones say B; resolve/<A>/… answers as A, resolve/main/… and resolve/<B>/… as B.
                         A client that resolves once and fetches by commit never notices
  faults/stall-base      the weight file's CDN URL accepts the request and never answers
  faults/etag-base       the revision API lists the weight file without its size or LFS entry, so
                         the client asks for its size first; every resolve of it after the first
                         answers another X-Linked-Etag (the file changed under the commit)
StallServer: a TCP port that accepts connections and never sends a byte (an endpoint that stalls).
Python 3 standard library only.
"""

import copy
import hashlib
import http.server
import json
import re
import socket
import threading
import time

import hub_tree

FAULTS = {
    "flaky-base": "weight file: 500 (Retry-After: 1), 500, then normal",
    "truncated-base": "weight file: Content-Length N, N/2 bytes sent, connection closed",
    "badrange-base": "weight file: 206 with a Content-Range 16 bytes off the requested one",
    "moving-base": "revision API says commit A, resolve answers X-Repo-Commit B",
    "moving-main": "main moves after the first revision request (A, then B); resolve by A stays A",
    "stall-base": "weight file: the CDN accepts and never answers",
    "ratelimit-base": "weight file: 429 Too Many Requests (Retry-After: 1) once, then normal",
    "etag-base": "weight file: unlisted size; its X-Linked-Etag changes after the first resolve",
}
ETAG_FILE = "model.safetensors"
BADRANGE_SHIFT = 16
STALL_MAX_S = 600


def fault_repos(base):
    """faults/<name> for each fault: base's files under a new repository id and commit."""
    repos = {}
    for name in FAULTS:
        r = copy.deepcopy(base)
        r.repo_id = "faults/" + name
        r.local_dir = base.local_dir
        r.cdn_prefix = "/faults-cdn/" + name
        r.commit = hub_tree.deterministic_commit(r.repo_id, r.files)
        repos[name] = r
    return repos


def moved_commit(repo):
    return hub_tree.deterministic_commit(repo.repo_id, repo.files, salt="moved")


def parse_range(header, size):
    """(start, end inclusive) for a single `bytes=` range, None for no header, "bad" otherwise."""
    if header is None:
        return None
    m = re.fullmatch(r"bytes=(\d*)-(\d*)", header.strip())
    if not m or (m.group(1) == "" and m.group(2) == ""):
        return "bad"
    if m.group(1) == "":
        n = int(m.group(2))
        return (max(0, size - n), size - 1) if n > 0 and size > 0 else "bad"
    start = int(m.group(1))
    end = int(m.group(2)) if m.group(2) else size - 1
    if start >= size or end < start:
        return "bad"
    return start, min(end, size - 1)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "lineage-fault-server"
    sys_version = ""

    def log_message(self, fmt, *args):  # the request log below replaces stderr noise
        pass

    def do_GET(self):
        self._dispatch(head=False)

    def do_HEAD(self):
        self._dispatch(head=True)

    def send_response(self, code, message=None):
        self._entry["status"] = code
        super().send_response(code, message)

    def _dispatch(self, head):
        path = self.path.split("?", 1)[0]
        self._entry = self.server.owner.record(self.command, path, self.headers)
        self.head = head
        m = re.fullmatch(r"/api/models/faults/([^/]+)(?:/revision/([^/]+))?", path)
        if m:
            return self._api(m.group(1), m.group(2) or hub_tree.BRANCH)
        m = re.fullmatch(r"/faults/([^/]+)/resolve/([^/]+)/(.+)", path)
        if m:
            return self._resolve(*m.groups())
        m = re.fullmatch(r"/faults-cdn/([^/]+)/([0-9a-f]{64})", path)
        if m:
            return self._cdn(*m.groups())
        self._error(404, "RepoNotFound", "Repository not found")

    def _repo(self, name):
        repo = self.server.owner.repos.get(name)
        if repo is None:
            self._error(404, "RepoNotFound", "Repository not found")
        return repo

    def _error(self, status, code, message, extra=()):
        body = json.dumps({"error": message}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Error-Code", code)
        self.send_header("X-Error-Message", message)
        for k, v in extra:
            self.send_header(k, v)
        self._body(body)

    def _body(self, body, length=None):
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        if not self.head:
            self.wfile.write(body)

    def _revisions(self, name, repo):
        return repo.revisions() + ([moved_commit(repo)] if name == "moving-main" else [])

    def _api(self, name, rev):
        repo = self._repo(name)
        if repo is None:
            return
        if rev not in self._revisions(name, repo):
            return self._error(404, "RevisionNotFound", "Invalid rev id: " + rev)
        info = hub_tree.revision_json(repo, rev)
        if name == "etag-base":
            for sib in info["siblings"]:
                if sib["rfilename"] == ETAG_FILE:
                    sib.pop("size", None)
                    sib.pop("lfs", None)
        if name == "moving-main":
            earlier = len(self.server.owner.requests("/api/models/faults/moving-main")) - 1
            if rev == moved_commit(repo) or (rev != repo.commit and earlier > 0):
                info["sha"] = moved_commit(repo)
        body = json.dumps(info).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self._body(body)

    def _resolve(self, name, rev, filename):
        repo = self._repo(name)
        if repo is None:
            return
        if rev not in self._revisions(name, repo):
            return self._error(404, "RevisionNotFound", "Invalid rev id: " + rev)
        f = repo.files.get(filename)
        if f is None:
            return self._error(404, "EntryNotFound", "Entry not found")
        commit = repo.commit
        if name == "moving-base" or (name == "moving-main" and rev != repo.commit):
            commit = moved_commit(repo)
        if not f.lfs:
            with open(f.source, "rb") as src:
                data = src.read()
            self.send_response(200)
            self.send_header("X-Repo-Commit", commit)
            self.send_header("ETag", '"%s"' % f.git_sha1)
            self.send_header("Content-Type", "application/octet-stream")
            return self._body(data)
        cdn = self.headers.get("X-Harness-Cdn") or "http://" + (self.headers.get("Host") or "127.0.0.1")
        self.send_response(302)
        self.send_header("Location", "%s%s/%s" % (cdn, repo.cdn_prefix, f.sha256))
        self.send_header("X-Repo-Commit", commit)
        etag = f.sha256
        if name == "etag-base" and filename == ETAG_FILE:
            earlier = self.server.owner.count(self._entry["path"]) - 1  # resolves before this one
            if earlier > 0:
                etag = hashlib.sha256(b"changed:" + f.sha256.encode()).hexdigest()
        self.send_header("X-Linked-Etag", '"%s"' % etag)
        self.send_header("X-Linked-Size", str(f.size))
        self.send_header("ETag", '"%s"' % f.git_sha1)
        self._body(b"")

    def _cdn(self, name, sha256):
        repo = self._repo(name)
        if repo is None:
            return
        f = next((x for x in repo.files.values() if x.sha256 == sha256 and x.lfs), None)
        if f is None:
            return self._error(404, "EntryNotFound", "Entry not found")
        if name == "stall-base":
            self.close_connection = True
            self.server.owner.stopping.wait(STALL_MAX_S)
            return
        if name == "flaky-base":
            n = self.server.owner.count(self._entry["path"]) - 1  # requests before this one
            if n < 2:
                extra = [("Retry-After", "1")] if n == 0 else []
                return self._error(500, "InternalError", "injected failure %d of 2" % (n + 1), extra)
        if name == "ratelimit-base" and self.server.owner.count(self._entry["path"]) == 1:
            return self._error(429, "TooManyRequests", "injected rate limit", [("Retry-After", "1")])
        self._serve_file(name, f)

    def _serve_file(self, name, f):
        rng = parse_range(self.headers.get("Range"), f.size)
        if rng == "bad":
            self.send_response(416)
            self.send_header("Content-Range", "bytes */%d" % f.size)
            return self._body(b"")
        start, end = (0, f.size - 1) if rng is None else rng
        if name == "badrange-base" and rng is not None:
            shift = BADRANGE_SHIFT if end + BADRANGE_SHIFT < f.size else -BADRANGE_SHIFT
            start, end = max(0, start + shift), end + shift
        with open(f.source, "rb") as src:
            src.seek(start)
            data = src.read(end - start + 1)
        self.send_response(200 if rng is None else 206)
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Type", "application/octet-stream")
        if rng is not None:
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, end, f.size))
        if name != "truncated-base":
            return self._body(data)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if not self.head:
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
        self.close_connection = True


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True  # a stalled handler must not hold shutdown; `stopping` releases it
    allow_reuse_address = True


class FaultServer:
    """Serves faults/<name> on 127.0.0.1:<port> (0 = a free one) from a thread of this process."""

    def __init__(self, base_repo, port=0):
        self.repos = fault_repos(base_repo)
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._log = []
        self._httpd = _Server(("127.0.0.1", port), _Handler)
        self._httpd.owner = self
        self.port = self._httpd.server_address[1]
        self.url = "http://127.0.0.1:%d" % self.port
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="fault-server", daemon=True)
        self._thread.start()

    def record(self, method, path, headers):
        entry = {
            "method": method,
            "path": path,
            "range": headers.get("Range"),
            "authorization": headers.get("Authorization") is not None,
            "status": None,
            "time": time.monotonic(),
        }
        with self._lock:
            self._log.append(entry)
        return entry

    def requests(self, path_prefix=""):
        """A copy of the log of requests whose path starts with `path_prefix`, oldest first."""
        with self._lock:
            return [dict(e) for e in self._log if e["path"].startswith(path_prefix)]

    def count(self, path):
        with self._lock:
            return sum(1 for e in self._log if e["path"] == path)

    def reset(self):
        """Forgets the log, so the flaky file fails twice again."""
        with self._lock:
            self._log.clear()

    def stop(self):
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=10)


class StallServer:
    """A TCP port on 127.0.0.1 that accepts every connection and never sends a byte."""

    def __init__(self):
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.port = self._sock.getsockname()[1]
        self.url = "http://127.0.0.1:%d" % self.port
        self.accepted = 0
        self._conns = []
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="stall-server", daemon=True)
        self._thread.start()

    def _accept(self):
        self._sock.settimeout(0.2)
        while not self._stopping.is_set():
            try:
                conn, _ = self._sock.accept()
            except (socket.timeout, OSError):
                continue
            self.accepted += 1
            self._conns.append(conn)

    def stop(self):
        self._stopping.set()
        self._thread.join(timeout=10)
        for c in self._conns:
            c.close()
        self._sock.close()
