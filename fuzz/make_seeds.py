#!/usr/bin/env python3
"""Writes seed corpora for the format fuzzers: fuzz/make_seeds.py OUT_DIR.

Torch archives are made with Python's own pickle and zipfile modules (fake `torch` classes stand
in for the real ones, which are not installed), so the seeds come from an independent writer.
"""
import collections
import io
import json
import os
import pickle
import struct
import sys
import types
import zipfile

out = sys.argv[1]


def put(fuzzer, name, data):
    d = os.path.join(out, fuzzer)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


# --- safetensors -----------------------------------------------------------------------------
def safetensors(tensors, metadata=None, pad=True):
    header, data = {}, b""
    if metadata is not None or not pad:
        header["__metadata__"] = metadata
    for name, dtype, shape, raw in tensors:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    h = json.dumps(header, separators=(",", ":")).encode()
    if pad:
        h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + data


f32 = struct.pack("<4f", 1.0, -2.0, 0.5, 3.25)
put("safetensors_fuzz", "f32", safetensors([("w", "F32", [2, 2], f32)], {"format": "pt"}))
put("safetensors_fuzz", "mixed", safetensors([
    ("a", "BF16", [2], b"\x80\x3f\x00\xc0"), ("b", "F16", [1, 2], b"\x00\x3c\x00\x7c"),
    ("c", "F8_E4M3", [4], b"\x7e\x7f\x38\x01"), ("d", "F8_E5M2", [2], b"\x7c\x3c"),
    ("e", "I64", [1], struct.pack("<q", -5)), ("f", "BOOL", [3], b"\x00\x01\x01"),
    ("g", "F32", [], struct.pack("<f", 7.0)), ("h", "U8", [0, 4], b""),
    ("i", "F8_E8M0", [1], b"\x7f"), ("j", "F4", [2], b"\x12")]))
put("safetensors_fuzz", "mlx_null_meta_unpadded", safetensors(
    [("model.layers.0.self_attn.q_proj.lora_a", "F32", [2, 1], f32[:8])], None, pad=False))

# --- safetensors index -------------------------------------------------------------------------
good = {"metadata": {"total_size": 15},
        "weight_map": {"x": "a.safetensors", "y": "a.safetensors", "z": "b.safetensors"}}
put("safetensors_index_fuzz", "good", json.dumps(good))
put("safetensors_index_fuzz", "missing", json.dumps({"weight_map": {"x": "a.safetensors"}}))
put("safetensors_index_fuzz", "ghost", json.dumps(
    {"weight_map": {"x": "a.safetensors", "y": "a.safetensors", "z": "b.safetensors", "q": "c.safetensors"}}))
put("safetensors_index_fuzz", "escape", json.dumps({"weight_map": {"x": "../a.safetensors"}}))

# --- torch zip and pickle ----------------------------------------------------------------------
torch = types.ModuleType("torch")
utils = types.ModuleType("torch._utils")
torch._utils = utils
sys.modules["torch"], sys.modules["torch._utils"] = torch, utils


def _rebuild_tensor_v2(*args):
    raise RuntimeError("never called")


def _rebuild_parameter(*args):
    raise RuntimeError("never called")


for fn in (_rebuild_tensor_v2, _rebuild_parameter):
    fn.__module__ = "torch._utils"
    setattr(utils, fn.__name__, fn)
for tag in ("FloatStorage", "HalfStorage", "BFloat16Storage", "LongStorage", "ByteStorage"):
    cls = type(tag, (), {"__module__": "torch"})
    setattr(torch, tag, cls)


class Storage:
    def __init__(self, tag, key, numel):
        self.tag, self.key, self.numel = getattr(torch, tag), key, numel


class Tensor:
    def __init__(self, storage, offset, size, stride):
        self.args = (storage, offset, size, stride, False, collections.OrderedDict())

    def __reduce__(self):
        return (_rebuild_tensor_v2, self.args)


class Parameter:
    def __init__(self, tensor):
        self.tensor = tensor

    def __reduce__(self):
        return (_rebuild_parameter, (self.tensor, True, collections.OrderedDict()))


class TorchPickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ("storage", obj.tag, obj.key, "cpu", obj.numel)
        return None


def torch_zip(state, storages, extra=()):
    buf = io.BytesIO()
    TorchPickler(buf, protocol=2).dump(state)
    pkl = buf.getvalue()
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("archive/data.pkl", pkl)
        zf.writestr("archive/byteorder", "little")
        for key, raw in storages.items():
            zf.writestr("archive/data/" + key, raw)
        zf.writestr("archive/version", "3\n")
        for name, raw in extra:
            zf.writestr(name, raw)
    return pkl, z.getvalue()


