#!/usr/bin/env python3
"""ctest behaviour.agreement_e2e: `lineage behaviour` against a real engine (llama.cpp through
node-llama-cpp, engine_harness.py) serving GGUFs of the shipped tiny models.

- Derived: ft-sft vs base, with unrelated controls (two seeds trained on another corpus and an
  untrained random init): functionally closer to the base than to every control, Holm p < 0.01.
- Two distillates of one teacher (indep-s1 vs distill-1, the teacher base and its fine-tune
  ft-sft as controls): no behavioural evidence.
- The derived run replays identically from the transcript store with no server.
- Bad servers: a timeout, malformed JSON, a broken SSE stream, dropped logprobs, 429 with
  Retry-After, another model's answers, answers that change between two runs, a multi-model
  server without --endpoint-model, an API key: each a clear error or a stated limitation.
- The API key appears in no output, no transcript and no export.

Usage: agreement_e2e_test.py --lineage build/lineage
"""

import json
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from engine_harness import Checks, EngineHarness, e2e_main, run_lineage  # noqa: E402

SECRET = "lineage-test-key"
ROOT = pathlib.Path(__file__).resolve().parents[2]
check = Checks()


def run(lineage, args, env_extra=None):
    return run_lineage(lineage, ["behaviour"] + args, env_extra)


def agreement(p):
    return json.loads(p.stdout)["behaviour"]["agreement"]


def comparable(a):
    return {k: v for k, v in a.items() if k != "seconds"}


def main(lineage):
    work = pathlib.Path(tempfile.mkdtemp(prefix="lineage-beh-e2e-"))
    store = str(work / "t.sqlite")
    with EngineHarness() as h:
        u = h.url
        derived = ["--candidate", f"ft-sft={u('ft-sft')}", "--base", f"base={u('base')}",
                   "--control", f"seed-1={u('seed-1')}", "--control", f"seed-2={u('seed-2')}",
                   "--control", f"rand-1={u('rand-1')}", "--json", "--transcripts", store]
        p, secs = run(lineage, derived)
        check(p.returncode == 0, f"derived run exits 0 ({p.returncode}: {p.stderr.strip()[:300]})")
        live = agreement(p) if p.returncode == 0 else {}
        if live:
            print(f"     derived: {live['prompts']} prompts, {live['queries']} queries in "
                  f"{secs:.1f} s ({live['queries'] / secs:.0f} queries/s), unit {live['unit']}")
            for c in live["controls"]:
                print(f"     control {c['label']}: wins {c['wins']} losses {c['losses']} "
                      f"ties {c['ties']} p {c['p']:.3g} holm {c['p_holm']:.3g}")
            check(live["closer_than_every_control"], "ft-sft: closer to base than every control")
            check(all(c["p_holm"] < 0.01 for c in live["controls"]), "ft-sft: every Holm p < 0.01")
            check(live["unit"] == "tokens", "logprobs tokens are the unit")
            ov = [live["top_k_overlap_base"]] + [c["top_k_overlap"] for c in live["controls"]]
            print("     top-k overlap: base " + ", ".join(f"{x:.3f}" for x in ov))
            check(all(isinstance(x, float) and 0 <= x <= 1 for x in ov) and ov[0] > max(ov[1:]),
                  "top-k overlap reported, higher with the base than with every control")
            check(live["prompts"] == live["prompts_planned"] > 0, "prompts as planned for power")

        distill = ["--candidate", f"indep-s1={u('indep-s1')}", "--base",
                   f"distill-1={u('distill-1')}", "--control", f"base={u('base')}",
                   "--control", f"ft-sft={u('ft-sft')}", "--json", "--no-store"]
        p, _ = run(lineage, distill)
        check(p.returncode == 0, f"distillates run exits 0 ({p.stderr.strip()[:300]})")
        if p.returncode == 0:
            a = agreement(p)
            print("     distillates: " + ", ".join(
                f"{c['label']} wins {c['wins']} losses {c['losses']} holm {c['p_holm']:.3g}"
                for c in a["controls"]))
            check(not a["closer_than_every_control"] and a["finding"] == "no behavioural evidence",
                  "two distillates of one teacher: no behavioural evidence")

        compare_with_endpoints(lineage, h, work)
        bad_servers(lineage, h, work)
        secret_never_leaks(lineage, h, work)

    # The server is gone: the same run answers from the store alone.
    p, _ = run(lineage, derived + ["--replay"])
    check(p.returncode == 0, f"replay with no server exits 0 ({p.stderr.strip()[:300]})")
    if p.returncode == 0 and live:
        check(comparable(agreement(p)) == comparable(live), "replay is identical to the live run")
        check(json.loads(p.stdout)["behaviour"]["replayed"], "the JSON says it was replayed")
    p, _ = run(lineage, derived + ["--replay", "--seed", "99"])
    check(p.returncode != 0 and "no answer for" in p.stderr,
          "replay of a request never made is an error naming it")
    exp = subprocess.run([lineage, "transcripts", "export", "--jsonl", "--transcripts", store],
                         capture_output=True, text=True)
    lines = [json.loads(x) for x in exp.stdout.splitlines()]
    check(exp.returncode == 0 and len(lines) > 100 and {"method", "url", "request", "response"}
          <= set(lines[0]), f"transcripts export --jsonl ({len(lines)} records)")


