#include "report/html_report.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/behaviour_report.h"
#include "report/chart_specs.h"
#include "report/describe.h"
#include "report/escape.h"
#include "report/web_asset.h"

namespace lineage {
namespace {

// JSON inside <script>: escaping every '<' (it only occurs inside JSON strings) means no "</script"
// or "<!--" can end or confuse the element.
std::string ScriptSafeJson(const nlohmann::ordered_json& j) {
  std::string text = j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '<')
      out += "\\u003c";
    else
      out += c;
  }
  return out;
}

std::string Badge(Lang lang, Verdict v) {
  return fmt::format("<span class=\"badge {}\">{}</span>", VerdictName(v),
                     HtmlEscape(VerdictText(lang, v)));
}

std::string ComponentBadge(Lang lang, const std::string& verdict) {
  return fmt::format("<span class=\"badge {}\">{}</span>", HtmlEscape(verdict),
                     HtmlEscape(TrLabel(lang, "verdict", verdict)));
}

std::string ChartDiv(const Chart& c, const std::string& caption) {
  std::string out =
      fmt::format("<figure class=\"chart\"><div id=\"{}\" class=\"vis\"></div>", HtmlEscape(c.id));
  if (!caption.empty()) out += "<figcaption>" + HtmlEscape(caption) + "</figcaption>";
  return out + "</figure>\n";
}

struct Page {
  Lang lang;
  std::string body;
  std::vector<Chart> charts;
  void Add(std::vector<Chart> cs, const std::string& caption) {
    for (Chart& c : cs) {
      body += ChartDiv(c, caption);
      charts.push_back(std::move(c));
    }
  }
  void Tag(const char* tag, std::string_view text) {
    body += fmt::format("<{0}>{1}</{0}>\n", tag, HtmlEscape(text));
  }
};

std::string HtmlRow(const std::vector<std::string>& cells_html) {
  std::string out = "<tr>";
  for (const std::string& c : cells_html) out += "<td>" + c + "</td>";
  return out + "</tr>\n";
}

std::string Head(Lang lang, const std::vector<const char*>& keys) {
  std::string out = "<thead><tr>";
  for (const char* k : keys) out += "<th>" + HtmlEscape(Tr(lang, k)) + "</th>";
  return out + "</tr></thead>\n";
}

std::string FindingsTable(Lang lang, const std::vector<Finding>& fs) {
  std::string out = "<table class=\"findings\">" +
                    Head(lang, {"label.analysis", "label.test", "label.component",
                                "label.statistic", "label.value", "label.log10_p", "label.z_adj",
                                "label.null", "label.direction", "label.decisive"}) +
                    "<tbody>\n";
  for (const Finding& f : fs) {
    std::string note =
        f.note.empty() ? "" : "<div class=\"note\">" + HtmlEscape(NoteText(lang, f)) + "</div>";
    out += HtmlRow(
        {HtmlEscape(TrLabel(lang, "analysis", f.analysis)),
         HtmlEscape(TrLabel(lang, "test", f.test)) + note,
         HtmlEscape(ComponentText(lang, f.component)), HtmlEscape(f.statistic),
         "<span class=\"num\">" + HtmlEscape(FormatNumber(f.value)) + "</span>",
         "<span class=\"num\">" + HtmlEscape(FormatLog10P(f.log10_p)) + "</span>",
         "<span class=\"num\">" + HtmlEscape(f.z ? FormatNumber(*f.z) : "—") + "</span>",
         HtmlEscape(DescribeNull(lang, f.null)) +
             (f.approximate ? " <em>(" + HtmlEscape(ApproximationLabel(lang, f)) + ")</em>" : ""),
         HtmlEscape(TrLabel(lang, "direction", DirectionName(f.direction))),
         HtmlEscape(Tr(lang, f.decisive ? "label.yes" : "label.context_only"))});
  }
  return out + "</tbody></table>\n";
}

