#!/usr/bin/env bash
# DockerTestSuite: docker/ without a Docker daemon (there is none on CI). The compose file validates with
# the compose implementation installed (the `docker compose` plugin, else Debian's docker-compose) and is
# wired as docker/README.md says; the Dockerfile's build stage installs the Makefile's build packages and
# its runtime stage every package whose libraries the built server and plugins link; the image's
# entrypoint generates the JWT key pair once.
#
# usage: docker_test.sh <build dir> <source dir>
set -uo pipefail
checks_suite=DockerTestSuite
. "$(dirname "$0")/checks.sh"

build_dir=$1
source_dir=$2
docker_dir=$source_dir/docker
dockerfile=$docker_dir/Dockerfile
work=$(mktemp -d /tmp/akashi-docker-test.XXXXXX)
trap 'rm -rf "$work"' EXIT

if docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
elif command -v docker-compose >/dev/null; then
    compose=(docker-compose)
else
    compose=()
fi

compose_validates()
{
    [ ${#compose[@]} -gt 0 ] ||
        die "neither the docker compose plugin nor docker-compose is installed (make deps installs docker-compose)"
    echo "using ${compose[*]}"
    # A clean environment: the file's own defaults must be enough.
    (cd "$docker_dir" && env -i PATH="$PATH" HOME="$work" "${compose[@]}" -f docker-compose.yml config -q) || return 1
    (cd "$docker_dir" && env -i PATH="$PATH" HOME="$work" "${compose[@]}" -f docker-compose.yml config) >"$work/compose.yml"
}

# The wiring, read from the compose implementation's normalised output.
compose_wiring()
{
    python3 - "$work/compose.yml" "$source_dir" <<'EOF'
import sys, urllib.parse, yaml, os

config = yaml.safe_load(open(sys.argv[1]))
source_dir = os.path.realpath(sys.argv[2])
services = config["services"]
problems = []

def expect(condition, message):
    if not condition:
        problems.append(message)

expect(set(services) == {"postgres", "pgbouncer", "redis", "akashi"},
       f"services are {sorted(services)}, expected akashi, pgbouncer, postgres, redis")
for name, service in services.items():
    expect("healthcheck" in service and service["healthcheck"].get("test"), f"{name} has no healthcheck")

akashi = services.get("akashi", {})
environment = akashi.get("environment", {})
if isinstance(environment, list):
    environment = dict(item.split("=", 1) if "=" in item else (item, None) for item in environment)

def url(name):
    value = environment.get(name) or ""
    return urllib.parse.urlsplit(value)

database, notify, redis = url("DATABASE_URL"), url("NOTIFY_URL"), url("REDIS_URL")
expect((database.scheme, database.hostname, database.port) == ("postgres", "pgbouncer", 6432),
       f"DATABASE_URL must go through pgbouncer:6432, is {environment.get('DATABASE_URL')}")
expect((notify.scheme, notify.hostname, notify.port) == ("postgres", "postgres", 5432),
       f"NOTIFY_URL must reach postgres:5432 directly, is {environment.get('NOTIFY_URL')}")
expect(database.path == notify.path == "/akashi", "DATABASE_URL and NOTIFY_URL must name the same database")
expect((redis.scheme, redis.hostname) == ("redis", "redis"), f"REDIS_URL must reach redis, is {environment.get('REDIS_URL')}")
expect(environment.get("AKASHI_ADMIN_API_KEY"), "AKASHI_ADMIN_API_KEY has no default")

depends = akashi.get("depends_on", {})
for needed in ("postgres", "pgbouncer", "redis"):
    condition = depends.get(needed, {}).get("condition") if isinstance(depends, dict) else None
    expect(condition == "service_healthy", f"akashi must wait for {needed} to be healthy (condition {condition})")
pgbouncer_depends = services.get("pgbouncer", {}).get("depends_on", {})
expect(isinstance(pgbouncer_depends, dict) and
       pgbouncer_depends.get("postgres", {}).get("condition") == "service_healthy",
       "pgbouncer must wait for postgres to be healthy")

build = akashi.get("build", {})
expect(os.path.realpath(build.get("context", "")) == source_dir, f"akashi builds from {build.get('context')}, not the repository root")
expect(build.get("dockerfile") == "docker/Dockerfile", f"akashi's dockerfile is {build.get('dockerfile')}")

# Named volumes for everything stateful.
declared = set((config.get("volumes") or {}).keys())
for name in ("postgres", "akashi"):
    mounts = services.get(name, {}).get("volumes", [])
    sources = [m.get("source") if isinstance(m, dict) else m.split(":", 1)[0] for m in mounts]
    expect(any(s in declared for s in sources), f"{name} has no named volume (mounts {sources})")

for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
EOF
}

pgbouncer_transaction_pooling()
{
    local ini=$docker_dir/pgbouncer/pgbouncer.ini setting
    for setting in "pool_mode = transaction" "listen_port = 6432" "auth_type = scram-sha-256" \
        "* = host=postgres port=5432"; do
        grep -qxF "$setting" "$ini" || die "$ini lacks \"$setting\""
    done
}

# The packages of one `apt-get install` block of a Dockerfile stage (stage 1 = build, 2 = runtime).
stage_packages()
{
    awk -v stage="$1" '
        /^FROM / { n++ }
        n == stage && /apt-get install/ { collecting = 1 }
        n == stage && collecting {
            for (i = 1; i <= NF; i++)
                if ($i ~ /^[a-z0-9][a-z0-9.+-]+$/ && $i != "apt-get" && $i != "install" && $i != "rm") print $i
            if ($0 !~ /\\$/ || $0 ~ /&& rm/) collecting = 0
        }' "$dockerfile" | sort -u
}

build_stage_packages()
{
    # The Makefile's PACKAGES, less what only the tests, `make run` or `make package` need.
    local test_only=" libcppunit-dev postgresql-15 curl dpkg-dev systemd docker-compose prometheus redis-server "
    local makefile_packages package missing=()
    # Make itself evaluates PACKAGES (it is built with +=); not the jobserver of a `make test` around us.
    makefile_packages=$(env -u MAKEFLAGS -u MAKELEVEL make -s -C "$source_dir" -f Makefile -f - print-packages \
        <<<'print-packages: ; @echo $(PACKAGES)') || return 1
    stage_packages 1 >"$work/build-stage"
    for package in $makefile_packages; do
        case $test_only in *" $package "*) continue ;; esac
        grep -qx "$package" "$work/build-stage" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] || die "the build stage does not install: ${missing[*]}"
}

