# Every dependency comes from a Debian 12 package; nothing is vendored or downloaded.
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(OpenSSL 3 REQUIRED)

# Storage talks to PostgreSQL through libpq directly (docs/adr/0006-libpq-storage.md), not Poco Data.
find_package(PostgreSQL REQUIRED)
find_package(Poco REQUIRED COMPONENTS Foundation Net Util JSON)
# The redis rate limiter plugin (plugins/ratelimit/redis) and its tests talk to Redis through Poco::Redis.
find_package(Poco REQUIRED COMPONENTS Redis)
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
pkg_check_modules(ARGON2 REQUIRED IMPORTED_TARGET libargon2)
if(AKASHI_BUILD_TESTS)
  pkg_check_modules(CPPUNIT REQUIRED IMPORTED_TARGET cppunit)
endif()
