#!/usr/bin/env python3
"""Unit test of bench/hub_generator (the generating hub of the 100B scale bench, bench/hub100b.sh)
on its tiny layout, with the standard library's HTTP client only. Checks the revision API, the
resolve headers, ranges (206, Content-Range, 416), that a range is the same bytes every time and
cut from the same bytes as any other range, that the shards are valid safetensors whose index
names them, and that the values are the generator's definition: base element i is recomputed here
from (seed, tensor name, i), and derived = base + 0.3 sd of seeded noise, element by element.
Run by ctest as io.hub.hub_generator: python3 hub_generator_test.py --generator PATH
"""

import http.client
import json
import struct
import subprocess
import sys
import unittest

GENERATOR = None
MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def name_key(name, seed):
    h = 1469598103934665603 ^ seed
    for c in name.encode():
        h = ((h ^ c) * 1099511628211) & MASK
    return h


def normal(key, i):
    r = mix((key + (i + 1) * GOLDEN) & MASK)
    s = float(r & 0xFFFF) + float((r >> 16) & 0xFFFF) + float((r >> 32) & 0xFFFF) + float(r >> 48)
    return (s / 65535.0 - 2.0) * 1.7320508075688772


def bf16(v):
    u = struct.unpack("<I", struct.pack("<f", v))[0]
    return ((u + 0x7FFF + ((u >> 16) & 1)) >> 16) & 0xFFFF


def expected(name, i, derived, seed=1):
    """The generator's definition of element i of tensor `name` (not a norm)."""
    v = 0.02 * normal(name_key(name, 1 if derived else seed), i)
    if derived:
        v += 0.3 * 0.02 * normal(name_key(name, 1001), i)
    return bf16(v)


class HubGeneratorTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.proc = subprocess.Popen([GENERATOR, "--layout", "tiny"], stdout=subprocess.PIPE,
                                    text=True)
        line = cls.proc.stdout.readline()
        assert line.startswith("port "), line
        cls.port = int(line.split()[1])

    @classmethod
    def tearDownClass(cls):
        cls.proc.terminate()
        cls.proc.wait(timeout=10)
        cls.proc.stdout.close()

    def request(self, path, method="GET", headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(method, path, headers=headers or {})
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def revision(self, repo):
        status, _, body = self.request("/api/models/%s/revision/main" % repo)
        self.assertEqual(status, 200)
        return json.loads(body)

    def get_range(self, repo, file, a, b):
        status, h, body = self.request("/%s/resolve/main/%s" % (repo, file),
                                       headers={"Range": "bytes=%d-%d" % (a, b)})
        self.assertEqual(status, 206)
        return h, body

    def header(self, repo, file):
        h, raw = self.get_range(repo, file, 0, 7)
        n = struct.unpack("<Q", raw)[0]
        _, js = self.get_range(repo, file, 8, 8 + n - 1)
        return 8 + n, json.loads(js)

    def test_revision_api_lists_commit_and_files(self):
        info = self.revision("gen/base")
        self.assertRegex(info["sha"], "^[0-9a-f]{40}$")
        names = [s["rfilename"] for s in info["siblings"]]
        for f in ("config.json", "tokenizer.json", "model.safetensors.index.json"):
            self.assertIn(f, names)
        shards = [n for n in names if n.endswith(".safetensors")]
        self.assertGreater(len(shards), 1)
        self.assertNotEqual(info["sha"], self.revision("gen/derived")["sha"])
        self.assertEqual(self.request("/api/models/gen/base/revision/nope")[0], 404)
        self.assertEqual(self.request("/api/models/gen/none/revision/main")[0], 404)
        by_commit = self.request("/api/models/gen/base/revision/" + info["sha"])
        self.assertEqual(json.loads(by_commit[2])["sha"], info["sha"])

    def test_resolve_headers_and_ranges(self):
        info = self.revision("gen/base")
        shard = next(s for s in info["siblings"] if s["rfilename"].endswith(".safetensors"))
        path = "/gen/base/resolve/%s/%s" % (info["sha"], shard["rfilename"])
        status, h, body = self.request(path, method="HEAD")
        self.assertEqual((status, body), (200, b""))
        self.assertEqual(h["x-repo-commit"], info["sha"])
        self.assertEqual(int(h["x-linked-size"]), shard["size"])
        self.assertEqual(int(h["content-length"]), shard["size"])
        self.assertEqual(h["x-linked-etag"], h["etag"])
        status, h2, part = self.request(path, headers={"Range": "bytes=100-1099"})
        self.assertEqual(status, 206)
        self.assertEqual(h2["content-range"], "bytes 100-1099/%d" % shard["size"])
        self.assertEqual(len(part), 1000)
        self.assertEqual(h2["etag"], h["etag"])
        again = self.request(path, headers={"Range": "bytes=100-1099"})[2]
        self.assertEqual(part, again)
        # An odd offset inside the data, and the same bytes cut from a wider range.
        wide = self.request(path, headers={"Range": "bytes=0-4095"})[2]
        self.assertEqual(wide[100:1100], part)
        self.assertEqual(self.request(path, headers={"Range": "bytes=777-2222"})[2],
                         wide[777:2223])
        whole = self.request(path)
        self.assertEqual(whole[0], 200)
        self.assertEqual(len(whole[2]), shard["size"])
        self.assertEqual(whole[2][:4096], wide)
        status, h3, _ = self.request(path, headers={"Range": "bytes=%d-" % shard["size"]})
        self.assertEqual(status, 416)
        other = self.request("/gen/derived/resolve/main/" + shard["rfilename"], method="HEAD")[1]
        self.assertNotEqual(other["etag"], h["etag"])

    def test_index_names_every_tensor_of_the_shards(self):
        status, _, body = self.request("/gen/base/resolve/main/model.safetensors.index.json")
        self.assertEqual(status, 200)
        weight_map = json.loads(body)["weight_map"]
        seen = {}
        for s in self.revision("gen/base")["siblings"]:
            if not s["rfilename"].endswith(".safetensors"):
                continue
            start, hdr = self.header("gen/base", s["rfilename"])
            end = 0
            for name, t in hdr.items():
                if name == "__metadata__":
                    continue
                self.assertEqual(t["dtype"], "BF16")
                n = 2
                for d in t["shape"]:
                    n *= d
                self.assertEqual(t["data_offsets"][1] - t["data_offsets"][0], n)
                end = max(end, t["data_offsets"][1])
                seen[name] = s["rfilename"]
            self.assertEqual(start + end, s["size"])
        self.assertEqual(seen, weight_map)
        self.assertIn("model.layers.0.mlp.experts.3.gate_proj.weight", seen)

    def elements(self, repo, name, first, count):
        file = self.request("/%s/resolve/main/model.safetensors.index.json" % repo)[2]
        shard = json.loads(file)["weight_map"][name]
        start, hdr = self.header(repo, shard)
        off = start + hdr[name]["data_offsets"][0] + 2 * first
        _, raw = self.get_range(repo, shard, off, off + 2 * count - 1)
        return list(struct.unpack("<%dH" % count, raw))

    def test_values_follow_the_definition(self):
        name = "model.layers.1.mlp.experts.2.up_proj.weight"
        base = self.elements("gen/base", name, 500, 64)
        derived = self.elements("gen/derived", name, 500, 64)
        indep = self.elements("gen/indep", name, 500, 64)
        self.assertEqual(base, [expected(name, 500 + k, False) for k in range(64)])
        self.assertEqual(derived, [expected(name, 500 + k, True) for k in range(64)])
        self.assertEqual(indep, [expected(name, 500 + k, False, seed=2) for k in range(64)])
        self.assertNotEqual(base, derived)
        self.assertNotEqual(base, indep)

    def test_stats_count_requests_and_bytes(self):
        before = json.loads(self.request("/stats")[2])
        self.get_range("gen/indep", "config.json", 0, 9)
        after = json.loads(self.request("/stats")[2])
        self.assertEqual(after["repos"]["gen/indep"]["requests"],
                         before["repos"]["gen/indep"]["requests"] + 1)
        self.assertEqual(after["repos"]["gen/indep"]["bytes"],
                         before["repos"]["gen/indep"]["bytes"] + 10)
        self.assertGreater(after["requests"], before["requests"])


if __name__ == "__main__":
    if "--generator" in sys.argv:
        i = sys.argv.index("--generator")
        GENERATOR = sys.argv[i + 1]
        del sys.argv[i:i + 2]
    if GENERATOR is None:
        sys.exit("usage: hub_generator_test.py --generator PATH")
    unittest.main(verbosity=2)