void PairFacts(Lang lang, const CompareResult& r, const PairResult& p, int index, std::string& b) {
  b += fmt::format("<section class=\"pair\" id=\"base-{}\">\n<h2>{} <code>{}</code> {}</h2>\n",
                   index, HtmlEscape(Tr(lang, "label.base")), HtmlEscape(p.base),
                   Badge(lang, p.verdict));
  b += "<dl class=\"facts\">\n";
  auto fact = [&](const char* key, const std::string& html) {
    b += fmt::format("<dt>{}</dt><dd>{}</dd>\n", HtmlEscape(Tr(lang, key)), html);
  };
  fact("label.reason", HtmlEscape(Tr(lang, p.reason)));
  if (!p.derivation.empty())
    fact("label.derivation", HtmlEscape(DerivationText(lang, p.derivation)));
  if (p.verdict == Verdict::kDerived) {
    std::string items;
    for (const AncestryEvidence& e : p.ancestry.evidence) {
      items += "<li>" + HtmlEscape(AncestryEvidenceText(lang, e)) + "</li>";
    }
    fact("label.ancestry", HtmlEscape(AncestryText(lang, r.candidate.label, p.base, p)) +
                               (items.empty() ? "" : "<ul>" + items + "</ul>"));
  }
  fact("label.log10_p_exact",
       "<span class=\"num\">" + HtmlEscape(FormatLog10P(p.log10_p_exact)) + "</span>");
  fact("label.log10_p_adjusted",
       "<span class=\"num\">" + HtmlEscape(FormatLog10P(p.log10_p_adjusted)) + "</span>");
  if (p.log10_bf_cap)
    fact("label.bf_cap",
         "<span class=\"num\">" + HtmlEscape(FormatNumber(*p.log10_bf_cap)) + "</span>");
  fact("label.power", HtmlEscape(PowerText(lang, p.power)));
  if (p.sampling) fact("label.sampling", HtmlEscape(SamplingText(lang, p.sampling)));
  fact("label.strongest_for", p.strongest_for ? HtmlEscape(DescribeFinding(lang, *p.strongest_for))
                                              : HtmlEscape(Tr(lang, "label.none")));
  fact("label.strongest_against", p.strongest_against
                                      ? HtmlEscape(DescribeFinding(lang, *p.strongest_against))
                                      : HtmlEscape(Tr(lang, "label.none")));
  b += "</dl>\n";
  for (const std::string& id : p.limitations) {
    b += "<p class=\"limitation\">⚠ " + HtmlEscape(TrText(lang, id)) + "</p>\n";
  }
}

// The per-component verdicts and the calibrated (robust) statistics.
void VerdictTables(Lang lang, const PairResult& p, std::string& b) {
  if (!p.components.empty()) {
    b +=
        "<h3>" + HtmlEscape(Tr(lang, "section.components")) + "</h3>\n<table>" +
        Head(lang, {"label.component", "label.verdict", "label.log10_p_adjusted", "label.reason"}) +
        "<tbody>\n";
    for (const ComponentVerdict& c : p.components) {
      b += HtmlRow({HtmlEscape(ComponentText(lang, c.name)), ComponentBadge(lang, c.verdict),
                    "<span class=\"num\">" + HtmlEscape(FormatLog10P(c.log10_p)) + "</span>",
                    HtmlEscape(Tr(lang, c.note))});
    }
    b += "</tbody></table>\n";
  }
  if (!p.robust.empty()) {
    b += "<h3>" + HtmlEscape(Tr(lang, "label.robust")) + "</h3>\n<table>" +
         Head(lang, {"label.test", "label.component", "label.value", "label.z_adj",
                     "label.panel_size", "label.beyond_panel"}) +
         "<tbody>\n";
    for (const RobustScore& s : p.robust) {
      std::string z = HtmlEscape(FormatNumber(s.z_adj));
      if (s.extrapolated) z += " <em>(" + HtmlEscape(Tr(lang, "label.extrapolated")) + ")</em>";
      b += HtmlRow({HtmlEscape(TrLabel(lang, "test", s.test)),
                    HtmlEscape(ComponentText(lang, s.component)), HtmlEscape(FormatNumber(s.value)),
                    z, std::to_string(s.panel_size),
                    HtmlEscape(Tr(lang, s.beyond_panel ? "label.yes" : "label.no"))});
    }
    b += "</tbody></table>\n";
  }
}

