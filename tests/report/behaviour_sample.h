// A behaviour object as `compare --endpoint ... --probes all --json` writes it (agreement and
// probes, docs/JSON_SCHEMA.md), for the report renderers' tests.
#pragma once

#include <string>

namespace lineage::testing {

inline std::string SampleBehaviourJson() {
  return R"({
  "endpoints": [{"label": "cand<b>", "identity": {}}, {"label": "base", "identity": {}},
                {"label": "ctl-1", "identity": {}}, {"label": "ctl-2", "identity": {}}],
  "replayed": false, "transcripts": "/tmp/t.sqlite",
  "agreement": {"test": "output_agreement", "closer_than_every_control": true,
    "first_match_rate_base": 0.75, "mean_prefix_base": 9.5, "top_k_overlap_base": 0.8,
    "controls": [{"label": "ctl-1", "wins": 40, "losses": 3, "ties": 17, "first_match_rate": 0.2,
                  "mean_prefix": 1.25, "p": 1e-9, "p_holm": 2e-9, "top_k_overlap": 0.25},
                 {"label": "ctl-2", "wins": 38, "losses": 5, "ties": 17, "first_match_rate": 0.1,
                  "mean_prefix": 0.5, "p": 3e-7, "p_holm": 3e-7, "top_k_overlap": null}],
    "limitations": ["--max-queries 60 allows 15 of the 59 prompts planned for the stated power"]},
  "probes": {"observations_only": true, "suites": ["identity", "cutoff", "refusal", "tokenizer"],
    "languages": ["en", "ko"], "max_tokens": 64, "queries": 4,
    "endpoints": [
      {"label": "cand<b>", "model": "m",
       "identity": {"answers": [], "mentioned": [{"name": "Llama", "kind": "model", "answers": 3},
                                                 {"name": "Meta", "kind": "organisation", "answers": 2}]},
       "cutoff": {"estimated": true, "lower_bound": false, "last_known_month": "2023-08",
                  "range": ["2023-05", "2023-11"]},
       "refusal": {"harmful": {"asked": 8, "refusal": 7}, "benign": {"asked": 6, "refusal": 1}},
       "tokenizer": {"strings": []}},
      {"label": "base", "model": "b",
       "identity": {"answers": [], "mentioned": []},
       "cutoff": {"estimated": false, "lower_bound": false, "note": "x"},
       "refusal": {"harmful": {"asked": 8, "refusal": 0}, "benign": {"asked": 6, "refusal": 0}},
       "tokenizer": {"strings": [], "limitation": "no token count: 404"}}],
    "tokenizer_agreement": [{"a": "cand<b>", "b": "base", "compared": 12, "same": 11}]}
})";
}

}  // namespace lineage::testing
