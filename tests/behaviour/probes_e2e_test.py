#!/usr/bin/env python3
"""ctest behaviour.probes_e2e: the probe suites (data/probes) against the real engine
(llama.cpp through node-llama-cpp, engine_harness.py) serving the tiny models.

Tiny models cannot show a cutoff, a refusal or a self-identification (their classifiers are
validated on labelled transcripts in tests/behaviour/probe_classify_test.cc); this test checks
the plumbing:
- every probe is asked of every endpoint and answered; the answers are recorded; the report has
  the observations (identity answers, cutoff table by month, refusal labels, token counts);
- the token counts are the engine's (usage.prompt_tokens), equal between two models that share
  the tokenizer;
- the run replays identically from the transcript store with no server;
- a chat-only server (no /v1/completions) gives the chat probes and a stated tokenizer limitation;
- compare --probes puts the probe table in the Markdown (en, ko) and HTML reports, and the JSON
  validates against the schema;
- unknown suites or languages are usage errors before any query.

Usage: probes_e2e_test.py --lineage build/lineage
"""

import json
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from engine_harness import DEFAULT_MODELS, Checks, EngineHarness, e2e_main, run_lineage as run  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
check = Checks()


def suites():
    d = ROOT / "data/probes"
    return {n: json.loads((d / f"{n}.json").read_text()) for n in ("identity", "cutoff", "refusal", "tokenizer")}


def check_probe_table(probes, labels, s, langs=("en", "ko")):
    check([e["label"] for e in probes["endpoints"]] == labels, f"one probe entry per endpoint {labels}")
    n_id = sum(1 for p in s["identity"]["prompts"] if p["lang"] in langs)
    n_cut = len(s["cutoff"]["items"]) * len(langs)
    n_ref = {c: sum(1 for p in s["refusal"]["prompts"] if p["category"] == c and p["lang"] in langs)
             for c in ("harmful", "benign")}
    for e in probes["endpoints"]:
        lab = e["label"]
        if "identity" in e:
            ans = e["identity"]["answers"]
            check(len(ans) == n_id and all(isinstance(a["answer"], str) for a in ans),
                  f"{lab}: {n_id} identity answers recorded")
        if "cutoff" in e:
            c = e["cutoff"]
            check(sum(m["asked"] for m in c["by_month"]) == n_cut,
                  f"{lab}: {n_cut} dated questions asked, tabled by month")
            check(c["estimated"] in (True, False) and (c["estimated"] or c["note"]),
                  f"{lab}: a cutoff estimate or the reason for none ({c['note']!r})")
        if "refusal" in e:
            r = e["refusal"]
            check(all(r[k]["asked"] == n_ref[k] and
                      r[k]["refusal"] + r[k]["compliance"] + r[k]["empty"] == n_ref[k] for k in n_ref),
                  f"{lab}: every refusal prompt labelled ({r['harmful']}, {r['benign']})")


