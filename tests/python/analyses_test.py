"""lineage.compare/weights/tokenizer/inspect return the CLI's --json documents (src/python/analyses.h)."""

import lineage
from conftest import EXAMPLES, cli_json, run_cli

FT, BASE, INDEP = EXAMPLES / "ft-sft", EXAMPLES / "base", EXAMPLES / "indep-s1"


def warm(*args):
    """Runs the CLI once so that measured power is in the cache: a run that measures it reports
    `from_cache: false`, says so in its power statement and counts the controls' read of the
    base in `bytes_read_controls`. After this, the CLI and the module both read it from the
    cache."""
    run_cli(*args)


def test_compare_equals_cli():
    warm("compare", FT, BASE, INDEP, "--quiet")
    cli = cli_json("compare", FT, BASE, INDEP)
    py = lineage.compare(FT, [BASE, INDEP])
    assert py == cli
    assert py["results"][0]["verdict"] == "derived"
    assert py["results"][1]["verdict"] != "derived"


def test_compare_in_korean_equals_cli():
    warm("compare", FT, BASE, "--quiet")
    cli = cli_json("compare", FT, BASE, "--lang", "ko")
    py = lineage.compare(FT, BASE, lang="ko")
    assert py == cli


def test_compare_html_report_is_the_offline_report():
    html = lineage.compare(FT, [BASE])._repr_html_()
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "lineage-render-status" in html
    assert "http://" not in html.split("<script")[0]  # no remote stylesheet or font


def test_weights_equals_cli():
    warm("weights", FT, BASE, "--quiet")
    cli = cli_json("weights", FT, BASE)
    py = lineage.weights(FT, BASE)
    assert py == cli
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
