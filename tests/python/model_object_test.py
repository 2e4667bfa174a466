"""lineage.open(model).tensor(name) against independent numpy readers (src/python/model_object.h),
and a leak check over repeated calls."""

import json
import struct

import numpy as np
import pytest

import lineage
from conftest import EXAMPLES, TEST_DATA


def read_safetensors(path):
    """{name: array} of a safetensors file, read with json + numpy alone (BF16 widened to f32)."""
    raw = path.read_bytes()
    (n,) = struct.unpack_from("<Q", raw, 0)
    header = json.loads(raw[8:8 + n])
    header.pop("__metadata__", None)
    out = {}
    for name, t in header.items():
        begin, end = t["data_offsets"]
        data = raw[8 + n + begin:8 + n + end]
        if t["dtype"] == "BF16":
            a = (np.frombuffer(data, "<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            a = np.frombuffer(data, {"F32": "<f4", "F16": "<f2", "F64": "<f8"}[t["dtype"]])
        out[name] = a.reshape(t["shape"])
    return out


GGUF_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?",
                10: "<Q", 11: "<q", 12: "<d"}
GGUF_DTYPES = {0: ("<f4", 4), 1: ("<f2", 2)}  # the only ggml types these fixtures use


def skip_gguf_value(raw, pos, vtype):
    if vtype == 8:  # string
        (n,) = struct.unpack_from("<Q", raw, pos)
        return pos + 8 + n
    if vtype == 9:  # array: item type, count, items
        itype, count = struct.unpack_from("<IQ", raw, pos)
        pos += 12
        for _ in range(count):
            pos = skip_gguf_value(raw, pos, itype)
        return pos
    return pos + struct.calcsize(GGUF_SCALARS[vtype])


def read_gguf(path):
    """{name: array} of an F32/F16 GGUF v2/v3 file, in the file's layout (outermost dim first)."""
    raw = path.read_bytes()
    magic, version, n_tensors, n_kv = struct.unpack_from("<4sIQQ", raw, 0)
    assert magic == b"GGUF" and version in (2, 3)
    pos, alignment = 24, 32
    for _ in range(n_kv):
        (klen,) = struct.unpack_from("<Q", raw, pos)
        key = raw[pos + 8:pos + 8 + klen].decode()
        (vtype,) = struct.unpack_from("<I", raw, pos + 8 + klen)
        pos += 12 + klen
        if key == "general.alignment":
            (alignment,) = struct.unpack_from("<I", raw, pos)
        pos = skip_gguf_value(raw, pos, vtype)
    infos = []
    for _ in range(n_tensors):
        (nlen,) = struct.unpack_from("<Q", raw, pos)
        name = raw[pos + 8:pos + 8 + nlen].decode()
        pos += 8 + nlen
        (ndim,) = struct.unpack_from("<I", raw, pos)
        ne = struct.unpack_from(f"<{ndim}Q", raw, pos + 4)
        ggml_type, offset = struct.unpack_from("<IQ", raw, pos + 4 + 8 * ndim)
        pos += 4 + 8 * ndim + 12
        infos.append((name, list(reversed(ne)), ggml_type, offset))
    data = (pos + alignment - 1) // alignment * alignment
    out = {}
    for name, shape, ggml_type, offset in infos:
        dtype, size = GGUF_DTYPES[ggml_type]
        count = int(np.prod(shape))
        out[name] = np.frombuffer(raw, dtype, count, data + offset).reshape(shape)
    return out


def unpermute(w, head_dim):
    """llama.cpp's interleaved-RoPE row order back to Hugging Face's, head by head."""
    rows = w.shape[0]
    return w.reshape(rows // head_dim, head_dim // 2, 2, -1).swapaxes(1, 2).reshape(w.shape)


def check_against(model, reference):
    assert sorted(model.tensor_names()) == sorted(reference)
    for name in model.tensor_names():
        info, got, want = model.tensor_info(name), model.tensor(name), reference[name]
        assert list(got.shape) == info["shape"]
        if info["unpermute_head_dim"]:
            want = unpermute(want, info["unpermute_head_dim"])
        assert not info["row_selection"] and not info["transpose"]
        if info["zero_copy"]:
            assert got.dtype == want.dtype and not got.flags.writeable
        else:
            assert got.dtype == np.float32
        # Bit for bit: the C++ widening of F16/BF16 to f32 is exact, as numpy's is.
        assert np.array_equal(got, want.astype(got.dtype)), name


def test_safetensors_tensors_equal_a_numpy_reader():
    model = lineage.open(EXAMPLES / "base")
    check_against(model, read_safetensors(EXAMPLES / "base" / "model.safetensors"))
    name = model.tensor_names()[0]
    assert model.tensor_info(name)["zero_copy"]  # F32, mapped, untransformed


@pytest.mark.parametrize("path", [
    EXAMPLES / "base-gguf-f32" / "base-gguf-f32.gguf",
    TEST_DATA / "weights" / "llama-2-tiny-random" / "llama-2-tiny-random.gguf",
])
def test_gguf_tensors_equal_a_numpy_reader(path):
    model = lineage.open(path)
    check_against(model, read_gguf(path))
    infos = [model.tensor_info(n) for n in model.tensor_names()]
    assert any(i["unpermute_head_dim"] for i in infos)  # the dequantised, un-permuted path ran


def test_gguf_and_safetensors_of_one_model_agree():
    st, gg = lineage.open(EXAMPLES / "base"), lineage.open(EXAMPLES / "base-gguf-f32")

    def by_role(m):
        return {(i["role"], i["layer"]): m.tensor(i["name"])
                for i in map(m.tensor_info, m.tensor_names())}

    a, b = by_role(st), by_role(gg)
    assert a.keys() == b.keys()
    for key in a:
        assert np.array_equal(a[key], b[key]), key


def test_config_and_views_outlive_the_model_object():
    model = lineage.open(EXAMPLES / "base")
    assert model.config["model_type"] == "llama"
    name = model.tensor_names()[0]
    view = model.tensor(name)
    copy = np.array(view)
    del model
    assert np.array_equal(view, copy)  # the view keeps the mapping alive


def private_kb():
    """Private dirty memory of this process (heap, anonymous mappings), in kB; the model files'
    read-only mappings are clean and not counted."""
    fields = {}
    with open("/proc/self/smaps_rollup") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and parts[0].endswith(":"):
                fields[parts[0][:-1]] = int(parts[1])
    return fields["Private_Dirty"]


def cheap_calls(n):
    for _ in range(n):
        m = lineage.open(EXAMPLES / "base")
        names = m.tensor_names()
        m.tensor(names[0]).sum()
        m.tensor(names[-1]).sum()
        m.config
        tok = m.tokenizer  # a Vocab of 512 tokens and its two indexes
        tok.id(tok.token(5))
        lineage.tokenizer(EXAMPLES / "base", EXAMPLES / "ft-sft")
        lineage.compute(params="7B", tokens="1T")  # a training check's document


# A leak of one Model, one Tokenizer, one tokenizer comparison or one array per call would be over
# 10 kB, so 10 MB over 1,000 calls; the bound leaves room for the allocator's and Python's own
# caches. Every call here runs on a worker thread (python/interrupt.h): a leaked thread stack or
# call state would show too.
LEAK_BOUND_KB = 4096


def test_no_private_memory_growth_over_1000_calls():
    cheap_calls(100)  # warm: allocator arenas, caches, first-use imports
    before = private_kb()
    cheap_calls(1000)
    growth = private_kb() - before
    assert growth < LEAK_BOUND_KB, f"private memory grew {growth} kB over 1,000 calls"


def gguf_string(s):
    b = s.encode()
    return struct.pack("<Q", len(b)) + b


def write_gguf(path, tensors):
    """A GGUF v3 file of llama.cpp-named tensors: [(name, shape, ggml_type, data bytes)]."""
    kv = gguf_string("general.architecture") + struct.pack("<I", 8) + gguf_string("llama")
    out = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), 1) + kv
    offset, blobs = 0, []
    for name, shape, ggml_type, data in tensors:
        out += gguf_string(name) + struct.pack(f"<I{len(shape)}Q", len(shape), *reversed(shape))
        out += struct.pack("<IQ", ggml_type, offset)
        pad = (-len(data)) % 32
        blobs.append(data + bytes(pad))
        offset += len(data) + pad
    out += bytes((-len(out)) % 32)
    path.write_bytes(out + b"".join(blobs))