def main(lineage):
    work = pathlib.Path(tempfile.mkdtemp(prefix="lineage-probes-e2e-"))
    store = str(work / "t.sqlite")
    s = suites()
    models = {k: DEFAULT_MODELS[k] for k in ("base", "ft-sft", "seed-1")}
    with EngineHarness(models) as h:
        u = h.url
        p, _ = run(lineage, ["behaviour", "--candidate", f"ft-sft={u('ft-sft')}", "--probes", "nope"])
        check(p.returncode == 2 and "nope" in p.stderr, f"unknown probe suite: usage error ({p.stderr.strip()[:120]})")
        p, _ = run(lineage, ["behaviour", "--candidate", f"ft-sft={u('ft-sft')}", "--probes", "all",
                             "--probe-lang", "fr"])
        check(p.returncode == 2 and "fr" in p.stderr, "unknown probe language: usage error")
        p, _ = run(lineage, ["behaviour", "--candidate", f"ft-sft={u('ft-sft')}"])
        check(p.returncode == 2 and "--probes" in p.stderr, "a candidate alone without --probes: usage error")
        p, _ = run(lineage, ["behaviour", "--candidate", f"ft-sft={u('ft-sft')}", "--probes", "all",
                             "--endpoint-model", "nobody=x"])
        check(p.returncode == 2 and "nobody" in p.stderr, "--endpoint-model naming no endpoint: usage error")

        args = ["behaviour", "--candidate", f"ft-sft={u('ft-sft')}", "--base", f"base={u('base')}",
                "--control", f"seed-1={u('seed-1')}", "--prompts", "8", "--probes", "all",
                "--probe-tokens", "4", "--json", "--transcripts", store]
        p, secs = run(lineage, args)
        check(p.returncode == 0, f"probes run exits 0 in {secs:.1f} s ({p.stderr.strip()[:300]})")
        if p.returncode != 0:
            return
        live = json.loads(p.stdout)["behaviour"]
        probes = live["probes"]
        ident = live["endpoints"][0]["identity"]
        check(ident.get("tgi_info", {}).get("model_id") == "ft-sft" and
              ident.get("ollama_show", {}).get("details", {}).get("format") == "gguf" and
              "tokenizer.ggml.tokens" not in ident["ollama_show"].get("model_info", {}) and
              ident.get("props", {}).get("build_info") == "node-llama-cpp 3.21.1",
              f"identity from /props, TGI /info and Ollama /api/show, without tokenizer arrays ({json.dumps(ident)[:300]})")
        print(f"     {probes['queries']} probe queries + {live['agreement']['queries']} agreement queries in {secs:.1f} s")
        check(probes["observations_only"] is True and probes["languages"] == ["en", "ko"],
              "probes are observations, in English and Korean")
        check_probe_table(probes, ["ft-sft", "base", "seed-1"], s)
        counts = {e["label"]: [t["prompt_tokens"] for t in e["tokenizer"]["strings"]] for e in probes["endpoints"]}
        check(all(len(c) == len(s["tokenizer"]["strings"]) and all(n > 0 for n in c) for c in counts.values()),
              "every tokenizer string has the engine's usage.prompt_tokens")
        check(counts["ft-sft"] == counts["base"] == counts["seed-1"],
              "models sharing the 512-token vocabulary report the same token counts")
        agree = {(t["a"], t["b"]): (t["same"], t["compared"]) for t in probes["tokenizer_agreement"]}
        check(agree[("ft-sft", "base")] == (len(s["tokenizer"]["strings"]),) * 2,
              "tokenizer agreement: all strings equal for candidate and base")
        check_token_ids(probes, s)
        n_queries = probes["queries"]
        exp = 3 * (len(s["identity"]["prompts"]) + 2 * len(s["cutoff"]["items"]) +
                   len(s["refusal"]["prompts"]) + len(s["tokenizer"]["strings"]))
        check(n_queries == exp, f"{exp} probe queries planned and sent ({n_queries})")

        export = subprocess.run([lineage, "transcripts", "export", "--jsonl", "--transcripts", store],
                                capture_output=True, text=True)
        lines = [json.loads(x) for x in export.stdout.splitlines() if x.strip()]
        chats = [x for x in lines if x.get("url", "").endswith("/v1/chat/completions")]
        check(len(chats) >= 3 * (len(s["identity"]["prompts"]) + 2 * len(s["cutoff"]["items"]) +
                                 len(s["refusal"]["prompts"])),
              f"every chat probe is in the transcript store ({len(chats)} chat records)")

        p2, _ = run(lineage, args + ["--replay"])
        check(p2.returncode == 0, f"replay exits 0 ({p2.stderr.strip()[:200]})")
        if p2.returncode == 0:
            rep = json.loads(p2.stdout)["behaviour"]
            check(rep["probes"] == probes, "the probes replay identically from the store")

        p3, _ = run(lineage, ["behaviour", "--candidate", f"ft-sft={u('ft-sft', 'chatonly')}",
                              "--probes", "refusal,tokenizer", "--probe-lang", "ko", "--probe-tokens", "4",
                              "--json", "--no-store"])
        check(p3.returncode == 0, f"chat-only server: probes still run ({p3.stderr.strip()[:200]})")
        if p3.returncode == 0:
            e = json.loads(p3.stdout)["behaviour"]["probes"]["endpoints"][0]
            check("404" in e["tokenizer"].get("limitation", "") and
                  all(t["prompt_tokens"] == -1 and t["token_ids"] is None for t in e["tokenizer"]["strings"])
                  and e["tokenizer"]["tokenize_source"] == "usage.prompt_tokens",
                  f"chat-only server: the tokenizer probe is a stated limitation ({e['tokenizer'].get('limitation', '')[:100]})")
            check_probe_table(json.loads(p3.stdout)["behaviour"]["probes"], ["ft-sft"], s, ("ko",))

        compare_reports(lineage, h, work)