void BlockCharts(Page* page, const CompareResult& r, const PairResult& p, int index) {
  const Lang lang = page->lang;
  std::string& b = page->body;
  std::vector<Chart> map = BlockMapCharts(p, index, BlockMapColorMax(r), lang);
  std::vector<Chart> stats = BlockStatCharts(p, index, lang);
  if (!map.empty() || !stats.empty()) b += "<div class=\"charts\">\n";
  page->Add(std::move(map), std::string(Tr(lang, "block_map.caption")));
  page->Add(std::move(stats), std::string(Tr(lang, "block_stats.caption")));
  if (p.block_map || !p.block_stats.empty()) b += "</div>\n";
  if (p.block_map && !p.block_map->path.empty()) {
    std::string pairs;
    for (const BlockPair& bp : p.block_map->path) {
      if (!pairs.empty()) pairs += ", ";
      pairs += fmt::format("{}→{}", bp.candidate, bp.base);
    }
    b += fmt::format(
        "<p><strong>{}</strong>: {} <span class=\"muted\">({} −log10 p ≥ {})</span></p>\n",
        HtmlEscape(Tr(lang, "label.matched_path")), HtmlEscape(pairs),
        HtmlEscape(Tr(lang, "label.threshold")),
        HtmlEscape(FormatNumber(p.block_map->match_threshold)));
  }
}

void TokenizerContext(Lang lang, const TokenizerSummary& t, std::string& b) {
  b += "<h3>" + HtmlEscape(Tr(lang, "section.tokenizer")) + "</h3>\n<table>" +
       Head(lang, {"label.relation", "label.jaccard", "label.containment", "label.same_id_rate",
                   "label.vocab", "label.shared_tokens"}) +
       "<tbody>\n";
  b += HtmlRow(
      {HtmlEscape(TrLabel(lang, "relation", t.relation)), HtmlEscape(FormatNumber(t.jaccard)),
       HtmlEscape(FormatNumber(t.containment)), HtmlEscape(FormatNumber(t.same_id_rate)),
       fmt::format("{} / {}", t.candidate_vocab, t.base_vocab), std::to_string(t.shared_tokens)});
  b += "</tbody></table>\n";
  if (!t.added_token_scripts.empty()) {
    b += "<p>" + HtmlEscape(Tr(lang, "label.added_scripts")) + ": ";
    for (size_t i = 0; i < t.added_token_scripts.size(); ++i) {
      if (i) b += ", ";
      b += HtmlEscape(t.added_token_scripts[i].script) + " " +
           std::to_string(t.added_token_scripts[i].count);
    }
    b += "</p>\n";
  }
}

void ArchitectureContext(Lang lang, const ArchitectureSummary& a, std::string& b) {
  b += "<h3>" + HtmlEscape(Tr(lang, "section.architecture")) + "</h3>\n";
  if (a.identical) b += "<p>" + HtmlEscape(Tr(lang, "label.arch_identical")) + "</p>\n";
  if (!a.differences.empty()) {
    b += "<table>" + Head(lang, {"label.field", "label.candidate", "label.base"}) + "<tbody>\n";
    for (const ArchDifference& d : a.differences) {
      b += HtmlRow({"<code>" + HtmlEscape(d.field) + "</code>", HtmlEscape(d.candidate),
                    HtmlEscape(d.base)});
    }
    b += "</tbody></table>\n";
  }
  if (!a.rare_shared.empty()) {
    b += "<p>" + HtmlEscape(Tr(lang, "label.rare_shared")) + ":</p><ul>\n";
    for (const RareSharedValue& v : a.rare_shared) {
      b += fmt::format(
          "<li><code>{}</code> = <code>{}</code> ({})</li>\n", HtmlEscape(v.field),
          HtmlEscape(v.value),
          HtmlEscape(Trf(lang, "label.catalog_share", v.catalog_matches, v.catalog_models)));
    }
    b += "</ul>\n";
  }
}

