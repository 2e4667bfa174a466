"""lineage.compare/weights/tokenizer/inspect return the CLI's --json documents (src/python/analyses.h)."""

import copy

import lineage
from conftest import EXAMPLES, cli_json

FT, BASE, INDEP = EXAMPLES / "ft-sft", EXAMPLES / "base", EXAMPLES / "indep-s1"


def without(doc, *paths):
    """A copy of `doc` without the keys at the dotted paths (`*` = every item of a list)."""
    doc = copy.deepcopy(doc)

    def drop(node, parts):
        if isinstance(node, list) and parts[0] == "*":
            for item in node:
                drop(item, parts[1:])
        elif isinstance(node, dict) and parts[0] in node:
            if len(parts) == 1:
                del node[parts[0]]
            else:
                drop(node[parts[0]], parts[1:])

    for p in paths:
        drop(doc, p.split("."))
    return doc


# Keys that say how this run read its inputs, not what it found: whether power came from the cache
# (the first of the two runs measures it, the second reads it) and the reading accounting (a run
# that measured power re-read the base for its controls).
RUN_KEYS = ("results.*.power.from_cache", "candidate.bytes_read", "bases.*.bytes_read",
            "models.candidate.bytes_read", "models.base.bytes_read", "power.from_cache")


def test_compare_equals_cli():
    py = lineage.compare(FT, [BASE, INDEP])
    cli = cli_json("compare", FT, BASE, INDEP)
    assert without(py, *RUN_KEYS) == without(cli, *RUN_KEYS)
    assert py["results"][0]["verdict"] == "derived"
    assert py["results"][1]["verdict"] != "derived"


def test_compare_in_korean_equals_cli():
    py = lineage.compare(FT, BASE, lang="ko")
    cli = cli_json("compare", FT, BASE, "--lang", "ko")
    assert without(py, *RUN_KEYS) == without(cli, *RUN_KEYS)


def test_compare_html_report_is_the_offline_report():
    html = lineage.compare(FT, [BASE])._repr_html_()
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "lineage-render-status" in html
    assert "http://" not in html.split("<script")[0]  # no remote stylesheet or font


def test_weights_equals_cli():
    py = lineage.weights(FT, BASE)
    cli = cli_json("weights", FT, BASE)
    assert without(py, *RUN_KEYS) == without(cli, *RUN_KEYS)
    assert py["verdict"] == "derived"


def test_tokenizer_equals_cli():
    for lang in ("en", "ko"):
        assert lineage.tokenizer(FT, BASE, lang=lang) == cli_json("tokenizer", FT, BASE, "--lang",
                                                                  lang)


def test_inspect_equals_cli():
    for model in (BASE, EXAMPLES / "base-gguf-f32"):
        assert lineage.inspect(model) == cli_json("inspect", model)


def test_table_has_a_row_per_result():
    r = lineage.compare(FT, [BASE, INDEP])
    text = lineage.table(r["results"], ["base", "verdict"])
    lines = text.splitlines()
    assert len(lines) == 3
    assert lines[0].split() == ["base", "verdict"]
    assert lines[1].split()[1] == r["results"][0]["verdict"]
