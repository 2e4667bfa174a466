// Compute-claim flags (--params, --active, --gpus, --gpu, --days, --gpu-hours, --mfu, --price and
// a token count) shared by `lineage compute` and `lineage compare`: one definition of the flags,
// their help and their parsing (arch/compute.h ParseQuantity: "102.6B", "19.7T", "2.788M").
//
// Contract: AddClaimFlags registers the options on `app` and binds them to `flags`, which must
// outlive the parse. ParseClaimFlags validates the text after parsing; an error names the flag
// ("--days: ...") and is a usage error. Not thread-safe (CLI11 parsing is not).
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "arch/compute.h"
#include "util/status.h"

namespace lineage::cli {

struct ClaimFlags {
  std::string params, active, tokens, gpus, days, gpu_hours, price, gpu;
  double mfu = kDefaultMfu;
  bool mfu_given = false;  // set by ParseClaimFlags from the app
};

// Registers the flags; the token count is named `tokens_flag` ("--tokens" for compute,
// "--claimed-tokens" for compare). Returns the token option (e.g. to make it required).
CLI::Option* AddClaimFlags(CLI::App& app, ClaimFlags* flags, const std::string& tokens_flag);

// "--flag: reason" on bad text; nullopt when the flag was not given.
Result<std::optional<double>> ParseOptionalQuantity(const std::string& flag,
                                                    const std::string& text);

struct ParsedClaim {
  ComputeClaim claim;  // gpu, gpus, days, gpu_hours, mfu, price; params/tokens as given (0 if not)
  std::optional<double> total, active, tokens;
  bool any_claim_flag = false;  // a flag other than the token count was given
};

Result<ParsedClaim> ParseClaimFlags(const CLI::App& app, const ClaimFlags& flags,
                                    const std::string& tokens_flag);

}  // namespace lineage::cli