void PairSection(Page* page, const CompareResult& r, const PairResult& p, int index) {
  const Lang lang = page->lang;
  std::string& b = page->body;
  PairFacts(lang, r, p, index, b);
  VerdictTables(lang, p, b);
  BlockCharts(page, r, p, index);
  if (p.tokenizer || p.architecture) b += "<div class=\"context\">\n";
  if (p.tokenizer) TokenizerContext(lang, *p.tokenizer, b);
  if (p.architecture) ArchitectureContext(lang, *p.architecture, b);
  if (p.tokenizer || p.architecture) {
    b += "<p class=\"muted\">" + HtmlEscape(Tr(lang, "statement.context")) + "</p>\n</div>\n";
  }
  if (!p.findings.empty()) {
    b += "<details><summary>" + HtmlEscape(Tr(lang, "section.findings")) +
         fmt::format(" ({})", p.findings.size()) + "</summary>\n" +
         FindingsTable(lang, p.findings) + "</details>\n";
  }
  b += "<h3>" + HtmlEscape(Tr(lang, "section.statements")) + "</h3>\n<ul class=\"statements\">\n";
  for (const Statement& s : Statements(lang, r)) b += "<li>" + HtmlEscape(s.text) + "</li>\n";
  b += "</ul>\n</section>\n";
}

