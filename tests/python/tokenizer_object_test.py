"""model.tokenizer exposes the tokenizer module's view of the model's tokenizer, checked here
against the shipped tokenizer.json read with the json module (src/python/tokenizer_object.h)."""

import json
import shutil

import pytest

import lineage
from conftest import EXAMPLES


def read_tokenizer_json(model_dir):
    with open(model_dir / "tokenizer.json", encoding="utf-8") as f:
        return json.load(f)


def check_against_json(tok, doc):
    vocab = doc["model"]["vocab"]
    added = {a["id"]: a for a in doc["added_tokens"]}
    ids = set(vocab.values()) | set(added)
    assert tok.kind == doc["model"]["type"]
    assert tok.format == "tokenizer.json"
    assert tok.vocab_size == len(tok) == len(ids)
    assert tok.id_space == max(ids) + 1
    for surface, i in vocab.items():
        assert tok.token(i) == surface
        assert tok.id(surface) == i
    for i, a in added.items():
        assert tok.token(i) == a["content"] and tok.id(a["content"]) == i
    assert tok.token(max(ids) + 1) is None
    assert tok.id("no such token \u2603") is None
    specials = [{"id": a["id"], "content": a["content"]}
                for a in doc["added_tokens"] if a["special"]]
    assert tok.special_tokens == sorted(specials, key=lambda t: t["id"])
    outside = [{"id": a["id"], "content": a["content"]}
               for a in doc["added_tokens"] if a["content"] not in vocab]
    assert tok.added_tokens == sorted(outside, key=lambda t: t["id"])


def test_the_shipped_tokenizer_matches_its_json():
    model = lineage.open(EXAMPLES / "base")
    tok = model.tokenizer
    assert tok is model.tokenizer  # loaded once
    check_against_json(tok, read_tokenizer_json(EXAMPLES / "base"))


def test_added_tokens_and_byte_lookup(tmp_path):
    model_dir = tmp_path / "with-tool-token"
    shutil.copytree(EXAMPLES / "base", model_dir)
    doc = read_tokenizer_json(model_dir)
    new_id = max(doc["model"]["vocab"].values()) + 1
    doc["added_tokens"].append({"id": new_id, "content": "<tool>", "single_word": False,
                                "lstrip": False, "rstrip": False, "normalized": False,
                                "special": False})
    (model_dir / "tokenizer.json").write_text(json.dumps(doc), encoding="utf-8")
    tok = lineage.open(model_dir).tokenizer
    check_against_json(tok, doc)
    assert {"id": new_id, "content": "<tool>"} in tok.added_tokens
    # A regular token's canonical bytes lead back to it.
    surface, i = next((s, i) for s, i in doc["model"]["vocab"].items() if s.isalpha())
    assert tok.token_bytes(i) == surface.encode()
    assert tok.id_of_bytes(surface.encode()) == i


def test_a_model_without_a_tokenizer_has_none(tmp_path):
    shutil.copy(EXAMPLES / "base" / "model.safetensors", tmp_path / "model.safetensors")
    shutil.copy(EXAMPLES / "base" / "config.json", tmp_path / "config.json")
    assert lineage.open(tmp_path).tokenizer is None


def test_a_corrupt_tokenizer_raises(tmp_path):
    shutil.copytree(EXAMPLES / "base", tmp_path / "m")
    (tmp_path / "m" / "tokenizer.json").write_text("{not json", encoding="utf-8")
    model = lineage.open(tmp_path / "m")
    with pytest.raises(lineage.Error):
        model.tokenizer
