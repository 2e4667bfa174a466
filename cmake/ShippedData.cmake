# The build directory mirrors an install's data layout: <build>/share/lineage/{calibration,catalog,probes}
# link to the source tree's data/, so a binary built out of tree finds the panels and the catalog
# (util/data_dir.h looks for share/lineage/... at and above the executable's directory), exactly
# as an installed one finds <prefix>/share/lineage. A binary copied elsewhere finds nothing, and
# that is an error (docs/ARCHITECTURE.md, "Shipped data").
set(LINEAGE_DATA_SUBDIRS calibration catalog probes)
file(MAKE_DIRECTORY "${CMAKE_BINARY_DIR}/share/lineage")
foreach(d ${LINEAGE_DATA_SUBDIRS})
  set(_link "${CMAKE_BINARY_DIR}/share/lineage/${d}")
  if(NOT IS_SYMLINK "${_link}" AND NOT EXISTS "${_link}")
    file(CREATE_LINK "${CMAKE_SOURCE_DIR}/data/${d}" "${_link}" SYMBOLIC)
  endif()
endforeach()
