# `cmake --install` and CPack's .deb: the binary, its shipped data (share/lineage), the man page
# and the shell completions. The HTML report's chart library is inside the binary (EmbedWebAsset),
# so no other run-time asset exists. An installed binary finds its data through
# util/data_dir.h: <prefix>/bin/lineage → <prefix>/share/lineage.
include(GNUInstallDirs)
install(TARGETS lineage RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
foreach(d ${LINEAGE_DATA_SUBDIRS})
  install(DIRECTORY "${CMAKE_SOURCE_DIR}/data/${d}" DESTINATION ${CMAKE_INSTALL_DATADIR}/lineage)
endforeach()
install(FILES "${CMAKE_SOURCE_DIR}/dist/lineage.1" DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES "${CMAKE_SOURCE_DIR}/dist/completions/lineage.bash"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME lineage)
install(FILES "${CMAKE_SOURCE_DIR}/dist/completions/_lineage"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "lineage")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "lineage maintainers <lineage@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Evidence of whether a language model was derived from another")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
# A RelWithDebInfo build carries ~200 MB of debug info; the package ships a stripped binary.
set(CPACK_STRIP_FILES ON)
# Dependencies from the shared libraries the binary links (dpkg-shlibdeps), when the tool exists.
find_program(LINEAGE_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(LINEAGE_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
endif()
# prerm removes the byte code that importing the Python module leaves in its folder.
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${CMAKE_SOURCE_DIR}/dist/debian/prerm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
