#!/usr/bin/env python3
"""Self-test of the loopback hub harness (hub_harness.py), with the standard library's HTTP client
only: every answer the lineage protocol tests rely on is checked here against the example files,
and the servers are shown to stop, also when a test fails. Run by ctest as io.hub.harness_selftest.
"""

import hashlib
import http.client
import json
import os
import signal
import socket
import ssl
import struct
import subprocess
import sys
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hub_harness  # noqa: E402

BASE_DIR = os.path.join(hub_harness.EXAMPLES_DIR, "models", "base")


def local_bytes(name, folder=BASE_DIR):
    with open(os.path.join(folder, name), "rb") as f:
        return f.read()


def request(url, method="GET", headers=None, ca=None, timeout=10):
    """One request, no redirect following: (status, headers as a dict of lower-case names, body)."""
    u = urllib.parse.urlsplit(url)
    if u.scheme == "https":
        ctx = ssl.create_default_context(cafile=ca) if ca else ssl.create_default_context()
        conn = http.client.HTTPSConnection(u.hostname, u.port, context=ctx, timeout=timeout)
    else:
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    try:
        conn.request(method, u.path + ("?" + u.query if u.query else ""), headers=headers or {})
        r = conn.getresponse()
        body = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, body
    finally:
        conn.close()


def refused(port, host="127.0.0.1"):
    try:
        socket.create_connection((host, port), timeout=1).close()
        return False
    except OSError:
        return True


