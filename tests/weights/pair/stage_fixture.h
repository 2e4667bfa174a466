// A PairState over two in-memory models, for running the pair pipeline's stages one at a time
// (src/weights/pair/pair_analysis.h lists them). Rows are paired by id: the example models share
// one tokenizer (examples/models/MANIFEST.md).
//
// Contract: owns both models, the pool and the options; `state` borrows them, so the fixture is
// neither copied nor moved. Not thread-safe.
#pragma once

#include <initializer_list>
#include <utility>

#include "weights/pair/block_pairs.h"
#include "weights/pair/block_signatures.h"
#include "weights/pair/pair_state.h"
#include "weights/pair/prepare_pair.h"
#include "weights/pair/residual_alignment.h"

namespace lineage::testing {

inline int64_t EmbedRows(const WeightSource& s) {
  const TensorKey ek = Key(Role::kEmbed);
  return s.Has(ek) ? static_cast<int64_t>(s.Shape(ek).first) : 0;
}

struct StageFixture {
  StageFixture(InMemoryWeights a, InMemoryWeights b, WeightsOptions o = WeightsOptions())
      : cand(std::move(a)),
        base(std::move(b)),
        options(o),
        pool(2),
        shared(AssumeSameIds(EmbedRows(cand), EmbedRows(base), 2048)),
        state(PairInputs{cand, base, shared, pool, options}) {}
  StageFixture(const StageFixture&) = delete;
  StageFixture& operator=(const StageFixture&) = delete;

  // Runs `stages` in order; the first error stops and is returned.
  Status Run(std::initializer_list<PairStage> stages) {
    for (PairStage stage : stages) LINEAGE_RETURN_IF_ERROR(stage(state));
    return Status::Ok();
  }

  // Every stage before "block tests": a state ready for the per-block stages.
  Status RunUntilBlockTests() {
    return Run(
        {PreparePair, AlignResidualStreams, ComputeBlockSignatures, MapBlocks, ChooseBlockPairs});
  }

  InMemoryWeights cand, base;
  WeightsOptions options;
  ThreadPool pool;
  SharedTokenRows shared;
  PairState state;
};

}  // namespace lineage::testing