def compare_with_endpoints(lineage, h, work):
    root = ROOT / "examples/models"
    u = h.url
    base_args = ["compare", str(root / "ft-sft"), str(root / "base"), "--json", "--quiet"]
    p, _ = run_lineage(lineage, base_args + ["--endpoint", f"ft-sft={u('ft-sft')}"])
    check(p.returncode == 2 and "--control" in p.stderr, "compare --endpoint without --control: usage error")
    p, secs = run_lineage(lineage, base_args + [
        "--endpoint", f"ft-sft={u('ft-sft')}", "--endpoint", f"base={u('base')}",
        "--control", f"seed-1={u('seed-1')}", "--control", f"rand-1={u('rand-1')}",
        "--transcripts", str(work / "compare.sqlite"), "--max-queries", "60"])
    check(p.returncode == 0, f"compare --endpoint exits 0 in {secs:.1f} s ({p.stderr.strip()[:300]})")
    if p.returncode != 0:
        return
    j = json.loads(p.stdout)
    b = j.get("behaviour", {})
    check(j["schema_version"].startswith("2.") and b.get("agreement", {}).get("closer_than_every_control"),
          "compare --json has the behaviour section (schema 2.3+): closer to base")
    check(b["agreement"]["prompts"] == 15 < b["agreement"]["prompts_planned"] and any(
        "--max-queries 60" in x for x in b["agreement"]["limitations"]),
        "--max-queries caps the prompts below the plan, and says so")
    check([e["label"] for e in b["endpoints"]] == ["ft-sft", "base", "seed-1", "rand-1"],
          "the endpoints are bound to the candidate's and the base's labels")
    validate(j, "compare --json with behaviour")
    endpoint_only(lineage, h, work)
    compare_usage_errors(lineage, h)


def validate(j, what):
    try:
        import jsonschema
    except ImportError:
        print("skip schema validation: python3-jsonschema missing")
        return
    schema = json.loads((ROOT / "docs/schema/compare.schema.json").read_text())
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(j)]
    check(not errors, f"{what} validates against the schema {errors[:3]}")


