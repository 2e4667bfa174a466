"""Bad input raises lineage.Error subclasses with the CLI's messages (src/python/errors.h)."""

import json
import struct

import pytest

import lineage
from conftest import EXAMPLES, cli_error

BASE = EXAMPLES / "base"
# Three path components: no hub form (org/name) can be read into it (as tests/cli/model_args_test).
MISSING = "/nonexistent-lineage-dir/a/b"


def corrupt_safetensors(tmp_path):
    """A safetensors file whose one tensor lies past the end of the file (truncated)."""
    header = json.dumps({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}).encode()
    path = tmp_path / "model.safetensors"
    path.write_bytes(struct.pack("<Q", len(header)) + header + bytes(8))
    return path


def test_an_unrecognised_file_is_an_unsupported_error(tmp_path):
    # As tests/cli/inspect_test.cc: a header length of 4 KB in a 20-byte file is no format.
    path = tmp_path / "model.safetensors"
    path.write_bytes(b"\x00\x10\x00\x00\x00\x00\x00\x00" + b'{"a": 1}    ')
    e = raised(lambda: lineage.inspect(path))
    assert type(e) is lineage.UnsupportedError
    assert str(e) == cli_error("inspect", path)


def raised(call):
    with pytest.raises(lineage.Error) as e:
        call()
    return e.value


@pytest.mark.parametrize("name,call,args", [
    ("inspect", lambda: lineage.inspect(MISSING), ("inspect", MISSING)),
    ("open", lambda: lineage.open(MISSING), ("inspect", MISSING)),
    ("tokenizer", lambda: lineage.tokenizer(MISSING, BASE), ("tokenizer", MISSING, BASE)),
    ("weights", lambda: lineage.weights(MISSING, BASE), ("weights", MISSING, BASE)),
    ("compare", lambda: lineage.compare(BASE, [MISSING]), ("compare", BASE, MISSING, "--quiet")),
])
def test_a_missing_model_is_the_clis_error(name, call, args):
    e = raised(call)
    assert str(e) == cli_error(*args)
    assert MISSING in str(e)
    assert isinstance(e, lineage.NotFoundError) or isinstance(e, lineage.InvalidArgumentError)


def test_a_corrupt_file_is_a_corrupt_error_with_the_clis_message(tmp_path):
    path = corrupt_safetensors(tmp_path)
    e = raised(lambda: lineage.inspect(path))
    assert type(e) is lineage.CorruptError
    assert e.code == "corrupt"
    assert str(e) == cli_error("inspect", path)
    assert str(path) in str(e)
    assert type(raised(lambda: lineage.open(path))) is lineage.CorruptError
    assert type(raised(lambda: lineage.compare(path, [BASE]))) is lineage.CorruptError


def test_messages_follow_lang(tmp_path):
    path = corrupt_safetensors(tmp_path)
    e = raised(lambda: lineage.compare(path, [BASE], lang="ko"))
    assert str(e) == cli_error("compare", path, BASE, "--lang", "ko")
    assert str(e) != str(raised(lambda: lineage.compare(path, [BASE])))


def test_an_unknown_language_or_tensor_is_an_error():
    assert type(raised(lambda: lineage.tokenizer(BASE, BASE, lang="xx"))) is \
        lineage.InvalidArgumentError
    m = lineage.open(BASE)
    e = raised(lambda: m.tensor("no.such.tensor"))
    assert type(e) is lineage.NotFoundError and "no.such.tensor" in str(e)


def test_every_subclass_derives_from_error():
    for name in ("InvalidArgumentError", "NotFoundError", "CorruptError", "UnsupportedError",
                 "RefusedError", "IoError", "NetworkError", "AuthError", "InternalError"):
        assert issubclass(getattr(lineage, name), lineage.Error)
    assert issubclass(lineage.Error, Exception)


def test_an_unknown_option_is_a_type_error():
    with pytest.raises(TypeError):
        lineage.compare(BASE, [BASE], no_such_option=1)
