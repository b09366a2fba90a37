# Debian packages, one per install component (CPack DEB; `make package`, or `cpack -G DEB` in the build dir):
#   akashi      (component server): /usr/bin/akashi, the plugins in /usr/lib/akashi/plugins, the conffiles
#               /etc/akashi/akashi.properties and /etc/akashi/akashi.env, the hardened systemd unit
#               /usr/lib/systemd/system/akashi.service and the operator docs. The migrations are embedded in
#               the binary (core/CMakeLists.txt): nothing under migrations/ is installed.
#   akashi-dev  (component sdk, core/CMakeLists.txt): the plugin SDK, headers and the AkashiPluginSDK package.
# Dependencies on shared libraries come from dpkg-shlibdeps (dpkg-dev); docs/install.md says why the embedded
# PostgreSQL is only a recommendation. tests/packaging/deb_test.sh installs both packages and checks them.
include_guard(GLOBAL)

set(AKASHI_SERVER_COMPONENT server)
# /etc with the /usr prefix the packages use (GNUInstallDirs); the server's default properties file is there.
set(AKASHI_SYSCONF_DIR ${CMAKE_INSTALL_FULL_SYSCONFDIR}/akashi)
set(AKASHI_PACKAGING_DIR ${CMAKE_CURRENT_LIST_DIR}/debian)

install(FILES ${PROJECT_SOURCE_DIR}/etc/akashi.properties
  DESTINATION ${AKASHI_SYSCONF_DIR}
  COMPONENT ${AKASHI_SERVER_COMPONENT})
# Holds secrets (DATABASE_URL passwords, API keys): readable by root only; systemd reads it, not the service.
install(FILES ${PROJECT_SOURCE_DIR}/etc/akashi.env
  DESTINATION ${AKASHI_SYSCONF_DIR}
  PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ
  COMPONENT ${AKASHI_SERVER_COMPONENT})
# Units shipped by packages live in /usr/lib/systemd/system; ExecStart there names /usr/bin/akashi.
install(FILES ${PROJECT_SOURCE_DIR}/etc/systemd/akashi.service
  DESTINATION lib/systemd/system
  COMPONENT ${AKASHI_SERVER_COMPONENT})
install(FILES
    ${PROJECT_SOURCE_DIR}/docs/install.md
    ${PROJECT_SOURCE_DIR}/docs/runbook.md
    ${PROJECT_SOURCE_DIR}/docs/configuration.md
    ${PROJECT_SOURCE_DIR}/docs/operations.md
    ${PROJECT_SOURCE_DIR}/docs/telemetry.md
    ${PROJECT_SOURCE_DIR}/docs/rate-limiting.md
    ${PROJECT_SOURCE_DIR}/docs/integrity.md
  DESTINATION ${CMAKE_INSTALL_DOCDIR}
  COMPONENT ${AKASHI_SERVER_COMPONENT})

# cpack installs what is built; it does not build. Otherwise its "preinstall" step would build every test
# suite first, one job at a time, also when PackagingTestSuite runs cpack beside other suites. `make package`
# builds first; a tree that is not built fails the install step, naming the missing file.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME akashi)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "Akashi")
set(CPACK_PACKAGE_CONTACT "Akashi Developers <dev@akashi.invalid>")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES TRUE)
set(CPACK_COMPONENTS_ALL ${AKASHI_SERVER_COMPONENT} ${AKASHI_SDK_COMPONENT})
set(CPACK_DEB_COMPONENT_INSTALL ON)

# <name>_<version>_<arch>.deb: akashi_0.1.0_amd64.deb, akashi-dev_0.1.0_amd64.deb.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME akashi)
set(CPACK_DEBIAN_SERVER_PACKAGE_SECTION net)
# The embedded default (no DATABASE_URL) runs initdb and pg_ctl from postgresql-15 as the unit's dynamic
# user, whose name initdb looks up through nss-systemd; a server pointed at its own PostgreSQL needs neither.
set(CPACK_DEBIAN_SERVER_PACKAGE_RECOMMENDS "postgresql-15, libnss-systemd")
set(CPACK_DEBIAN_SERVER_PACKAGE_SUGGESTS "pgbouncer, redis-server, postgresql-client-15, curl")
# dpkg's description: the summary line, then the extended text.
set(CPACK_DEBIAN_SERVER_DESCRIPTION "decision trace server for multi-agent AI systems
Akashi records the decisions of AI agents (type, outcome, confidence, reasoning, alternatives,
evidence) bi-temporally in PostgreSQL, searches them semantically, detects conflicts between agents,
streams new decisions over SSE and serves agent tools over MCP. This package holds the server, its
plugins and a hardened systemd unit.")
configure_file(${AKASHI_PACKAGING_DIR}/conffiles.in ${CMAKE_BINARY_DIR}/packaging/server/conffiles @ONLY)
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
  ${CMAKE_BINARY_DIR}/packaging/server/conffiles
  ${AKASHI_PACKAGING_DIR}/postinst
  ${AKASHI_PACKAGING_DIR}/prerm
  ${AKASHI_PACKAGING_DIR}/postrm)

set(CPACK_DEBIAN_SDK_PACKAGE_NAME akashi-dev)
set(CPACK_DEBIAN_SDK_PACKAGE_SECTION libdevel)
# The SDK records how this very server was built (AkashiPluginSDKServerBuild.cmake): plugins built with it
# load into the same version of akashi.
set(CPACK_DEBIAN_SDK_PACKAGE_DEPENDS "akashi (= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_SDK_PACKAGE_RECOMMENDS "cmake (>= 3.25), g++")
set(CPACK_DEBIAN_SDK_DESCRIPTION "plugin SDK for the Akashi decision trace server
The public headers and the AkashiPluginSDK CMake package (find_package(AkashiPluginSDK) and
akashi_add_plugin) for building embedding, rate limit, notify and exporter plugins out of tree, with
the plugin guide and an example plugin.")

include(CPack)
