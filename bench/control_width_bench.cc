// The power controls at reduced width (METHODS §10.9), measured: for each requested width the
// controls of compare/positive_controls.h run on MODEL (not cached) and print the detections,
// the Clopper–Pearson lower bound, the detections per kind and the wall time. Width 0 is the
// model's own width (no narrowing). MODE is the pair's reading mode as resolved (`sequential`,
// the default for models whose blocks hold 1e8 parameters or more, or `full`): the controls
// follow it (compare/positive_controls.h ControlWeightsOptions). Driven by
// bench/control_width.sh; not run in CI.
//   control_width_bench MODEL MODE CONTROLS MIN_COS MAX_COS THREADS WIDTH...
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "compare/positive_controls.h"
#include "model/model.h"
#include "stats/binomial_bound.h"
#include "util/thread_pool.h"
#include "weights/source/model_weight_source.h"

int main(int argc, char** argv) {
  if (argc < 8) {
    std::fprintf(stderr,
                 "usage: control_width_bench MODEL MODE CONTROLS MIN_COS MAX_COS "
                 "THREADS WIDTH...\n");
    return 2;
  }
  const char* path = argv[1];
  lineage::WeightsOptions weights;
  weights.sampling.mode = std::string(argv[2]) == "full" ? lineage::SamplingMode::kFull
                                                         : lineage::SamplingMode::kSequential;
  lineage::Result<lineage::Model> model = lineage::LoadModel(path);
  if (!model.ok()) {
    std::fprintf(stderr, "%s: %s\n", path, model.status().ToString().c_str());
    return 1;
  }
  const lineage::ModelWeightSource base(*model);
  lineage::ThreadPool pool(static_cast<unsigned>(std::atoi(argv[6])));
  for (int i = 7; i < argc; ++i) {
    lineage::PowerOptions po;
    po.controls = std::atoi(argv[3]);
    po.min_drift_cosine = std::atof(argv[4]);
    po.max_drift_cosine = std::atof(argv[5]);
    po.control_width = std::atoll(argv[i]);
    const auto start = std::chrono::steady_clock::now();
    lineage::Result<lineage::PowerRun> run =
        lineage::MeasureControlPower(base, pool, weights, lineage::DecideOptions(), po);
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!run.ok()) {
      std::fprintf(stderr, "width %s: %s\n", argv[i], run.status().ToString().c_str());
      return 1;
    }
    const lineage::PowerStatement& p = run->power;
    std::string kinds;
    for (const lineage::PowerKind& k : p.kinds) {
      kinds += " " + k.kind + " " + std::to_string(k.detections) + "/" + std::to_string(k.controls);
    }
    std::printf("width %lld of %lld: %d of %d detected (lower bound %.3f), %.1f s;%s\n",
                static_cast<long long>(p.control_width), static_cast<long long>(p.residual_width),
                p.detections, p.controls,
                lineage::ClopperPearsonLower(p.detections, p.controls, p.confidence), s,
                kinds.c_str());
    std::fflush(stdout);
  }
  return 0;
}