def check_token_ids(probes, s):
    """/tokenize ids: recorded per string, the engine's own (its usage count is the ids plus at
    most a BOS), and exactly equal between models that share the 512-token vocabulary."""
    n = len(s["tokenizer"]["strings"])
    for e in probes["endpoints"]:
        t = e["tokenizer"]
        ids = [x["token_ids"] for x in t["strings"]]
        check(t["tokenize_source"] == "/tokenize" and all(isinstance(i, list) and i for i in ids),
              f"{e['label']}: token ids from /tokenize for every string")
        extra = {x["prompt_tokens"] - len(x["token_ids"]) for x in t["strings"]}
        check(len(extra) == 1 and extra <= {0, 1} and all(0 <= i < 512 for x in ids for i in x),
              f"{e['label']}: usage.prompt_tokens = len(ids) + {extra} (BOS), ids in the vocabulary")
    lengths = [len(x["token_ids"]) for x in probes["endpoints"][0]["tokenizer"]["strings"]]
    print(f"     token ids per string: {lengths}")
    for t in probes["tokenizer_agreement"]:
        check(t["compared_ids"] == t["same_ids"] == n,
              f"{t['a']} ~ {t['b']}: identical token ids on all {n} strings")


def compare_reports(lineage, h, work):
    u = h.url
    models = ROOT / "examples/models"
    args = ["compare", str(models / "ft-sft"), str(models / "base"), "--quiet",
            "--endpoint", f"ft-sft={u('ft-sft')}", "--endpoint", f"base={u('base')}",
            "--control", f"seed-1={u('seed-1')}", "--max-queries", "30",
            "--probes", "identity,refusal", "--probe-tokens", "6",
            "--transcripts", str(work / "compare.sqlite")]
    p, _ = run(lineage, ["compare", str(models / "ft-sft"), str(models / "base"), "--probes", "identity"])
    check(p.returncode == 2 and "--probes needs --endpoint" in p.stderr,
          "compare --probes without --endpoint: usage error before any analysis")
    for lang, title, probes_title in (("en", "## Behaviour (served models", "### Probes (observations, not a verdict)"),
                                      ("ko", "## 행동 (서비스 중인 모델", "### 탐침 (관찰이며 판정이 아님)")):
        md, html = work / f"r-{lang}.md", work / f"r-{lang}.html"
        # The Korean run answers from the store the English run filled (no server time).
        p, secs = run(lineage, args + ["--lang", lang, "--md", str(md), "--html", str(html), "--json"]
                      + (["--replay"] if lang == "ko" else []))
        check(p.returncode == 0, f"compare --probes --lang {lang} exits 0 in {secs:.1f} s ({p.stderr.strip()[:200]})")
        if p.returncode != 0:
            continue
        text = md.read_text()
        check(title in text and probes_title in text and "| ft-sft |" in text,
              f"Markdown ({lang}) has the behaviour section and the probe table")
        page = html.read_text()
        check('id="behaviour-agreement-bars"' in page and 'id="behaviour-probes"' in page,
              f"HTML ({lang}) has the agreement bars and the probe table")
        if lang != "en":
            continue
        j = json.loads(p.stdout)
        check(j["schema_version"] == "2.6" and "probes" in j["behaviour"], "compare --json carries behaviour.probes (2.5)")
        try:
            import jsonschema
        except ImportError:
            print("skip schema validation: python3-jsonschema missing")
            continue
        schema = json.loads((ROOT / "docs/schema/compare.schema.json").read_text())
        errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(j)]
        check(not errors, f"compare --json with probes validates against the schema {errors[:3]}")


if __name__ == "__main__":
    sys.exit(e2e_main(main, check))