def endpoint_only(lineage, h, work):
    """An endpoint-only candidate (a label with no files): served ft-sft as `served-x`, against the
    local base with its served twin. No weights are read; the verdict stays inconclusive with the
    weight evidence stated as not available, and the behaviour section explains it."""
    u = h.url
    md = work / "endpoint-only.md"
    args = ["compare", "served-x", str(ROOT / "examples/models/base"), "--json", "--quiet",
            "--endpoint", f"served-x={u('ft-sft')}", "--endpoint", f"base={u('base')}",
            "--control", f"seed-1={u('seed-1')}", "--control", f"rand-1={u('rand-1')}",
            "--transcripts", str(work / "compare.sqlite"), "--max-queries", "60", "--md", str(md)]
    p, secs = run_lineage(lineage, args)
    check(p.returncode == 0, f"compare with an endpoint-only candidate exits 0 in {secs:.1f} s "
                             f"({p.stderr.strip()[:300]})")
    if p.returncode != 0:
        return
    j = json.loads(p.stdout)
    r = j["results"][0]
    check(j["candidate"].get("endpoint_only") is True and j["candidate"]["bytes_read"] == 0
          and j["candidate"]["files"] == [] and j["bases"][0]["bytes_read"] == 0,
          "endpoint-only candidate: marked, nothing read from either model")
    check(r["verdict"] == "inconclusive" and r["reason"] == "reason.no_weight_evidence"
          and r["tokenizer"] is None and r["architecture"] is None and r["exact"]["log10_p"] is None,
          f"its verdict is inconclusive with no weight, tokenizer or architecture number ({r['verdict']})")
    check(any(t["id"] == "limitation.endpoint_only" and "not available" in t["text"] for t in r["limitations"]),
          "the limitation says the evidence is not available")
    check(j["behaviour"]["agreement"]["closer_than_every_control"],
          "the behaviour section explains it: closer to the base than every control")
    check("served endpoint" in md.read_text(), "the Markdown report states the limitation")
    check(j["most_related_reason"] == "related.unchecked"
          and "No weights could be compared" in md.read_text()
          and "No evidence of trained weights" not in md.read_text(),
          "the overall line says no weights were compared, not that none are shared")
    validate(j, "compare --json with an endpoint-only candidate")
    p, _ = run_lineage(lineage, args[:-2] + ["--lang", "ko"])
    check(p.returncode == 0 and any("서비스 엔드포인트" in t["text"] for t in json.loads(p.stdout)["results"][0]["limitations"]),
          "the limitation is in Korean with --lang ko")


def compare_usage_errors(lineage, h):
    """Usage errors of the behaviour flags exit 2 in compare, before or after the analysis."""
    u = h.url
    only = ["compare", "served-x", "served-y", "--json", "--quiet",
            "--endpoint", f"served-x={u('ft-sft')}", "--endpoint", f"served-y={u('base')}",
            "--control", f"seed-1={u('seed-1')}"]
    for extra, what in ((["--endpoint", "no-equals-sign"], "bad --endpoint syntax"),
                        (["--control", "c=ftp://x"], "a control that is not an http(s) URL"),
                        (["--endpoint-model", "nobody=m"], "--endpoint-model naming no endpoint"),
                        (["--endpoint", f"stray={u('base')}"], "an --endpoint label no model argument has"),
                        (["--probe-lang", "fr"], "an unknown probe language"),
                        (["--registry"], "--registry with an endpoint-only candidate")):
        p, _ = run_lineage(lineage, only + extra)
        check(p.returncode == 2, f"compare: {what} exits 2 ({p.returncode}: {p.stderr.strip()[:160]})")


def small(h, cand, fault=None, extra=()):
    u = h.url
    return (["--candidate", f"c={u(cand, fault)}", "--base", f"base={u('base')}",
             "--control", f"rand-1={u('rand-1')}", "--prompts", "4", "--json", "--no-store"]
            + list(extra))


