# Embeds the report chart library into lineage_core as data: src/report/web_asset.cc assembles
# the file with `.incbin`, so the 5.8 MB asset costs an assembler read, not a C++ compile.
#
# The asset (web/dist/report-charts.js) is made by scripts/build-web-assets.sh (`make deps` runs
# it) from the npm packages pinned in web/package-lock.json. Configuring fails with a clear message
# when it is missing; changing the asset reassembles web_asset.cc (OBJECT_DEPENDS: ccache does not
# cache sources that use .incbin, so a stale hit cannot happen).
set(LINEAGE_WEB_ASSET "${CMAKE_SOURCE_DIR}/web/dist/report-charts.js" CACHE FILEPATH
    "Chart library inlined into HTML reports (built by scripts/build-web-assets.sh)")
if(NOT EXISTS "${LINEAGE_WEB_ASSET}")
  message(FATAL_ERROR
    "lineage: the HTML report's chart library ${LINEAGE_WEB_ASSET} is missing.\n"
    "Build it with `bash scripts/build-web-assets.sh` (needs npm; `make deps` does it).")
endif()
if(LINEAGE_WEB_ASSET MATCHES "[\"\\\\]")
  message(FATAL_ERROR "lineage: the web asset's path may not contain quotes or backslashes")
endif()
set_source_files_properties("${CMAKE_SOURCE_DIR}/src/report/web_asset.cc" PROPERTIES
  COMPILE_DEFINITIONS "LINEAGE_WEB_ASSET_PATH=\"${LINEAGE_WEB_ASSET}\""
  OBJECT_DEPENDS "${LINEAGE_WEB_ASSET}")
