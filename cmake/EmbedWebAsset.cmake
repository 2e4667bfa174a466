# Embeds the report chart library into lineage_core as a generated source under the build dir.
#
# The asset (web/dist/report-charts.js) is made by scripts/build-web-assets.sh (`make deps` runs
# it) from the npm packages pinned in web/package-lock.json. Configuring fails with a clear message
# when it is missing; rebuilding the asset regenerates the source.
set(LINEAGE_WEB_ASSET "${CMAKE_SOURCE_DIR}/web/dist/report-charts.js" CACHE FILEPATH
    "Chart library inlined into HTML reports (built by scripts/build-web-assets.sh)")
if(NOT EXISTS "${LINEAGE_WEB_ASSET}")
  message(FATAL_ERROR
    "lineage: the HTML report's chart library ${LINEAGE_WEB_ASSET} is missing.\n"
    "Build it with `bash scripts/build-web-assets.sh` (needs npm; `make deps` does it).")
endif()
set(_web_asset_cc "${CMAKE_BINARY_DIR}/generated/report/web_asset.cc")
add_custom_command(
  OUTPUT "${_web_asset_cc}"
  COMMAND ${CMAKE_COMMAND} -DIN=${LINEAGE_WEB_ASSET} -DOUT=${_web_asset_cc}
          -P "${CMAKE_SOURCE_DIR}/cmake/GenerateWebAsset.cmake"
  DEPENDS "${LINEAGE_WEB_ASSET}" "${CMAKE_SOURCE_DIR}/cmake/GenerateWebAsset.cmake"
  COMMENT "Embedding the report chart library"
  VERBATIM)
target_sources(lineage_core PRIVATE "${_web_asset_cc}")
# The table is large and constant: optimising it only costs build time.
set_source_files_properties("${_web_asset_cc}" PROPERTIES COMPILE_OPTIONS "-O0;-g0")
