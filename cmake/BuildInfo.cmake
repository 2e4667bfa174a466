# The git commit `lineage --version` prints: `git describe --always --dirty` of the source tree,
# re-read at every build (cmake/GitCommit.cmake rewrites generated/cli/build_info.cc only when the
# answer changes, so an unchanged tree relinks nothing). "unknown" outside a git checkout.
set(_build_info_cc "${CMAKE_BINARY_DIR}/generated/cli/build_info.cc")
add_custom_target(lineage_build_info
  COMMAND ${CMAKE_COMMAND} -DSRC=${CMAKE_SOURCE_DIR} -DOUT=${_build_info_cc}
          -P "${CMAKE_SOURCE_DIR}/cmake/GitCommit.cmake"
  BYPRODUCTS "${_build_info_cc}"
  COMMENT "Reading the git commit for --version"
  VERBATIM)
# Configure writes it once too, so the first build graph has the file.
execute_process(COMMAND ${CMAKE_COMMAND} -DSRC=${CMAKE_SOURCE_DIR} -DOUT=${_build_info_cc}
                -P "${CMAKE_SOURCE_DIR}/cmake/GitCommit.cmake")
target_sources(lineage PRIVATE "${_build_info_cc}")
add_dependencies(lineage lineage_build_info)