def bad_servers(lineage, h, work):
    p, secs = run(lineage, small(h, "ft-sft", "slow", ["--timeout", "1", "--retries", "0"]))
    check(p.returncode == 4 and "imeout" in p.stderr and secs < 20,
          f"a server that times out: exit 4 naming a timeout ({p.returncode}: {p.stderr.strip()[:200]})")
    p, _ = run(lineage, small(h, "ft-sft", "badjson"))
    check(p.returncode == 1 and "/v1/completions" in p.stderr,
          f"malformed JSON: exit 1 naming the URL ({p.stderr.strip()[:200]})")
    p, _ = run(lineage, small(h, "ft-sft", "badsse", ["--stream"]))
    check(p.returncode == 1 and "event stream" in p.stderr,
          f"a broken SSE stream: exit 1 ({p.stderr.strip()[:200]})")
    p, _ = run(lineage, small(h, "ft-sft", None, ["--stream"]))
    check(p.returncode == 0 and agreement(p)["unit"] == "tokens", "a good SSE stream parses")
    p, _ = run(lineage, small(h, "ft-sft", "nologprobs"))
    ok = p.returncode == 0 and agreement(p)["unit"] == "bytes" and any(
        "logprobs" in x for x in agreement(p)["limitations"])
    check(ok, "dropped logprobs: bytes as the unit, stated as a limitation")
    check(p.returncode == 0 and agreement(p)["top_k_overlap_base"] is None,
          "dropped logprobs: no top-k overlap (null), not a number")
    p, secs = run(lineage, small(h, "ft-sft", "429", ["--concurrency", "1"]))
    check(p.returncode == 0 and secs >= 1.0,
          f"429 with Retry-After: waited ({secs:.1f} s) and answered ({p.stderr.strip()[:200]})")
    p, _ = run(lineage, small(h, "ft-sft", "wrongmodel"))
    check(p.returncode == 1 and "someone-else" in p.stderr,
          f"answers for another model: exit 1 naming it ({p.stderr.strip()[:200]})")
    drift_store = str(work / "drift.sqlite")
    args = small(h, "ft-sft", "drift", ["--transcripts", drift_store, "--concurrency", "1"])
    args.remove("--no-store")
    first, _ = run(lineage, args)
    second, _ = run(lineage, args)
    check(first.returncode == 0 and second.returncode == 0 and agreement(first)["drifts"] == 0
          and agreement(second)["drifts"] > 0 and any("differ" in x for x in agreement(second)["limitations"]),
          "answers that change between runs: drift counted and stated")
    root = f"http://127.0.0.1:{h.port}"
    p, _ = run(lineage, ["--candidate", f"c={root}", "--base", f"base={h.url('base')}",
                         "--control", f"r={h.url('rand-1')}", "--prompts", "4", "--no-store"])
    check(p.returncode == 1 and "several models" in p.stderr and "--endpoint-model" in p.stderr,
          f"a multi-model server without --endpoint-model is an error ({p.stderr.strip()[:200]})")
    p, _ = run(lineage, ["--candidate", f"c={root}", "--endpoint-model", "c=ft-sft",
                         "--base", f"base={h.url('base')}", "--control", f"r={h.url('rand-1')}",
                         "--prompts", "4", "--no-store", "--json"])
    check(p.returncode == 0, f"--endpoint-model picks one ({p.stderr.strip()[:200]})")


def secret_never_leaks(lineage, h, work):
    store = str(work / "auth.sqlite")
    args = small(h, "ft-sft", "auth", ["--transcripts", store, "--verbose"])
    args.remove("--no-store")
    p, _ = run(lineage, args)
    check(p.returncode == 4 and "LINEAGE_API_KEY_C" in p.stderr and "HF_TOKEN" not in p.stderr,
          f"no API key: exit 4 naming the key variable ({p.stderr.strip()[:200]})")
    p, _ = run(lineage, args, {"LINEAGE_API_KEY_C": SECRET})
    check(p.returncode == 0, f"LINEAGE_API_KEY_<LABEL> is sent ({p.stderr.strip()[:200]})")
    p2, _ = run(lineage, args, {"OPENAI_API_KEY": SECRET})
    check(p2.returncode == 0, "OPENAI_API_KEY is the fallback")
    exp = subprocess.run([lineage, "transcripts", "export", "--jsonl", "--transcripts", store],
                         capture_output=True, text=True)
    leaked = [SECRET in x for x in (p.stdout, p.stderr, p2.stdout, p2.stderr, exp.stdout)]
    leaked.append(SECRET.encode() in pathlib.Path(store).read_bytes())
    check(not any(leaked), f"the API key is in no output, transcript or export ({leaked})")


if __name__ == "__main__":
    sys.exit(e2e_main(main, check))
