#include "report/behaviour_report.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/catalog.h"
#include "report/escape.h"

namespace lineage {
namespace {

using BehJson = nlohmann::json;

// One row of the agreement table: the candidate against one served model.
struct BehAgreementRow {
  std::string label, role;  // role: catalog key
  double first_match = 0, mean_prefix = 0;
  std::string sign, p_holm;  // "" for the base row
  std::string overlap;       // top-k overlap, "–" when not offered
};

struct BehProbeRow {
  std::string label, names, cutoff, harmful, benign, tokenizer;
};

std::string BehNum(double v, int digits) { return fmt::format("{:.{}f}", v, digits); }

std::string BehStr(const BehJson& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

double BehDbl(const BehJson& j, const char* key) {
  return j.contains(key) && j[key].is_number() ? j[key].get<double>() : 0;
}

int BehInt(const BehJson& j, const char* key) {
  return j.contains(key) && j[key].is_number_integer() ? j[key].get<int>() : 0;
}

std::vector<BehAgreementRow> BehAgreementRows(const BehJson& b) {
  std::vector<BehAgreementRow> rows;
  const BehJson& a = b["agreement"];
  const BehJson& eps = b.value("endpoints", BehJson::array());
  auto overlap = [](const BehJson& j, const char* key) {
    return j.contains(key) && j[key].is_number() ? BehNum(j[key].get<double>(), 3)
                                                 : std::string("–");
  };
  rows.push_back({eps.size() > 1 ? BehStr(eps[1], "label") : "", "behaviour.role.base",
                  BehDbl(a, "first_match_rate_base"), BehDbl(a, "mean_prefix_base"), "", "",
                  overlap(a, "top_k_overlap_base")});
  for (const BehJson& c : a.value("controls", BehJson::array())) {
    rows.push_back(
        {BehStr(c, "label"), "behaviour.role.control", BehDbl(c, "first_match_rate"),
         BehDbl(c, "mean_prefix"),
         fmt::format("{} / {} / {}", BehInt(c, "wins"), BehInt(c, "losses"), BehInt(c, "ties")),
         fmt::format("{:.3g}", BehDbl(c, "p_holm")), overlap(c, "top_k_overlap")});
  }
  return rows;
}

std::string BehCutoffCell(const BehJson& c, Lang lang) {
  if (c.value("estimated", false)) {
    const BehJson& r = c["range"];
    return Trf(lang, "behaviour.cutoff.estimate", BehStr(c, "last_known_month"),
               r.is_array() && r.size() == 2 ? r[0].get<std::string>() : "",
               r.is_array() && r.size() == 2 ? r[1].get<std::string>() : "");
  }
  return std::string(Tr(lang, c.value("lower_bound", false) ? "behaviour.cutoff.after_last"
                                                            : "behaviour.cutoff.none"));
}

std::vector<BehProbeRow> BehProbeRows(const BehJson& p, Lang lang) {
  std::vector<BehProbeRow> rows;
  const BehJson& eps = p.value("endpoints", BehJson::array());
  for (size_t i = 0; i < eps.size(); ++i) {
    const BehJson& e = eps[i];
    BehProbeRow r{BehStr(e, "label"), "–", "–", "–", "–", "–"};
    if (e.contains("identity")) {
      std::string names;
      for (const BehJson& m : e["identity"].value("mentioned", BehJson::array())) {
        names += (names.empty() ? "" : ", ") +
                 fmt::format("{} ({})", BehStr(m, "name"), BehInt(m, "answers"));
      }
      r.names = names.empty() ? std::string(Tr(lang, "label.none")) : names;
    }
    if (e.contains("cutoff")) r.cutoff = BehCutoffCell(e["cutoff"], lang);
    if (e.contains("refusal")) {
      const BehJson& f = e["refusal"];
      r.harmful =
          fmt::format("{}/{}", BehInt(f["harmful"], "refusal"), BehInt(f["harmful"], "asked"));
      r.benign = fmt::format("{}/{}", BehInt(f["benign"], "refusal"), BehInt(f["benign"], "asked"));
    }
    if (i > 0 && p.contains("tokenizer_agreement")) {
      for (const BehJson& t : p["tokenizer_agreement"]) {
        if (BehStr(t, "a") == BehStr(eps[0], "label") && BehStr(t, "b") == r.label) {
          r.tokenizer = fmt::format("{}/{}", BehInt(t, "same"), BehInt(t, "compared"));
        }
      }
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

BehJson BehParse(const std::string& text) {
  if (text.empty()) return BehJson();
  BehJson j = BehJson::parse(text, nullptr, false);
  return j.is_object() ? j : BehJson();
}

// The limitations as (endpoint label, English sentence): the label is "" for the agreement's,
// and stays verbatim (a label is a name, not a phrase to translate).
std::vector<std::pair<std::string, std::string>> BehLimitations(const BehJson& b) {
  std::vector<std::pair<std::string, std::string>> out;
  if (b.contains("agreement")) {
    for (const BehJson& l : b["agreement"].value("limitations", BehJson::array())) {
      if (l.is_string()) out.push_back({"", l.get<std::string>()});
    }
  }
  if (b.contains("probes")) {
    for (const BehJson& e : b["probes"].value("endpoints", BehJson::array())) {
      if (e.contains("tokenizer") && e["tokenizer"].contains("limitation")) {
        out.push_back({BehStr(e, "label"), BehStr(e["tokenizer"], "limitation")});
      }
    }
  }
  return out;
}

std::string BehLimitationText(const std::pair<std::string, std::string>& l, Lang lang) {
  return (l.first.empty() ? "" : l.first + ": ") + TrText(lang, l.second);
}

std::vector<std::string> BehAgreementHeader(Lang lang) {
  return {std::string(Tr(lang, "behaviour.label.served_model")),
          std::string(Tr(lang, "behaviour.label.role")),
          std::string(Tr(lang, "behaviour.label.first_match")),
          std::string(Tr(lang, "behaviour.label.mean_prefix")),
          std::string(Tr(lang, "behaviour.label.sign")),
          "Holm p",
          std::string(Tr(lang, "behaviour.label.top_k_overlap"))};
}

std::vector<std::string> BehProbeHeader(Lang lang) {
  return {std::string(Tr(lang, "behaviour.label.served_model")),
          std::string(Tr(lang, "behaviour.label.names")),
          std::string(Tr(lang, "behaviour.label.cutoff")),
          std::string(Tr(lang, "behaviour.label.refusal_harmful")),
          std::string(Tr(lang, "behaviour.label.refusal_benign")),
          std::string(Tr(lang, "behaviour.label.tokenizer"))};
}

std::string BehFinding(const BehJson& b, Lang lang) {
  return std::string(Tr(lang, b["agreement"].value("closer_than_every_control", false)
                                  ? "behaviour.closer"
                                  : "behaviour.no_evidence"));
}

std::string BehHtmlTable(const std::vector<std::string>& head,
                         const std::vector<std::vector<std::string>>& rows) {
  std::string out = "<table><thead><tr>";
  for (const std::string& h : head) out += "<th>" + HtmlEscape(h) + "</th>";
  out += "</tr></thead><tbody>\n";
  for (const auto& r : rows) {
    out += "<tr>";
    for (const std::string& c : r) out += "<td>" + HtmlEscape(c) + "</td>";
    out += "</tr>\n";
  }
  return out + "</tbody></table>\n";
}

// One bar per served model: the first-unit match rate with the candidate, as a width.
std::string BehAgreementBars(const std::vector<BehAgreementRow>& rows, Lang lang) {
  std::string out = "<figure class=\"chart behaviour-bars\" id=\"behaviour-agreement-bars\">\n";
  for (const BehAgreementRow& r : rows) {
    const double pct = std::clamp(r.first_match * 100, 0.0, 100.0);
    out += fmt::format(
        "<div class=\"bar-row\"><span class=\"bar-label\"><code>{}</code> {}</span>"
        "<span class=\"bar-track\"><span class=\"bar {}\" style=\"width:{:.1f}%\" "
        "data-value=\"{:.4f}\"></span></span><span class=\"num\">{:.3f}</span></div>\n",
        HtmlEscape(r.label), HtmlEscape(Tr(lang, r.role)),
        r.role == "behaviour.role.base" ? "bar-base" : "bar-control", pct, r.first_match,
        r.first_match);
  }
  return out + "<figcaption>" + HtmlEscape(Tr(lang, "behaviour.bars_caption")) +
         "</figcaption></figure>\n";
}

}  // namespace

std::string BehaviourMarkdown(const std::string& text, Lang lang) {
  const BehJson b = BehParse(text);
  if (b.is_null()) return "";
  std::string out = fmt::format("\n## {}\n\n", Tr(lang, "behaviour.title"));
  if (b.contains("agreement")) {
    out += fmt::format("**{}**\n\n{}\n\n", BehFinding(b, lang),
                       Tr(lang, "behaviour.agreement_caption"));
    out += MarkdownHeader(BehAgreementHeader(lang));
    for (const BehAgreementRow& r : BehAgreementRows(b)) {
      out += MarkdownRow({r.label, std::string(Tr(lang, r.role)), BehNum(r.first_match, 3),
                          BehNum(r.mean_prefix, 2), r.sign.empty() ? "–" : r.sign,
                          r.p_holm.empty() ? "–" : r.p_holm, r.overlap});
    }
  }
  if (b.contains("probes")) {
    out += fmt::format("\n### {}\n\n{}\n\n", Tr(lang, "behaviour.probes_title"),
                       Tr(lang, "behaviour.probes_caption"));
    out += MarkdownHeader(BehProbeHeader(lang));
    for (const BehProbeRow& r : BehProbeRows(b["probes"], lang)) {
      out += MarkdownRow({r.label, r.names, r.cutoff, r.harmful, r.benign, r.tokenizer});
    }
  }
  const auto lim = BehLimitations(b);
  if (!lim.empty()) {
    out += fmt::format("\n{}:\n\n", Tr(lang, "behaviour.label.limitations"));
    for (const auto& l : lim) out += "- " + BehLimitationText(l, lang) + "\n";
  }
  return out;
}

std::string BehaviourHtml(const std::string& text, Lang lang) {
  const BehJson b = BehParse(text);
  if (b.is_null()) return "";
  std::string out =
      "<section id=\"behaviour\"><h2>" + HtmlEscape(Tr(lang, "behaviour.title")) + "</h2>\n";
  if (b.contains("agreement")) {
    const std::vector<BehAgreementRow> rows = BehAgreementRows(b);
    out += "<p><strong>" + HtmlEscape(BehFinding(b, lang)) + "</strong></p>\n<p>" +
           HtmlEscape(Tr(lang, "behaviour.agreement_caption")) + "</p>\n" +
           BehAgreementBars(rows, lang);
    std::vector<std::vector<std::string>> cells;
    for (const BehAgreementRow& r : rows) {
      cells.push_back({r.label, std::string(Tr(lang, r.role)), BehNum(r.first_match, 3),
                       BehNum(r.mean_prefix, 2), r.sign.empty() ? "–" : r.sign,
                       r.p_holm.empty() ? "–" : r.p_holm, r.overlap});
    }
    out += BehHtmlTable(BehAgreementHeader(lang), cells);
  }
  if (b.contains("probes")) {
    out += "<h3 id=\"behaviour-probes\">" + HtmlEscape(Tr(lang, "behaviour.probes_title")) +
           "</h3>\n<p>" + HtmlEscape(Tr(lang, "behaviour.probes_caption")) + "</p>\n";
    std::vector<std::vector<std::string>> cells;
    for (const BehProbeRow& r : BehProbeRows(b["probes"], lang)) {
      cells.push_back({r.label, r.names, r.cutoff, r.harmful, r.benign, r.tokenizer});
    }
    out += BehHtmlTable(BehProbeHeader(lang), cells);
  }
  const auto lim = BehLimitations(b);
  if (!lim.empty()) {
    out += "<p>" + HtmlEscape(Tr(lang, "behaviour.label.limitations")) + ":</p><ul>\n";
    for (const auto& l : lim) out += "<li>" + HtmlEscape(BehLimitationText(l, lang)) + "</li>\n";
    out += "</ul>\n";
  }
  return out + "</section>\n";
}

}  // namespace lineage
