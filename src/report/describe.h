// Shared wording for every renderer: how a finding, a verdict, the overall line and the statements
// read, in the catalog's languages. Renderers differ in layout only, never in what they say.
//
// Contract: pure functions of a CompareResult (or its parts) and a Lang; deterministic (fixed
// number formats, no locale); thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "evidence/compare_result.h"
#include "report/catalog.h"
#include "stats/log_p.h"  // FormatLog10P

namespace lineage {

struct Statement {
  std::string id;    // catalog key, e.g. "statement.h0"
  std::string text;  // in the requested language
};

// Fixed formats: other numbers with four significant digits, percentages with one decimal
// (log10 p is formatted by stats/log_p.h FormatLog10P).
std::string FormatNumber(double v);
// Bytes in decimal units, one decimal: "512 B", "1.2 MB", "13.5 GB".
std::string FormatBytes(uint64_t bytes);
// "read 1.2 GB of 13.5 GB (8.9%), 41 requests, revision abc1234" (hub) or "..., local files".
std::string ReadingText(Lang lang, const ModelRef& m);
// The SHA-256 cell of a file: the digest, marked as the hub's claim when it is one.
std::string Sha256Text(Lang lang, const FileDigest& f);

std::string VerdictText(Lang lang, Verdict v);
std::string ComponentText(Lang lang, const std::string& component);
std::string DerivationText(Lang lang, const std::vector<std::string>& types);  // "a, b" or ""
// The most related base, then the parent line (a parent is named only where ancestry supports it).
std::string OverallLine(Lang lang, const CompareResult& r);
// "a and b share trained weights; which came first is unknown." or "a was derived from b.";
// empty for a pair that does not share trained weights.
std::string AncestryText(Lang lang, const std::string& candidate, const std::string& base,
                         const PairResult& p);
// "vocabulary extension: ... (candidate_vocab = 300, base_vocab = 256; points to: ...)"
std::string AncestryEvidenceText(Lang lang, const AncestryEvidence& e);
std::string SiblingText(Lang lang, const SiblingNote& s);

// The ranking of the bases as table cells, in ranking order; RankingHeader names the columns.
std::vector<std::string> RankingHeader(Lang lang);
std::vector<std::vector<std::string>> RankingRows(Lang lang, const CompareResult& r);
std::string PowerText(Lang lang, const PowerStatement& p);
// How the block pairs were read (evidence/blocks.h BlockSampling): full, or sequential with the
// pairs read, the looks and what it stopped on; "" when the weights were not compared.
std::string SamplingText(Lang lang, const std::optional<BlockSampling>& s);
std::string TokenizerContext(Lang lang, const PairResult& p);     // relation or "not compared"
std::string ArchitectureContext(Lang lang, const PairResult& p);  // identical / N fields differ
// "S1 unit identity, LAP + Spearman (trunk): spearman_r = 0.9876, log10 p = -85.21 [exact: ...]"
std::string DescribeFinding(Lang lang, const Finding& f);
// DescribeFinding plus the finding's note, translated when the note is a catalog label
// ("note.<id>", e.g. the training module's "warm-start"); other notes are shown as they are.
std::string DescribeWithNote(Lang lang, const Finding& f);
std::string NoteText(Lang lang, const Finding& f);
// "random start: yes · chain: unbroken" or "... first break at checkpoint 3 (step-00200)".
std::string TrajectoryLine(Lang lang, const TrajectorySummary& t);
std::string DescribeNull(Lang lang, const std::optional<NullModel>& null);
// "" for an exact finding; "approximate p-value (exact null)" when the null is exact but its p is
// a normal tail or a Monte Carlo estimate; "approximate null" otherwise (calibrated, shuffle).
std::string ApproximationLabel(Lang lang, const Finding& f);

// The statements every verdict carries (METHODS §10), in a fixed order: H0, candidates checked,
// components covered, what weights cannot show, architecture/tokenizer as context.
std::vector<Statement> Statements(Lang lang, const CompareResult& r);

// Labels of the bases, "a, b, c", with revision when known.
std::string BaseList(const CompareResult& r);

}  // namespace lineage