constexpr const char* kStyle = R"css(
:root { --derived:#c0392b; --independent:#2e8b57; --inconclusive:#d4a017; --ink:#1d2330;
  --muted:#5f6b7a; --line:#dde3ea; --bg:#f6f8fb; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink); line-height:1.5; font-size:15px; }
main { max-width:1120px; margin:0 auto; padding:28px 32px 48px; }
header.top { background:#1f3b73; color:#fff; padding:26px 32px; }
header.top .inner { max-width:1120px; margin:0 auto; }
header.top h1 { margin:0 0 4px; font-size:26px; font-weight:700; }
header.top p { margin:0; opacity:.85; }
.overall { margin:18px 0 8px; padding:16px 20px; border-radius:8px; background:#fff;
  border-left:6px solid var(--inconclusive); font-size:18px; font-weight:600;
  box-shadow:0 1px 3px rgba(0,0,0,.08); }
.overall.derived { border-left-color:var(--derived); }
.overall.independent { border-left-color:var(--independent); }
section { background:#fff; border-radius:8px; padding:18px 22px; margin:18px 0;
  box-shadow:0 1px 3px rgba(0,0,0,.08); }
h2 { font-size:20px; margin:0 0 12px; }
h3 { font-size:16px; margin:20px 0 8px; }
table { border-collapse:collapse; width:100%; margin:6px 0 10px; font-size:14px; }
th, td { text-align:left; padding:6px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:#f0f3f7; font-weight:600; }
.num { font-variant-numeric: tabular-nums; white-space:nowrap; }
.badge { display:inline-block; padding:2px 10px; border-radius:12px; color:#fff; font-size:13px;
  font-weight:700; vertical-align:middle; background:#9e9e9e; }
.badge.derived { background:var(--derived); } .badge.independent { background:var(--independent); }
.badge.inconclusive { background:var(--inconclusive); }
dl.facts { display:grid; grid-template-columns: 260px 1fr; gap:4px 16px; margin:8px 0; }
dl.facts dt { color:var(--muted); } dl.facts dd { margin:0; }
.charts { display:flex; flex-wrap:wrap; gap:18px; }
figure.chart { margin:10px 0; } figure.chart figcaption { color:var(--muted); font-size:13px;
  max-width:460px; }
td code, td a { white-space:nowrap; }
.limitation { background:#fff7e0; border-left:4px solid var(--inconclusive); padding:6px 10px; }
.muted { color:var(--muted); } .note { color:var(--muted); font-size:12px; }
.illustration { display:inline-block; background:#eef2ff; color:#1f3b73; border:1px solid #c7d2fe;
  border-radius:4px; padding:1px 8px; font-size:12px; font-weight:700; margin-left:8px; }
.chart-errors { background:#fdecea; border-left:4px solid var(--derived); padding:8px 12px; }
.behaviour-bars .bar-row { display:flex; align-items:center; gap:8px; margin:3px 0; }
.behaviour-bars .bar-label { flex:0 0 14em; overflow:hidden; text-overflow:ellipsis; }
.behaviour-bars .bar-track { flex:1 1 auto; height:14px; background:var(--line); border-radius:3px; }
.behaviour-bars .bar { display:block; height:100%; border-radius:3px; }
.behaviour-bars .bar-base { background:#2f6fb0; } .behaviour-bars .bar-control { background:#9a9a9a; }
footer { color:var(--muted); font-size:13px; margin-top:24px; }
code { font-family: 'DejaVu Sans Mono', monospace; font-size:13px; }
details summary { cursor:pointer; font-weight:600; margin:10px 0; }
)css";

// Installed before the chart library so that load-time errors are caught too.
constexpr const char* kErrorTrap = R"js(
window.__lineageErrors = [];
window.addEventListener('error', function (e) { window.__lineageErrors.push(String(e.message || e)); });
window.addEventListener('unhandledrejection', function (e) {
  window.__lineageErrors.push('unhandled rejection: ' + String(e.reason && e.reason.message || e.reason));
});
(function () {
  var original = console.error;
  console.error = function () {
    window.__lineageErrors.push(Array.prototype.map.call(arguments, String).join(' '));
    return original.apply(console, arguments);
  };
})();
)js";

constexpr const char* kDriver = R"js(
(function () {
  var status = document.getElementById('lineage-render-status');
  var errors = window.__lineageErrors;
  var charts;
  function finish(rendered) {
    status.setAttribute('data-rendered', String(rendered));
    status.setAttribute('data-errors', errors.join(' | '));
    status.setAttribute('data-done', '1');
    if (errors.length) {
      var box = document.getElementById('lineage-chart-errors');
      box.hidden = false;
      box.appendChild(document.createTextNode(errors.join('\n')));
    }
  }
  try {
    charts = JSON.parse(document.getElementById('lineage-charts').textContent);
  } catch (e) {
    errors.push('chart data unreadable: ' + e.message);
    finish(0);
    return;
  }
  if (typeof vegaEmbed !== 'function') { errors.push('chart library not loaded'); finish(0); return; }
  // vega-lite may throw synchronously on a spec it rejects: turn that into this chart's failure.
  var jobs = charts.map(function (c) {
    try {
      return vegaEmbed('#' + c.id, c.spec, { renderer: 'svg', actions: false });
    } catch (e) {
      return Promise.reject(e);
    }
  });
  Promise.allSettled(jobs).then(function (results) {
    var rendered = 0;
    results.forEach(function (r, i) {
      var el = document.getElementById(charts[i].id);
      if (r.status === 'fulfilled' && el && el.querySelector('svg')) rendered++;
      else errors.push(charts[i].id + ': ' + (r.reason && r.reason.message || 'no chart drawn'));
    });
    finish(rendered);
  });
})();
)js";

// The overall line, and the (hidden) box where chart errors surface.
void OverallBanner(Lang lang, const CompareResult& r, std::string& b) {
  const char* overall_class = "inconclusive";
  if (r.most_related)
    overall_class = "derived";
  else if (!r.results.empty() &&
           std::all_of(r.results.begin(), r.results.end(),
                       [](const PairResult& p) { return p.verdict == Verdict::kIndependent; })) {
    overall_class = "independent";
  }
  b += fmt::format("<div class=\"overall {}\">{}: {}</div>\n", overall_class,
                   HtmlEscape(Tr(lang, "section.overall")), HtmlEscape(OverallLine(lang, r)));
  b += "<div id=\"lineage-chart-errors\" class=\"chart-errors\" hidden><strong>" +
       HtmlEscape(Tr(lang, "label.chart_errors")) + "</strong><br></div>\n";
}

// The bases by strength of shared weights, and which of them may be siblings.
void RankingAndSiblings(Lang lang, const CompareResult& r, std::string& b) {
  if (r.ranking.size() > 1) {
    b += "<h3>" + HtmlEscape(Tr(lang, "label.ranking")) + "</h3>\n<table><thead><tr>";
    for (const std::string& h : RankingHeader(lang)) b += "<th>" + HtmlEscape(h) + "</th>";
    b += "</tr></thead><tbody>\n";
    for (const std::vector<std::string>& row : RankingRows(lang, r)) {
      std::vector<std::string> cells;
      for (const std::string& c : row) cells.push_back(HtmlEscape(c));
      b += HtmlRow(cells);
    }
    b += "</tbody></table>\n";
  }
  if (r.siblings.empty()) return;
  b += "<h3>" + HtmlEscape(Tr(lang, "label.siblings")) + "</h3>\n<ul>";
  for (const SiblingNote& s : r.siblings) b += "<li>" + HtmlEscape(SiblingText(lang, s)) + "</li>";
  b += "</ul>\n";
}

// One row per base, then the charts across bases.
void SummarySection(Page* page, const CompareResult& r) {
  const Lang lang = page->lang;
  std::string& b = page->body;
  b += "<section id=\"summary\"><h2>" + HtmlEscape(Tr(lang, "section.verdicts")) + "</h2>\n";
  b += "<p>" + HtmlEscape(Tr(lang, "label.candidate")) + ": <code>" +
       HtmlEscape(r.candidate.label) + "</code> <span class=\"muted\">" +
       HtmlEscape(r.candidate.path) + "</span></p>\n<table>" +
       Head(lang, {"label.base", "label.verdict", "label.derivation", "label.log10_p_adjusted",
                   "label.reason"}) +
       "<tbody>\n";
  for (size_t i = 0; i < r.results.size(); ++i) {
    const PairResult& p = r.results[i];
    b += HtmlRow({fmt::format("<a href=\"#base-{}\"><code>{}</code></a>", i, HtmlEscape(p.base)),
                  Badge(lang, p.verdict), HtmlEscape(DerivationText(lang, p.derivation)),
                  "<span class=\"num\">" + HtmlEscape(FormatLog10P(p.log10_p_adjusted)) + "</span>",
                  HtmlEscape(Tr(lang, p.reason))});
  }
  b += "</tbody></table>\n";
  RankingAndSiblings(lang, r, b);
  b += "<div class=\"charts\">\n";
  page->Add(ComponentCharts(r, lang), "");
  page->Add(TokenizerCharts(r, lang), std::string(Tr(lang, "tokenizer.caption")));
  b += "</div>\n</section>\n";
}

// The PCA illustration, training and compute findings, and the trajectory.
void CandidateSections(Page* page, const CompareResult& r) {
  const Lang lang = page->lang;
  std::string& b = page->body;
  if (r.pca && !r.pca->points.empty()) {
    b += "<section id=\"pca\"><h2>" + HtmlEscape(Tr(lang, "section.pca")) +
         "<span class=\"illustration\">" + HtmlEscape(Tr(lang, "label.illustration")) +
         "</span></h2>\n<p>" + HtmlEscape(Tr(lang, "pca.caption")) + "</p>\n";
    if (!r.pca->features.empty()) {
      b += "<p class=\"muted\">" + HtmlEscape(Tr(lang, "label.features")) + ": " +
           HtmlEscape(TrText(lang, r.pca->features)) + "</p>\n";
    }
    page->Add(PcaCharts(r, lang), "");
    b += "</section>\n";
  }
  for (const auto& [key, findings] :
       {std::pair{"section.training", &r.training}, std::pair{"section.compute", &r.compute}}) {
    if (findings->empty()) continue;
    b += "<section><h2>" + HtmlEscape(Tr(lang, key)) + "</h2>\n<p>" +
         HtmlEscape(Tr(lang, "training.caption")) + "</p>\n" + FindingsTable(lang, *findings) +
         "</section>\n";
  }
  if (r.trajectory) {
    b += "<section id=\"trajectory\"><h2>" + HtmlEscape(Tr(lang, "section.trajectory")) +
         "</h2>\n<p>" + HtmlEscape(TrajectoryLine(lang, *r.trajectory)) +
         "</p>\n<div class=\"charts\">\n";
    page->Add(TrajectoryCharts(r, lang), std::string(Tr(lang, "trajectory.caption")));
    b += "</div>\n</section>\n";
  }
}

// Warnings, and every input file with its digest.
void ProvenanceSections(Lang lang, const CompareResult& r, std::string& b) {
  if (!r.warnings.empty()) {
    b += "<section><h2>" + HtmlEscape(Tr(lang, "section.warnings")) + "</h2><ul>\n";
    for (const std::string& w : r.warnings) b += "<li>" + HtmlEscape(TrText(lang, w)) + "</li>\n";
    b += "</ul></section>\n";
  }
  b += "<section id=\"files\"><h2>" + HtmlEscape(Tr(lang, "section.files")) + "</h2>\n<table>" +
       Head(lang, {"label.model", "label.format", "label.file", "label.bytes", "label.sha256"}) +
       "<tbody>\n";
  auto files = [&](const ModelRef& m) {
    for (const FileDigest& f : m.files) {
      b += HtmlRow({"<code>" + HtmlEscape(m.label) + "</code>", HtmlEscape(m.format),
                    HtmlEscape(f.path), std::to_string(f.bytes),
                    "<code>" + HtmlEscape(Sha256Text(lang, f)) + "</code>"});
    }
  };
  files(r.candidate);
  for (const ModelRef& m : r.bases) files(m);
  b += "</tbody></table>\n<h3>" + HtmlEscape(Tr(lang, "section.reading")) + "</h3><ul>\n";
  auto reading = [&](const ModelRef& m) {
    b += "<li><code>" + HtmlEscape(m.label) + "</code>: " + HtmlEscape(ReadingText(lang, m)) +
         "</li>\n";
  };
  reading(r.candidate);
  for (const ModelRef& m : r.bases) reading(m);
  b += "</ul>\n</section>\n";
}

std::string FooterText(Lang lang, const CompareResult& r) {
  std::string footer = Trf(lang, "label.generated_by", r.tool_version) + " · " +
                       std::string(Tr(lang, "label.schema_version")) + " " + r.schema_version +
                       " · " + std::string(Tr(lang, "label.seed")) + " " + std::to_string(r.seed);
  if (!r.panel.empty()) footer += " · " + std::string(Tr(lang, "label.panel")) + " " + r.panel;
  if (!r.timestamp.empty()) footer += " · " + r.timestamp;
  footer += " · " + std::string(Tr(lang, "label.figures_offline"));
  return footer;
}

// The whole document around the body: head, style, chart specs, chart library and driver.
std::string Document(const CompareResult& r, const Page& page) {
  const Lang lang = page.lang;
  nlohmann::ordered_json specs = nlohmann::ordered_json::array();
  for (const Chart& c : page.charts) specs.push_back({{"id", c.id}, {"spec", c.spec}});

  std::string out;
  out.reserve(ChartLibraryJs().size() + page.body.size() + 16384);
  out += fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
                     LangCode(lang));
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<title>{} — {}</title>\n", HtmlEscape(Tr(lang, "report.title")),
                     HtmlEscape(r.candidate.label));
  out += fmt::format("<style>body {{ font-family: {}; }}{}</style>\n", kReportFontStack, kStyle);
  out += "<script>" + std::string(kErrorTrap) + "</script>\n</head>\n<body>\n";
  out += fmt::format(
      "<header class=\"top\"><div class=\"inner\"><h1>{}</h1><p>{}</p></div></header>\n<main>\n",
      HtmlEscape(Tr(lang, "report.title")), HtmlEscape(Tr(lang, "report.subtitle")));
  out += page.body;
  out += "<footer>" + HtmlEscape(FooterText(lang, r)) + "</footer>\n</main>\n";
  out += fmt::format(
      "<div id=\"lineage-render-status\" hidden data-expected=\"{}\" data-rendered=\"0\" "
      "data-errors=\"\" data-done=\"0\"></div>\n",
      page.charts.size());
  out += "<script type=\"application/json\" id=\"lineage-charts\">" + ScriptSafeJson(specs) +
         "</script>\n";
  out += "<script>\n";
  out += ChartLibraryJs();
  out += "\n</script>\n<script>" + std::string(kDriver) + "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace

std::string RenderHtml(const CompareResult& r, Lang lang) {
  Page page{lang, {}, {}};
  OverallBanner(lang, r, page.body);
  SummarySection(&page, r);
  for (size_t i = 0; i < r.results.size(); ++i)
    PairSection(&page, r, r.results[i], static_cast<int>(i));
  CandidateSections(&page, r);
  page.body += BehaviourHtml(r.behaviour_json, lang);
  ProvenanceSections(lang, r, page.body);
  return Document(r, page);
}

}  // namespace lineage