class HubAnswers(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.h = hub_harness.HubHarness().start()

    @classmethod
    def tearDownClass(cls):
        cls.h.stop()

    def setUp(self):
        self.h.faults.reset()

    def resolve(self, repo, rev, name, https=False, headers=None):
        return request("%s/%s/resolve/%s/%s" % (self.h.endpoint(https), repo, rev, name), "GET", headers,
                       ca=self.h.ca_bundle)

    def test_revision_api_lists_files_with_sizes_and_sha256(self):
        commit = self.h.commit("examples/base")
        self.assertRegex(commit, r"^[0-9a-f]{40}$")
        for rev in ("main", "v1.0", commit):
            status, hdr, body = request(self.h.endpoint() + "/api/models/examples/base/revision/%s?blobs=true" % rev)
            self.assertEqual(status, 200)
            self.assertEqual(hdr["content-type"], "application/json")
            info = json.loads(body)
            self.assertEqual(info["sha"], commit)
            sib = {s["rfilename"]: s for s in info["siblings"]}
            self.assertEqual(sorted(sib), sorted(os.listdir(BASE_DIR)))
            for name, s in sib.items():
                data = local_bytes(name)
                self.assertEqual(s["size"], len(data))
                if name.endswith(".safetensors"):
                    self.assertEqual(s["lfs"]["sha256"], hashlib.sha256(data).hexdigest())
                else:
                    self.assertNotIn("lfs", s)
        self.assertNotEqual(self.h.commit("examples/ft-sft"), commit)

    def test_lfs_resolve_redirects_to_cdn_with_linked_headers_and_cdn_serves_ranges(self):
        data = local_bytes("model.safetensors")
        for https in (False, True):
            status, hdr, _ = self.resolve("examples/base", "main", "model.safetensors", https)
            self.assertEqual(status, 302)
            self.assertEqual(hdr["x-repo-commit"], self.h.commit("examples/base"))
            self.assertEqual(hdr["x-linked-etag"], '"%s"' % hashlib.sha256(data).hexdigest())
            self.assertEqual(int(hdr["x-linked-size"]), len(data))
            loc = hdr["location"]
            self.assertTrue(loc.startswith(self.h.cdn(https) + "/lfs/"), loc)
            status, hdr, body = request(loc, headers={"Range": "bytes=100-199"}, ca=self.h.ca_bundle)
            self.assertEqual(status, 206)
            self.assertEqual(hdr["content-range"], "bytes 100-199/%d" % len(data))
            self.assertEqual(body, data[100:200])
            status, _, body = request(loc, headers={"Range": "bytes=-64"}, ca=self.h.ca_bundle)
            self.assertEqual((status, body), (206, data[-64:]))
            status, _, _ = request(loc, headers={"Range": "bytes=%d-" % len(data)}, ca=self.h.ca_bundle)
            self.assertEqual(status, 416)

    def test_small_files_come_from_the_hub_itself(self):
        for rev in ("main", self.h.commit("examples/base")):
            status, hdr, body = self.resolve("examples/base", rev, "config.json")
            self.assertEqual(status, 200)
            self.assertEqual(body, local_bytes("config.json"))
            self.assertEqual(hdr["x-repo-commit"], self.h.commit("examples/base"))

    def test_https_needs_the_test_ca(self):
        url = self.h.endpoint(True) + "/api/models/examples/base/revision/main"
        self.assertEqual(request(url, ca=self.h.ca_bundle)[0], 200)
        with self.assertRaises(ssl.SSLCertVerificationError):
            request(url)

    def test_unknown_repo_revision_and_file_are_404_with_the_hub_error_code(self):
        e = self.h.endpoint()
        cases = [("/api/models/examples/nope/revision/main", "RepoNotFound"),
                 ("/api/models/examples/base/revision/nope", "RevisionNotFound"),
                 ("/examples/base/resolve/nope/config.json", "RevisionNotFound"),
                 ("/examples/base/resolve/main/nope.safetensors", "EntryNotFound"),
                 ("/examples/nope/resolve/main/config.json", "RepoNotFound"),
                 ("/api/models/faults/nope/revision/main", "RepoNotFound")]
        for path, code in cases:
            status, hdr, _ = request(e + path)
            self.assertEqual((path, status, hdr.get("x-error-code")), (path, 404, code))

    def test_gated_repo_answers_401_unless_the_token_comes(self):
        api = "/api/models/examples/gated-base/revision/main"
        for path in (api, "/examples/gated-base/resolve/main/model.safetensors",
                     "/examples/gated-base/resolve/main/config.json"):
            status, hdr, _ = request(self.h.endpoint() + path)
            self.assertEqual((status, hdr.get("x-error-code")), (401, "GatedRepo"), path)
            status, _, _ = request(self.h.endpoint() + path, headers={"Authorization": "Bearer hf_wrong"})
            self.assertEqual(status, 401, path)
        good = {"Authorization": "Bearer " + self.h.token}
        self.assertEqual(request(self.h.endpoint() + api, headers=good)[0], 200)
        status, hdr, _ = request(self.h.endpoint() + "/examples/gated-base/resolve/main/model.safetensors", headers=good)
        self.assertEqual(status, 302)
        self.assertEqual(request(hdr["location"], headers={"Range": "bytes=0-7"})[0], 206)  # the CDN wants no token
        self.assertIn("examples/gated-base/revision/main HTTP/1.1\" 200", self.h.read_log("hub"))
        self.assertNotIn(self.h.token, self.h.read_log("hub"))

    def test_cdn_log_records_an_authorization_header_when_one_arrives(self):
        # The positive control of the protocol tests' "the token never reached the CDN".
        status, hdr, _ = self.resolve("examples/base", "main", "model.safetensors")
        request(hdr["location"], headers={"Range": "bytes=0-7", "Authorization": "Bearer hf_planted_canary"})
        self.assertIn('authorization="Bearer hf_planted_canary"', self.h.read_log("cdn"))

    def test_norange_location_ignores_range(self):
        status, hdr, _ = self.resolve("examples/norange-base", "main", "model.safetensors")
        self.assertIn("/norange/lfs/", hdr["location"])
        status, hdr, body = request(hdr["location"], headers={"Range": "bytes=0-7"})
        self.assertEqual(status, 200)
        self.assertNotIn("content-range", hdr)
        self.assertEqual(body, local_bytes("model.safetensors"))

    def test_flaky_shard_answers_500_twice_then_succeeds(self):
        status, hdr, _ = self.resolve("faults/flaky-base", "main", "model.safetensors")
        self.assertEqual(status, 302)
        loc = hdr["location"]
        self.assertTrue(loc.startswith(self.h.cdn() + "/faults-cdn/flaky-base/"), loc)
        answers = [request(loc, headers={"Range": "bytes=8-15"}) for _ in range(3)]
        self.assertEqual([a[0] for a in answers], [500, 500, 206])
        self.assertEqual(answers[0][1].get("retry-after"), "1")
        self.assertNotIn("retry-after", answers[1][1])
        self.assertEqual(answers[2][2], local_bytes("model.safetensors")[8:16])
        path = urllib.parse.urlsplit(loc).path
        self.assertEqual(self.h.faults.count(path), 3)
        self.assertEqual([r["status"] for r in self.h.faults.requests(path)], [500, 500, 206])

    def test_truncated_body_stops_short_of_its_content_length(self):
        _, hdr, _ = self.resolve("faults/truncated-base", "main", "model.safetensors")
        with self.assertRaises(http.client.IncompleteRead) as cm:
            request(hdr["location"], headers={"Range": "bytes=0-999"})
        self.assertEqual(len(cm.exception.partial), 500)
        self.assertEqual(cm.exception.partial, local_bytes("model.safetensors")[:500])

    def test_wrong_content_range_answers_other_bytes_than_asked(self):
        _, hdr, _ = self.resolve("faults/badrange-base", "main", "model.safetensors")
        data = local_bytes("model.safetensors")
        status, h2, body = request(hdr["location"], headers={"Range": "bytes=100-199"})
        self.assertEqual(status, 206)
        self.assertEqual(h2["content-range"], "bytes 116-215/%d" % len(data))
        self.assertEqual(body, data[116:216])

    def test_moving_commit_between_revision_api_and_resolve(self):
        _, _, body = request(self.h.endpoint() + "/api/models/faults/moving-base/revision/main")
        a = json.loads(body)["sha"]
        for name in ("config.json", "model.safetensors"):
            status, hdr, _ = self.resolve("faults/moving-base", a, name)
            self.assertIn(status, (200, 302))
            self.assertRegex(hdr["x-repo-commit"], r"^[0-9a-f]{40}$")
            self.assertNotEqual(hdr["x-repo-commit"], a)

    def test_main_moves_after_the_first_revision_request(self):
        api = self.h.endpoint() + "/api/models/faults/moving-main/revision/main"
        a = json.loads(request(api)[2])["sha"]
        b = json.loads(request(api)[2])["sha"]
        self.assertNotEqual(a, b)
        self.assertEqual(a, self.h.commit("faults/moving-main"))
        self.assertEqual(self.resolve("faults/moving-main", a, "config.json")[1]["x-repo-commit"], a)
        self.assertEqual(self.resolve("faults/moving-main", "main", "config.json")[1]["x-repo-commit"], b)
        self.assertEqual(self.resolve("faults/moving-main", b, "model.safetensors")[1]["x-repo-commit"], b)

    def test_sharded_repo_holds_base_tensors_byte_for_byte(self):
        _, _, body = request(self.h.endpoint() + "/api/models/examples/base-sharded/revision/main")
        names = sorted(s["rfilename"] for s in json.loads(body)["siblings"])
        shards = [n for n in names if n.startswith("model-")]
        self.assertEqual(shards, ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"])
        status, _, raw = self.resolve("examples/base-sharded", "main", "model.safetensors.index.json")
        weight_map = json.loads(raw)["weight_map"]
        base = local_bytes("model.safetensors")
        (n,) = struct.unpack("<Q", base[:8])
        base_header = json.loads(base[8:8 + n])
        base_header.pop("__metadata__", None)
        self.assertEqual(sorted(weight_map), sorted(base_header))
        seen = 0
        for shard in shards:
            _, hdr, _ = self.resolve("examples/base-sharded", "main", shard)
            _, _, data = request(hdr["location"])
            (m,) = struct.unpack("<Q", data[:8])
            header = json.loads(data[8:8 + m])
            header.pop("__metadata__", None)
            for k, t in header.items():
                self.assertEqual(weight_map[k], shard)
                self.assertEqual((t["dtype"], t["shape"]), (base_header[k]["dtype"], base_header[k]["shape"]))
                want = base[8 + n + base_header[k]["data_offsets"][0]:8 + n + base_header[k]["data_offsets"][1]]
                self.assertEqual(data[8 + m + t["data_offsets"][0]:8 + m + t["data_offsets"][1]], want, k)
                seen += 1
        self.assertEqual(seen, len(base_header))

    def test_stalls_send_nothing(self):
        with socket.create_connection(("127.0.0.1", self.h.stall.port), timeout=5) as s:
            s.sendall(b"GET /api/models/examples/base/revision/main HTTP/1.1\r\nHost: x\r\n\r\n")
            s.settimeout(1)
            with self.assertRaises(socket.timeout):
                s.recv(1)
        _, hdr, _ = self.resolve("faults/stall-base", "main", "model.safetensors")
        t0 = time.monotonic()
        with self.assertRaises(socket.timeout):
            request(hdr["location"], headers={"Range": "bytes=0-7"}, timeout=1)
        self.assertLess(time.monotonic() - t0, 5)

    def test_overclaiming_header_and_weightless_file_list(self):
        status, hdr, _ = self.resolve("examples/overclaim-base", "main", "model.safetensors")
        size = int(hdr["x-linked-size"])
        _, _, head = request(hdr["location"], headers={"Range": "bytes=0-7"})
        (n,) = struct.unpack("<Q", head)
        _, _, header = request(hdr["location"], headers={"Range": "bytes=8-%d" % (7 + n)})
        claimed = max(t["data_offsets"][1] for k, t in json.loads(header).items() if k != "__metadata__")
        self.assertGreater(8 + n + claimed, size)
        _, _, body = request(self.h.endpoint() + "/api/models/examples/no-weights/revision/main")
        names = [s["rfilename"] for s in json.loads(body)["siblings"]]
        self.assertTrue(names)
        self.assertFalse([n for n in names if not n.endswith(".json")])


class Lifecycle(unittest.TestCase):
    def assert_all_stopped(self, ports, pid, fault_port, folder):
        deadline = time.monotonic() + 10
        while hub_harness._group_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertFalse(hub_harness._group_alive(pid), "nginx process group %d still alive" % pid)
        for p in list(ports) + [fault_port]:
            self.assertTrue(refused(p), "port %d still answers" % p)
        if folder:
            self.assertFalse(os.path.exists(folder))

    def test_stopped_when_the_body_raises(self):
        with self.assertRaises(ZeroDivisionError):
            with hub_harness.HubHarness() as h:
                pid, ports, fault, folder = h.nginx.pid, h.ports.values(), h.faults.port, h.dir
                self.assertFalse(refused(h.ports["hub_http"]))
                1 / 0
        self.assert_all_stopped(ports, pid, fault, folder)

    def serve(self):
        p = subprocess.Popen([sys.executable, hub_harness.__file__, "serve"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
        lines = []
        for line in p.stdout:
            lines.append(line)
            if line.startswith("}"):
                break
        d = json.loads("".join(lines))
        ports = [int(d[k].rsplit(":", 1)[1]) for k in ("hub_http", "hub_https", "cdn_http", "cdn_https")]
        return p, d, ports

    def test_serve_stops_everything_on_sigterm(self):
        p, d, ports = self.serve()
        self.assertEqual(request(d["hub_http"] + "/api/models/examples/base/revision/main")[0], 200)
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=30)
        p.stdout.close()
        self.assert_all_stopped(ports, d["nginx_pid"], int(d["fault_server"].rsplit(":", 1)[1]), d["dir"])

    def test_nginx_dies_with_a_killed_harness(self):
        p, d, ports = self.serve()
        p.kill()  # no handler runs: setpriv's parent-death signal must take nginx down
        p.wait(timeout=30)
        p.stdout.close()
        self.assert_all_stopped(ports, d["nginx_pid"], int(d["fault_server"].rsplit(":", 1)[1]), None)
        subprocess.run(["rm", "-rf", d["dir"]], check=False)


if __name__ == "__main__":
    unittest.main(verbosity=2)