runtime_stage_libraries()
{
    # Every package providing a library the built server or a plugin needs, except the base image's own.
    local base=" libc6 libstdc++6 libgcc-s1 " binary library path package missing=() paths=()
    stage_packages 2 >"$work/runtime-stage"
    [ -x "$build_dir/server/akashi" ] || die "no $build_dir/server/akashi: build first"
    for library in $(for binary in "$build_dir/server/akashi" "$build_dir"/plugins/*.so; do
        objdump -p "$binary" | awk '$1 == "NEEDED" { print $2 }'; done | sort -u); do
        path=$(ldconfig -p | awk -v lib="$library" '$1 == lib && /x86-64/ { print $NF; exit }')
        [ -n "$path" ] || die "$library is not in the linker cache (ldconfig -p)"
        paths+=("$path")
    done
    # dpkg knows a library by the path its package ships (/lib or /usr/lib on a merged /usr): ask for both.
    for package in $(dpkg -S "${paths[@]}" "${paths[@]/#\/lib\//\/usr\/lib\/}" 2>/dev/null |
        cut -d: -f1 | sort -u); do
        case $base in *" $package "*) continue ;; esac
        grep -qx "$package" "$work/runtime-stage" || missing+=("$package")
    done
    [ ${#missing[@]} -gt 0 ] || [ ${#paths[@]} -gt 0 ] || die "no libraries found"
    [ ${#missing[@]} -eq 0 ] || die "the runtime stage does not install: ${missing[*]}"
}

runtime_image_settings()
{
    local runtime
    runtime=$(awk '/^FROM / { n++ } n == 2' "$dockerfile")
    grep -q '^FROM debian:12 AS build$' "$dockerfile" || die "the build stage is not debian:12"
    grep -q '^FROM debian:12-slim$' <<<"$runtime" || die "the runtime stage is not debian:12-slim"
    grep -q '^USER akashi$' <<<"$runtime" || die "the runtime stage does not switch to the akashi user"
    grep -q '^EXPOSE 8080$' <<<"$runtime" || die "no EXPOSE 8080"
    grep -q '^STOPSIGNAL SIGTERM$' <<<"$runtime" || die "no STOPSIGNAL SIGTERM"
    grep -A1 '^HEALTHCHECK' <<<"$runtime" | grep -q '/health' || die "the HEALTHCHECK does not ask /health"
    grep -q 'DAKASHI_BUILD_TESTS=OFF' "$dockerfile" || die "the image build does not turn the tests off"
}

dockerignore_keeps_build_trees_out()
{
    local pattern
    for pattern in .git /build /build-\* /var; do
        grep -qxF "$pattern" "$source_dir/.dockerignore" || die ".dockerignore lacks $pattern"
    done
}

entrypoint()
{
    PATH="$build_dir/server:$PATH" AKASHI_JWT_PRIVATE_KEY="$work/$1/keys/private.pem" \
        AKASHI_JWT_PUBLIC_KEY="$work/$1/keys/public.pem" sh "$docker_dir/entrypoint.sh" "${@:2}"
}

entrypoint_generates_keys_once()
{
    local output before
    output=$(entrypoint first --version 2>&1) || die "entrypoint failed: $output"
    grep -q "^akashi " <<<"$output" || die "the entrypoint did not run the server: $output"
    grep -q "generated the JWT key pair" <<<"$output" || die "no key pair generated: $output"
    [ "$(stat -c %a "$work/first/keys/private.pem")" = 600 ] || die "private key mode $(stat -c %a "$work/first/keys/private.pem")"
    [ "$(stat -c %a "$work/first/keys")" = 700 ] || die "keys directory mode $(stat -c %a "$work/first/keys")"
    before=$(cat "$work/first/keys/"*.pem | sha256sum)
    output=$(entrypoint first --version 2>&1) || die "second start failed: $output"
    if grep -q "generated" <<<"$output"; then die "the second start generated keys again"; fi
    [ "$(cat "$work/first/keys/"*.pem | sha256sum)" = "$before" ] || die "the second start changed the key pair"
}

entrypoint_leaves_half_pair()
{
    local output
    mkdir -p "$work/half/keys" && echo "operator's key" >"$work/half/keys/private.pem"
    output=$(entrypoint half --version 2>&1) || die "entrypoint failed: $output"
    [ ! -e "$work/half/keys/public.pem" ] || die "a public key was written beside the operator's private key"
    [ "$(cat "$work/half/keys/private.pem")" = "operator's key" ] || die "the operator's private key changed"
}

check "docker-compose.yml validates (compose config -q)" compose_validates
check "the compose stack is wired: pgbouncer for queries, postgres for NOTIFY, health-gated start" compose_wiring
check "pgbouncer pools transactions on port 6432 with SCRAM" pgbouncer_transaction_pooling
check "the Dockerfile's build stage installs the Makefile's build packages" build_stage_packages
# The image runs a release build: a sanitizer build's binaries also link the sanitizer runtimes and more of
# Poco, so they say nothing about the image. `make test` (no sanitizer) runs this check.
if grep -q '^SANITIZE:STRING=.\+' "$build_dir/CMakeCache.txt" 2>/dev/null; then
    echo "$checks_suite: not checked in a sanitizer build: the runtime stage's libraries (checked by the release build)"
else
    check "the runtime stage installs every library package the server and plugins link" runtime_stage_libraries
fi
check "the runtime image: debian:12-slim, non-root, EXPOSE 8080, STOPSIGNAL SIGTERM, /health check" runtime_image_settings
check ".dockerignore keeps .git and build trees out of the context" dockerignore_keeps_build_trees_out
check "the entrypoint generates the JWT key pair on the first start only" entrypoint_generates_keys_once
check "the entrypoint leaves half a key pair alone" entrypoint_leaves_half_pair
finish
