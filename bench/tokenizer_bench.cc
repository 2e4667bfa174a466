// Tokenizer benchmarks: loading a tokenizer file and comparing two vocabularies.
//
//   tokenizer_bench load FILE [REPS]        best-of-REPS time to load FILE into a Vocab
//   tokenizer_bench compare A B [REPS]      best-of-REPS time of CompareVocabs (loading excluded)
//   tokenizer_bench parse-only FILE [REPS]  simdjson DOM parse alone (this machine's floor)
//
// Prints one JSON line: {"op", "ms_wall", "ms_cpu", ...}. CPU time is this thread's, so a loaded
// machine inflates wall time but not CPU time; both are reported. bench/tokenizer.sh runs this
// next to the Python peer (bench/tokenizer_peer.py) and prints the ratios.
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <simdjson.h>

#include "tokenizer/compare.h"
#include "tokenizer/vocab.h"

namespace {

struct Clock {
  double wall = 0, cpu = 0;
  static double Now(clockid_t id) {
    timespec ts;
    clock_gettime(id, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
  }
  void Start() {
    wall = Now(CLOCK_MONOTONIC);
    cpu = Now(CLOCK_THREAD_CPUTIME_ID);
  }
  std::pair<double, double> Stop() const {
    return {Now(CLOCK_MONOTONIC) - wall, Now(CLOCK_THREAD_CPUTIME_ID) - cpu};
  }
};

int Usage() {
  std::fprintf(stderr, "usage: tokenizer_bench load FILE [REPS] | compare A B [REPS]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return Usage();
  std::string op = argv[1];
  double best_wall = 1e300, best_cpu = 1e300;
  Clock clock;
  if (op == "load") {
    int reps = argc > 3 ? std::atoi(argv[3]) : 5;
    size_t tokens = 0;
    for (int r = 0; r < std::max(reps, 1); ++r) {
      clock.Start();
      auto v = lineage::LoadVocab(argv[2]);
      auto [w, c] = clock.Stop();
      if (!v.ok()) {
        std::fprintf(stderr, "%s\n", v.status().ToString().c_str());
        return 1;
      }
      tokens = v->size();
      best_wall = std::min(best_wall, w);
      best_cpu = std::min(best_cpu, c);
    }
    std::printf(
        "{\"op\": \"load\", \"file\": \"%s\", \"tokens\": %zu, \"ms_wall\": %.2f, \"ms_cpu\": "
        "%.2f}\n",
        argv[2], tokens, best_wall, best_cpu);
    return 0;
  }
  if (op == "parse-only") {
    // Reference point on this machine: simdjson's DOM parse of the same file, nothing else.
    int reps = argc > 3 ? std::atoi(argv[3]) : 5;
    simdjson::padded_string text;
    if (simdjson::padded_string::load(argv[2]).get(text) != simdjson::SUCCESS) return 1;
    simdjson::dom::parser parser;
    for (int r = 0; r < std::max(reps, 1); ++r) {
      clock.Start();
      simdjson::dom::element root;
      if (parser.parse(text).get(root) != simdjson::SUCCESS) return 1;
      auto [w, c] = clock.Stop();
      best_wall = std::min(best_wall, w);
      best_cpu = std::min(best_cpu, c);
    }
    std::printf("{\"op\": \"parse-only\", \"file\": \"%s\", \"ms_wall\": %.2f, \"ms_cpu\": %.2f}\n",
                argv[2], best_wall, best_cpu);
    return 0;
  }
  if (op == "compare" && argc >= 4) {
    int reps = argc > 4 ? std::atoi(argv[4]) : 5;
    auto a = lineage::LoadVocab(argv[2]);
    auto b = lineage::LoadVocab(argv[3]);
    if (!a.ok() || !b.ok()) {
      std::fprintf(stderr, "%s\n", (!a.ok() ? a : b).status().ToString().c_str());
      return 1;
    }
    const char* relation = "";
    double jaccard = 0;
    for (int r = 0; r < std::max(reps, 1); ++r) {
      clock.Start();
      lineage::TokenizerComparison c = lineage::CompareVocabs(*a, *b);
      auto [w, cpu] = clock.Stop();
      relation = lineage::RelationLabel(c.relation);
      jaccard = c.jaccard;
      best_wall = std::min(best_wall, w);
      best_cpu = std::min(best_cpu, cpu);
    }
    std::printf(
        "{\"op\": \"compare\", \"a\": \"%s\", \"b\": \"%s\", \"relation\": \"%s\", \"jaccard\": "
        "%.4f, "
        "\"ms_wall\": %.2f, \"ms_cpu\": %.2f}\n",
        argv[2], argv[3], relation, jaccard, best_wall, best_cpu);
    return 0;
  }
  return Usage();
}
