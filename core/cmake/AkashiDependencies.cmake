# Every dependency comes from a Debian 12 package; nothing is vendored or downloaded.
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(OpenSSL 3 REQUIRED)

# Poco's DataPostgreSQL config names PostgreSQL::client, which no Debian package defines.
find_package(PostgreSQL REQUIRED)
if(NOT TARGET PostgreSQL::client)
  add_library(PostgreSQL::client INTERFACE IMPORTED)
  target_link_libraries(PostgreSQL::client INTERFACE PostgreSQL::PostgreSQL)
endif()

find_package(Poco REQUIRED COMPONENTS Foundation Net Util JSON Data DataPostgreSQL)
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
pkg_check_modules(ARGON2 REQUIRED IMPORTED_TARGET libargon2)
if(AKASHI_BUILD_TESTS)
  pkg_check_modules(CPPUNIT REQUIRED IMPORTED_TARGET cppunit)
endif()