s0 = Storage("FloatStorage", "0", 6)
sd = collections.OrderedDict()
sd["embed.weight"] = Tensor(s0, 0, (2, 2), (2, 1))
sd["norm.weight"] = Tensor(s0, 4, (2,), (1,))  # shares storage 0
sd["h"] = Parameter(Tensor(Storage("HalfStorage", "1", 2), 0, (2,), (1,)))
sd["ids"] = Tensor(Storage("LongStorage", "2", 1), 0, (), ())
sd._metadata = collections.OrderedDict([("", {"version": 1})])
pkl, z = torch_zip(sd, {"0": struct.pack("<6f", 0, 1, 2, 3, 4, 5), "1": b"\x00\x3c\x00\xc0",
                        "2": struct.pack("<q", 9)})
put("torch_zip_fuzz", "state_dict", z)
put("pickle_fuzz", "state_dict.pkl", pkl)

nested = {"model": collections.OrderedDict([("w", Tensor(Storage("BFloat16Storage", "0", 2), 0, (2,), (1,)))]),
          "epoch": 3}
pkl, z = torch_zip(nested, {"0": b"\x80\x3f\x00\x40"})
put("torch_zip_fuzz", "nested", z)
put("pickle_fuzz", "nested.pkl", pkl)

# Hostile: os.system through GLOBAL + REDUCE, as a malicious checkpoint would do it.
evil = b"\x80\x02cposix\nsystem\nq\x00X\x04\x00\x00\x00trueq\x01\x85q\x02Rq\x03."
put("pickle_fuzz", "evil.pkl", evil)
evil_zip = io.BytesIO()
with zipfile.ZipFile(evil_zip, "w", zipfile.ZIP_STORED) as zf:
    zf.writestr("archive/data.pkl", evil)
put("torch_zip_fuzz", "evil", evil_zip.getvalue())


# --- training logs: TensorBoard event files (TFRecord framing + Event protobuf), CSV, JSONL ----
# Written from the TFRecord and protobuf wire specs with this script's own CRC-32C, independently
# of the C++ writer the tests use.
def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def masked_crc(data):
    c = crc32c(data)
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def tfrecord(payload):
    n = struct.pack("<Q", len(payload))
    return n + struct.pack("<I", masked_crc(n)) + payload + struct.pack("<I", masked_crc(payload))


def varint(v):
    out = b""
    while True:
        b = v & 0x7F
        v >>= 7
        out += bytes([b | (0x80 if v else 0)])
        if not v:
            return out


def field_bytes(num, data):
    return varint(num << 3 | 2) + varint(len(data)) + data


def scalar_event(step, tag, value, wall_time=1.7e9):
    summary_value = field_bytes(1, tag.encode()) + varint(2 << 3 | 5) + struct.pack("<f", value)
    summary = field_bytes(1, summary_value)
    return (varint(1 << 3 | 1) + struct.pack("<d", wall_time + step) + varint(2 << 3 | 0) + varint(step)
            + field_bytes(5, summary))


version = varint(1 << 3 | 1) + struct.pack("<d", 1.7e9) + field_bytes(3, b"brain.Event:2")
events = tfrecord(version) + b"".join(tfrecord(scalar_event(s, "train/loss", 10.4 - 0.01 * s))
                                      for s in range(0, 50, 5))
for fuzzer in ("tfrecord_fuzz", "logs_fuzz"):
    put(fuzzer, "events.out.tfevents", events)
put("tfrecord_fuzz", "event.pb", scalar_event(3, "loss", 2.5))
put("logs_fuzz", "log.csv", "step,loss,tokens\n0,10.37,0\n100,6.2,409600\n200,4.9,819200\n")
put("logs_fuzz", "log.jsonl", '{"step": 0, "loss": 10.37}\n{"step": 10, "train/loss": 7.5}\n')

# --- the hub client: headers, revision answers, range-cache metas -----------------------------
for i, value in enumerate(["bytes 0-99/1000", "bytes */1000", "120", "Sun, 06 Nov 1994 08:49:37 GMT",
                           'W/"abc-123"', "0123456789abcdef0123456789abcdef01234567",
                           "https://cdn.example/blob?sig=x", "//cdn.example/x", "../other.bin",
                           "org/name@refs/pr/1", "hf://org/name@main"]):
    put("http_headers_fuzz", "h%02d" % i, value)