def q8_0(rng, n_blocks):
    """Q8_0 blocks (f16 scale, 32 int8) and their values as ggml defines them: d * q."""
    d = rng.uniform(0.001, 0.1, n_blocks).astype("<f2")
    q = rng.integers(-127, 128, (n_blocks, 32), dtype=np.int8)
    raw = b"".join(d[i].tobytes() + q[i].tobytes() for i in range(n_blocks))
    return raw, (d.astype(np.float32)[:, None] * q.astype(np.float32)).ravel()


def q4_0(rng, n_blocks):
    """Q4_0 blocks (f16 scale, 16 bytes of nibbles: element j in the low nibble of byte j, element
    j + 16 in its high nibble) and their values: d * (nibble - 8)."""
    d = rng.uniform(0.001, 0.1, n_blocks).astype("<f2")
    nib = rng.integers(0, 16, (n_blocks, 32), dtype=np.uint8)
    packed = nib[:, :16] | (nib[:, 16:] << 4)
    raw = b"".join(d[i].tobytes() + packed[i].tobytes() for i in range(n_blocks))
    return raw, (d.astype(np.float32)[:, None] * (nib.astype(np.float32) - 8)).ravel()


@pytest.mark.parametrize("ggml_type,encode", [(8, q8_0), (2, q4_0)], ids=["Q8_0", "Q4_0"])
def test_quantised_gguf_tensors_equal_numpy_dequantisation(tmp_path, ggml_type, encode):
    rows, cols = 16, 64
    raw, values = encode(np.random.default_rng(ggml_type), rows * cols // 32)
    path = tmp_path / "q.gguf"
    write_gguf(path, [("token_embd.weight", [rows, cols], ggml_type, raw)])
    model = lineage.open(path)
    info = model.tensor_info("token_embd.weight")
    assert not info["zero_copy"] and info["shape"] == [rows, cols]
    got = model.tensor("token_embd.weight")
    assert got.dtype == np.float32
    assert np.array_equal(got, values.reshape(rows, cols))
