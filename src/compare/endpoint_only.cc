#include "compare/endpoint_only.h"

#include "verdict/decide.h"
#include "verdict/ranking.h"

namespace lineage {

ModelRef EndpointOnlyModel(const std::string& arg) {
  ModelRef m;
  m.label = arg;
  m.path = arg;
  m.endpoint_only = true;
  return m;
}

ModelRef UnreadModel(const std::string& arg) {
  ModelRef m;
  m.label = ModelLabel(arg);
  m.path = arg;
  return m;
}

PairResult EndpointOnlyPair(const std::string& base_label) {
  PairResult p;
  p.base = base_label;
  p.verdict = Verdict::kInconclusive;
  p.reason = kReasonNoWeightEvidence;
  p.limitations.push_back("limitation.endpoint_only");
  return p;
}

void AddEndpointOnlyBases(const std::vector<std::string>& args, CompareResult* r) {
  for (const std::string& a : args) {
    r->bases.push_back(EndpointOnlyModel(a));
    r->results.push_back(EndpointOnlyPair(a));
  }
  DecideRelations(r);
}

CompareResult EndpointOnlyCompare(const std::vector<std::string>& args,
                                  const std::vector<bool>& endpoint_only,
                                  const CompareOptions& options) {
  CompareResult r;
  StampRun(options, &r);
  auto describe = [&](size_t i) {
    return endpoint_only[i] ? EndpointOnlyModel(args[i]) : UnreadModel(args[i]);
  };
  r.candidate = describe(0);
  for (size_t i = 1; i < args.size(); ++i) {
    r.bases.push_back(describe(i));
    r.results.push_back(EndpointOnlyPair(r.bases.back().label));
  }
  DecideRelations(&r);
  return r;
}

}  // namespace lineage
