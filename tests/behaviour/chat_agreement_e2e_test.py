#!/usr/bin/env python3
"""ctest behaviour.chat_agreement_e2e: the output-agreement test on chat-only endpoints (no
/v1/completions, no vocabulary size: server.mjs's `chatonly` fault) with the shipped
natural-language prompts (data/probes/chat_prompts.json), against the real engine.

- --prompt-mode auto falls back to chat prompts and says why; ft-sft against base, with an
  unrelated trained control and a random init: closer to the base than to every control,
  Holm p < 0.01.
- Two distillates of one teacher (indep-s1 vs distill-1, the teacher and its fine-tune as
  controls): no behavioural evidence.
- The chat run replays identically from the store; --prompt-mode tokens on such servers is a
  clear error naming the missing vocabulary size.

Usage: chat_agreement_e2e_test.py --lineage build/lineage
"""

import json
import pathlib
import sys
import subprocess
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from engine_harness import DEFAULT_MODELS, Checks, EngineHarness, e2e_main, run_lineage  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
check = Checks()


def run(lineage, args):
    return run_lineage(lineage, ["behaviour"] + args)


def main(lineage):
    store = str(pathlib.Path(tempfile.mkdtemp(prefix="lineage-chat-e2e-")) / "t.sqlite")
    models = {k: DEFAULT_MODELS[k] for k in ("base", "ft-sft", "seed-1", "rand-1", "indep-s1", "distill-1")}
    with EngineHarness(models) as h:
        def u(m):
            return h.url(m, "chatonly")
        derived = ["--candidate", f"ft-sft={u('ft-sft')}", "--base", f"base={u('base')}",
                   "--control", f"seed-1={u('seed-1')}", "--control", f"rand-1={u('rand-1')}",
                   "--json", "--transcripts", store]
        p, secs = run(lineage, derived)
        check(p.returncode == 0, f"chat-only derived run exits 0 in {secs:.1f} s ({p.stderr.strip()[:300]})")
        if p.returncode == 0:
            a = json.loads(p.stdout)["behaviour"]["agreement"]
            print(f"     {a['prompts']} chat prompts, {a['queries']} queries, unit {a['unit']}; "
                  f"first match with base {a['first_match_rate_base']:.3f}; "
                  + "; ".join(f"{c['label']}: {c['wins']}/{c['losses']}/{c['ties']} holm {c['p_holm']:.2g}"
                              for c in a["controls"]))
            check(a["prompt_mode"] == "chat" and any("chat prompts instead" in x for x in a["limitations"]),
                  "auto mode falls back to chat prompts and states why")
            check(a["closer_than_every_control"] and all(c["p_holm"] < 0.01 for c in a["controls"]),
                  "ft-sft: closer to base than every control, every Holm p < 0.01")
            p2, _ = run(lineage, derived + ["--replay"])
            check(p2.returncode == 0 and {k: v for k, v in json.loads(p2.stdout)["behaviour"]["agreement"].items() if k != "seconds"}
                  == {k: v for k, v in a.items() if k != "seconds"}, "the chat run replays identically")
        p, secs = run(lineage, ["--candidate", f"indep-s1={u('indep-s1')}", "--base", f"distill-1={u('distill-1')}",
                                "--control", f"base={u('base')}", "--control", f"ft-sft={u('ft-sft')}",
                                "--prompt-mode", "chat", "--json", "--transcripts", store])
        check(p.returncode == 0, f"chat-only distillates run exits 0 in {secs:.1f} s ({p.stderr.strip()[:200]})")
        if p.returncode == 0:
            a = json.loads(p.stdout)["behaviour"]["agreement"]
            print("     " + "; ".join(f"{c['label']}: {c['wins']}/{c['losses']}/{c['ties']} holm {c['p_holm']:.2g}"
                                      for c in a["controls"]))
            check(not a["closer_than_every_control"] and a["limitations"] == [],
                  "two distillates of one teacher: no behavioural evidence (chat prompts asked for, no limitation)")
        korean(lineage, u, store)
        p, _ = run(lineage, derived[:8] + ["--prompt-mode", "tokens", "--no-store"])
        check(p.returncode != 0 and "n_vocab" in p.stderr, f"--prompt-mode tokens on chat-only servers: a clear error ({p.stderr.strip()[:160]})")


def korean(lineage, u, store):
    """--probe-lang ko: the Korean chat prompts (data/probes/chat_prompts_ko.json) are sent."""
    ko = json.loads((ROOT / "data/probes/chat_prompts_ko.json").read_text())["prompts"]
    p, secs = run(lineage, ["--candidate", f"ft-sft={u('ft-sft')}", "--base", f"base={u('base')}",
                            "--control", f"rand-1={u('rand-1')}", "--prompt-mode", "chat",
                            "--probe-lang", "ko", "--prompts", "24", "--json", "--transcripts", store])
    check(p.returncode == 0, f"Korean chat prompts: exits 0 in {secs:.1f} s ({p.stderr.strip()[:200]})")
    if p.returncode != 0:
        return
    a = json.loads(p.stdout)["behaviour"]["agreement"]
    print("     ko: " + "; ".join(f"{c['label']}: {c['wins']}/{c['losses']}/{c['ties']} holm {c['p_holm']:.2g}"
                                 for c in a["controls"]))
    export = subprocess.run([lineage, "transcripts", "export", "--jsonl", "--transcripts", store],
                            capture_output=True, text=True)
    sent = set()
    for line in export.stdout.splitlines():
        rec = json.loads(line)
        req = rec.get("request")
        req = json.loads(req) if isinstance(req, str) and req else {}
        for m in (req or {}).get("messages", []):
            sent.add(m.get("content"))
    check(a["chat_lang"] == "ko" and a["prompts"] == 24 and len(sent & set(ko)) == 24,
          f"--probe-lang ko: 24 of the Korean prompts sent, chat_lang ko ({len(sent & set(ko))})")


if __name__ == "__main__":
    sys.exit(e2e_main(main, check))
