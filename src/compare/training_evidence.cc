#include "compare/training_evidence.h"

#include <cmath>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "compare/compare.h"
#include "compare/trajectory_decision.h"
#include "training/init_signature.h"
#include "training/log_checks.h"
#include "training/log_reader.h"
#include "training/trajectory.h"

namespace lineage {
namespace {

namespace fs = std::filesystem;

Finding Context(const char* analysis, const char* test, const std::string& component,
                const char* statistic, double value, Direction direction) {
  Finding f = MakeFinding(analysis, test, component, statistic, value);
  f.direction = direction;
  f.decisive = false;  // training and compute evidence never decide a weight verdict
  return f;
}

NullModel Analytic(std::string description, std::optional<double> mean = std::nullopt) {
  NullModel n;
  n.kind = "analytic";
  n.description = std::move(description);
  n.mean = mean;
  return n;
}

bool HasFlag(const std::vector<std::string>& flags, const char* flag) {
  for (const std::string& f : flags) {
    if (f == flag) return true;
  }
  return false;
}

Status AddLogs(const TrainingInputs& in, const TrainingContext& ctx, CompareResult* r) {
  std::vector<TrainingLog> logs;
  for (const std::string& path : in.log_files) {
    Result<TrainingLog> l = ReadTrainingLog(path);
    if (!l.ok()) return l.status();
    logs.push_back(std::move(l).value());
  }
  LogCheckOptions opt;
  opt.vocab_size = in.vocab_size ? in.vocab_size : ctx.candidate_vocab;
  opt.claimed_tokens = in.claimed_tokens;
  opt.tokens_per_step = in.tokens_per_step;
  LINEAGE_ASSIGN_OR_RETURN(LogReport rep, CheckTrainingLogs(logs, opt));

  const bool below = HasFlag(rep.flags, "below-random-start");
  Finding start = Context("training", "log_initial_loss", "trunk", "initial_loss", rep.initial_loss,
                          rep.warm_start ? Direction::kForDerivation
                          : below        ? Direction::kNeutral
                          : rep.ln_vocab ? Direction::kAgainstDerivation
                                         : Direction::kNeutral);
  if (rep.ln_vocab) {
    start.null =
        Analytic(fmt::format("a randomly initialised model starts near ln V = {:.4g}; a warm "
                             "start is below {} × ln V",
                             *rep.ln_vocab, kWarmStartFraction),
                 *rep.ln_vocab);
  }
  start.note = rep.warm_start ? "warm-start"
               : below        ? "below-random-start"
               : rep.ln_vocab ? "random-start"
                              : "no-vocab-size";
  r->training.push_back(start);

  if (rep.tokens_ratio) {
    Finding tok = Context("training", "log_tokens_vs_claim", "trunk", "logged_over_claimed",
                          *rep.tokens_ratio, Direction::kNeutral);
    tok.null = Analytic(
        fmt::format("logged tokens match the claim within {:.0f} %", 100 * kTokenTolerance), 1.0);
    tok.note = rep.tokens_match.value_or(false) ? "tokens-match" : "tokens-mismatch";
    r->training.push_back(tok);
  }
  for (const Discontinuity& d : rep.discontinuities) {
    Finding f = Context("training", "log_discontinuity", fmt::format("step {}", d.step),
                        "loss_change", d.after - d.before,
                        d.kind == "loss-drop" ? Direction::kForDerivation : Direction::kNeutral);
    f.note = d.kind;  // "step-reset", "loss-drop", "loss-jump"
    r->training.push_back(f);
  }
  return Status::Ok();
}

Status AddTrajectory(const TrainingInputs& in, const TrainingContext& ctx, CompareResult* r) {
  std::vector<std::unique_ptr<Model>> owned;
  std::vector<const Model*> chain;
  std::vector<std::string> labels;
  for (const ModelLocation& loc : in.checkpoints) {
    Result<Model> m = LoadModel(loc);
    if (!m.ok()) return m.status().WithContext("checkpoint");
    owned.push_back(std::make_unique<Model>(std::move(m).value()));
    chain.push_back(owned.back().get());
    labels.push_back(ModelLabel(loc.as_given));
  }
  std::error_code ec;
  if (!fs::equivalent(in.checkpoints.back().path, ctx.candidate_path, ec)) {
    chain.push_back(ctx.candidate);
    labels.push_back(r->candidate.label);
  }
  if (chain.size() < 2) {
    return InvalidArgument("--checkpoints: give at least one checkpoint besides the candidate");
  }
  TrajectoryOptions opt;
  opt.threads = ctx.threads;
  opt.weights.seed = ctx.seed;
  opt.init.seed = ctx.seed;
  opt.init.threads = ctx.threads;
  LINEAGE_ASSIGN_OR_RETURN(TrajectoryResult t, CheckAndDecideTrajectory(chain, ctx.bases, opt));

  TrajectorySummary s;
  s.checkpoints = labels;
  s.init_check = t.init.verdict;
  s.random_start = t.random_start;
  s.continuous = t.continuous;
  s.first_break = t.first_break;
  for (const TrajectoryStep& step : t.steps) {
    TrajectoryStepSummary p;
    p.index = step.index;
    p.checkpoint = labels[step.index];
    p.drift = step.drift;
    p.log10_p = step.log10_p;
    p.derived = step.derived;
    p.drift_jump = step.drift_jump;
    s.steps.push_back(p);
  }

  Finding start = Context(
      "training", "trajectory_random_start", labels.front(), "random_start", t.random_start ? 1 : 0,
      t.random_start ? Direction::kAgainstDerivation : Direction::kForDerivation);
  start.null =
      Analytic("Marchenko–Pastur spectrum, iid entry and row-norm statistics of a random init");
  start.approximate = true;
  start.note = t.init.verdict;  // "random", "trained", "mixed"
  r->training.push_back(start);

  Finding chain_f =
      Context("training", "trajectory_continuous",
              t.first_break ? labels[*t.first_break] : r->candidate.label, "first_break",
              t.first_break ? *t.first_break : -1,
              t.continuous ? Direction::kAgainstDerivation : Direction::kForDerivation);
  chain_f.null =
      Analytic("each step derived from the one before under the exact unit-identity test");
  chain_f.note = t.continuous ? "chain-continuous" : "chain-break";
  r->training.push_back(chain_f);

  for (size_t i = 0; i < t.against.size(); ++i) {
    const TrajectoryBase& b = t.against[i];
    Finding f = Context("training", "trajectory_start_vs_base", ctx.base_labels[i], "derived",
                        b.derived ? 1 : 0,
                        b.derived ? Direction::kForDerivation : Direction::kAgainstDerivation);
    f.log10_p = b.log10_p;
    f.null =
        Analytic("independent initialisation of checkpoint 0 and the base (exact unit identity)");
    f.note = b.verdict;
    r->training.push_back(f);
  }
  r->trajectory = std::move(s);
  return Status::Ok();
}

Status AddInitCheck(const TrainingContext& ctx, CompareResult* r) {
  InitCheckOptions opt;
  opt.seed = ctx.seed;
  opt.threads = ctx.threads;
  LINEAGE_ASSIGN_OR_RETURN(InitCheckResult ic, InitCheck(*ctx.candidate, opt));
  int random = 0;
  std::string fresh;
  for (const ComponentCheck& c : ic.components) {
    if (c.verdict != "random") continue;
    ++random;
    if (!fresh.empty()) fresh += ", ";
    fresh += c.name;
  }
  Finding f =
      Context("training", "candidate_init_check", fresh.empty() ? r->candidate.label : fresh,
              "random_components", random, Direction::kNeutral);
  f.null =
      Analytic("Marchenko–Pastur spectrum, iid entry and row-norm statistics of a random init");
  f.approximate = true;
  f.note = ic.verdict;  // "random", "trained", "mixed"; the component names the random-like parts
  r->training.push_back(f);
  return Status::Ok();
}

Status AddCompute(const TrainingInputs& in, const TrainingContext& ctx, CompareResult* r) {
  ComputeClaim claim = *in.compute;
  if (!in.claimed_tokens)
    return InvalidArgument("--claimed-tokens: needed with the compute claim flags");
  claim.tokens = *in.claimed_tokens;
  std::string params_from = "params-from-flags";
  if (claim.total_params == 0 && claim.active_params == 0) {
    if (!ctx.config_total_params) {
      return InvalidArgument(
          "--params: the candidate's config gives no parameter count; pass --params/--active");
    }
    claim.total_params = *ctx.config_total_params;
    claim.active_params = ctx.config_active_params.value_or(claim.total_params);
    params_from = "params-from-config";
  }
  if (claim.active_params == 0) claim.active_params = claim.total_params;  // dense: active = total
  LINEAGE_ASSIGN_OR_RETURN(ComputeReport c, EvaluateCompute(claim));

  Finding active = Context("compute", "compute_active_params", "trunk", "active_params",
                           claim.active_params, Direction::kNeutral);
  active.note = params_from;
  r->compute.push_back(active);
  Finding flops =
      Context("compute", "compute_flops", "trunk", "flops", c.flops, Direction::kNeutral);
  flops.approximate = true;  // 6 · N_active · D ignores attention FLOPs and recomputation
  r->compute.push_back(flops);
  Finding hours = Context("compute", "compute_gpu_hours", "trunk", "gpu_hours", c.gpu_hours,
                          Direction::kNeutral);
  hours.approximate = true;
  hours.component = c.gpu;  // at claim.mfu: a lower bound
  r->compute.push_back(hours);
  if (c.implied_mfu) {
    const bool bad = *c.implied_mfu > kCredibleMfu;
    Finding mfu = Context("compute", "compute_implied_mfu", "trunk", "implied_mfu", *c.implied_mfu,
                          bad ? Direction::kForDerivation : Direction::kNeutral);
    NullModel n = Analytic(
        fmt::format("credible training runs reach at most {:.0f} % MFU", 100 * kCredibleMfu));
    n.quantile_99 = kCredibleMfu;
    mfu.null = n;
    r->compute.push_back(mfu);
  }
  for (const std::string& flag : c.flags) {
    Finding f =
        Context("compute", "compute_flag", "trunk", "flag", 1,
                flag == "few-tokens-per-param" ? Direction::kNeutral : Direction::kForDerivation);
    f.note = flag;
    r->compute.push_back(f);
  }
  return Status::Ok();
}

}  // namespace

Status AddTrainingEvidence(const TrainingInputs& in, const TrainingContext& ctx, CompareResult* r) {
  if (!in.log_files.empty()) LINEAGE_RETURN_IF_ERROR(AddLogs(in, ctx, r));
  if (!in.checkpoints.empty()) LINEAGE_RETURN_IF_ERROR(AddTrajectory(in, ctx, r));
  if (in.init_check) LINEAGE_RETURN_IF_ERROR(AddInitCheck(ctx, r));
  if (in.compute) LINEAGE_RETURN_IF_ERROR(AddCompute(in, ctx, r));
  return Status::Ok();
}

}  // namespace lineage