sha = "0123456789abcdef0123456789abcdef01234567"
put("hub_revision_fuzz", "good", json.dumps({"id": "org/name", "sha": sha, "siblings": [
    {"rfilename": "config.json", "size": 600},
    {"rfilename": "model.safetensors", "size": 1 << 30, "lfs": {"sha256": "a" * 64, "size": 1 << 30}},
    {"rfilename": "sub/tokenizer.json"}]}))
put("hub_revision_fuzz", "escape", json.dumps({"sha": sha, "siblings": [{"rfilename": "../x"}]}))
put("range_meta_fuzz", "meta", "lineage-range-cache 1\nrepo org/name\ncommit %s\nfile sub/m.safetensors\n"
    "size 123456\netag %s\nchunk 1048576\n" % (sha, "a" * 64))

# --- OpenAI-compatible answers and their SSE streams (behaviour/answer.h, behaviour/sse.h) ------
_completion = {"id": "cmpl-1", "model": "base", "system_fingerprint": "fp", "choices": [
    {"index": 0, "text": " sm big", "finish_reason": "length",
     "logprobs": {"tokens": [" sm", " big"], "token_logprobs": [-0.5, -2.0],
                  "top_logprobs": [{" sm": -0.5, "x": -1.9}, {" big": -2.0}]}}],
    "usage": {"prompt_tokens": 4, "completion_tokens": 2}}
_chat = {"id": "c", "model": "base", "choices": [
    {"index": 0, "message": {"role": "assistant", "content": "hi"}, "finish_reason": "stop",
     "logprobs": {"content": [{"token": "hi", "logprob": -1.0,
                               "top_logprobs": [{"token": "hi", "logprob": -1.0}]}]}}]}
put("openai_answer_fuzz", "completion", json.dumps(_completion))
put("openai_answer_fuzz", "chat", json.dumps(_chat))
put("openai_answer_fuzz", "models", json.dumps({"data": [{"id": "base", "meta": {"n_vocab": 512}}]}))
put("openai_answer_fuzz", "tokenize", json.dumps({"tokens": [1, 15043, 2]}))
put("openai_answer_fuzz", "tokenize_pieces", json.dumps({"tokens": [{"id": 5, "piece": "a"}, {"id": 6, "piece": [98]}]}))
_chunk = {"id": "c", "model": "base", "choices": [
    {"index": 0, "delta": {"content": "a"}, "finish_reason": None,
     "logprobs": {"content": [{"token": "a", "logprob": -1.0}]}}]}
put("openai_answer_fuzz", "sse", "data: %s\n\ndata: %s\r\n\r\n: c\ndata: [DONE]\n\n"
    % (json.dumps(_chunk), json.dumps(_completion)))

# --- fingerprint (docs/FORMATS.md "Fingerprints"); the fuzzer appends the checksum itself ------
def fp_str(s):
    return struct.pack("<I", len(s)) + s.encode()


def fp_section(tag, payload):
    return tag.encode() + struct.pack("<Q", len(payload)) + payload


fp_sections = [
    fp_section("PROV", fp_str("org/model@rev") + fp_str("org/model") + fp_str("0" * 40) +
               fp_str("0.1.0") + struct.pack("<I", 1) + fp_str("model.safetensors") +
               fp_str("ab" * 32)),
    fp_section("TOKN", fp_str("cd" * 32) + struct.pack("<I", 2) + struct.pack("<QQ", 5, 9) +
               struct.pack("<II", 0, 1)),
    fp_section("CONF", fp_str("llama") + fp_str("d=2") + fp_str("ef" * 32) + fp_str("")),
    fp_section("HASH", struct.pack("<I", 1) + fp_str("w") + fp_str("01" * 32)),
    fp_section("EMBD", struct.pack("<II", 2, 2) + struct.pack("<QQ", 5, 9) +
               struct.pack("<4f", 1, 0, 0, 1)),
    fp_section("BLKS", struct.pack("<I", 1) + struct.pack("<iIBI", 0, 4, 1, 2) +
               struct.pack("<II", 1, 3) + struct.pack("<8f", 1, 2, 3, 4, 5, 6, 7, 8)),
]
put("fingerprint_fuzz", "tiny", b"LNFPRINT" + struct.pack("<IQI", 1, 0x4C494E4541474531, 6) +
    b"".join(fp_sections))
