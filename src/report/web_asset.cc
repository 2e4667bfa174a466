#include "report/web_asset.h"

// The asset's bytes, assembled as read-only data: `.incbin` copies the file into the object (GCC
// 12 has no #embed; a generated C++ array of 5.8 MB took minutes to compile). CMake passes the
// absolute path (cmake/EmbedWebAsset.cmake). The symbols are local to this object.
asm(".pushsection .rodata\n"
    ".balign 16\n"
    "lineage_chart_library_begin:\n"
    ".incbin \"" LINEAGE_WEB_ASSET_PATH
    "\"\n"
    "lineage_chart_library_end:\n"
    ".popsection\n");

extern "C" const char lineage_chart_library_begin[];
extern "C" const char lineage_chart_library_end[];

namespace lineage {

std::string_view ChartLibraryJs() {
  return std::string_view(
      lineage_chart_library_begin,
      static_cast<size_t>(lineage_chart_library_end - lineage_chart_library_begin));
}

}  // namespace lineage
