#include "report/emit.h"

#include "report/html_report.h"
#include "report/json_report.h"
#include "report/markdown_report.h"
#include "report/report_file.h"
#include "report/text_report.h"

namespace lineage {

ReportOutput EmitReports(const CompareResult& result, const ReportRequest& request) {
  ReportOutput out;
  if (request.json) {
    out.stdout_text = RenderJson(result, request.lang);
  } else if (!request.quiet) {
    out.stdout_text = RenderText(result, {request.lang, request.color});
  }
  auto write = [&](const std::string& path, auto render) {
    if (path.empty()) return;
    Status s = WriteReportFile(path, render());
    if (!s.ok() && out.files.ok()) out.files = s;
  };
  write(request.html_path, [&] { return RenderHtml(result, request.lang); });
  write(request.markdown_path, [&] { return RenderMarkdown(result, request.lang); });
  write(request.json_path, [&] { return RenderJson(result, request.lang); });
  return out;
}

}  // namespace lineage
