#!/usr/bin/env bash
# PackagingTestSuite: the Debian packages as an operator gets them. Builds akashi and akashi-dev from this
# build with cpack (into a temp dir, so it can run beside other suites), installs them into the machine
# with dpkg (CI runs as root on a throwaway machine), checks where the files land, the conffiles, the key
# pair postinst generates and the systemd unit (verify, security exposure), builds the example plugin
# against the installed SDK, runs the installed server the way its unit would (ExecStart, EnvironmentFile,
# credentials) on a fresh database of the test cluster, and purges both packages at the end.
#
# systemd is not PID 1 here, so the server runs as a child of this script, not under systemd: the unit's
# sandbox itself is checked by systemd-analyze only.
#
# usage: deb_test.sh <build dir> <source dir> <version>
set -uo pipefail
checks_suite=PackagingTestSuite
. "$(dirname "$0")/checks.sh"

build_dir=$1
source_dir=$2
version=$3

unit=/usr/lib/systemd/system/akashi.service
plugin_dir=/usr/lib/akashi/plugins
max_exposure=2.5

if [ "$(id -u)" -ne 0 ]; then
    fail "the suite runs as root" "dpkg -i installs into the machine and needs root: run ctest as root (CI does)"
    finish
    exit 1
fi

arch=$(dpkg --print-architecture)
server_deb=akashi_${version}_${arch}.deb
sdk_deb=akashi-dev_${version}_${arch}.deb
work=$(mktemp -d /tmp/akashi-packaging.XXXXXX)
cluster="host=${AKASHI_TEST_CLUSTER_DIR:-/nonexistent}/socket port=5432 user=akashi"
database=akashi_packaging_$$

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
purge_packages() { dpkg -P akashi-dev akashi; }
psql_cluster() { psql -X -q -v ON_ERROR_STOP=1 "$cluster dbname=postgres" "$@"; }

cleanup()
{
    if [ -f "$work/server.pid" ] && [ ! -f "$work/server.status" ]; then
        kill -KILL "$(cat "$work/server.pid")" 2>/dev/null
    fi
    if installed akashi || installed akashi-dev; then
        purge_packages >/dev/null 2>&1
    fi
    rm -f /etc/systemd/system/multi-user.target.wants/akashi.service
    psql_cluster -c "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT

build_packages()
{
    # -B keeps cpack's staging (_CPack_Packages) out of the shared build dir.
    cpack --config "$build_dir/CPackConfig.cmake" -G DEB -B "$work/packages" || return 1
    ls -l "$work/packages"/*.deb
    [ -f "$work/packages/$server_deb" ] || die "no $server_deb"
    [ -f "$work/packages/$sdk_deb" ] || die "no $sdk_deb"
}

field_contains()
{
    local deb=$1 field=$2 expected=$3 value
    value=$(dpkg-deb -f "$work/packages/$deb" "$field")
    case ", $value," in
        *", $expected"[\ ,]*) ;;
        *) die "$deb $field is \"$value\": expected it to name $expected" ;;
    esac
}

package_metadata()
{
    dpkg-deb -I "$work/packages/$server_deb" || return 1
    [ "$(dpkg-deb -f "$work/packages/$server_deb" Package)" = akashi ] || die "server package is not named akashi"
    [ "$(dpkg-deb -f "$work/packages/$sdk_deb" Package)" = akashi-dev ] || die "SDK package is not named akashi-dev"
    [ -n "$(dpkg-deb -f "$work/packages/$server_deb" Maintainer)" ] || die "no Maintainer"
    # dpkg-shlibdeps found the libraries the server and its plugins link.
    local lib
    for lib in libc6 libstdc++6 libpq5 libssl3 libsystemd0 libargon2-1 libpocofoundation80 libpoconet80 \
        libpocoutil80 libpocojson80; do
        field_contains "$server_deb" Depends "$lib" || return 1
    done
    field_contains "$server_deb" Recommends postgresql-15 || return 1
    field_contains "$sdk_deb" Depends "akashi (= $version)"
}

listed() # package, expected path...
{
    local package=$1 path files
    shift
    files=$(dpkg -L "$package") || return 1
    for path in "$@"; do
        grep -qxF "$path" <<<"$files" || die "dpkg -L $package does not list $path"
    done
}

server_files()
{
    local expected=(/usr/bin/akashi /etc/akashi/akashi.properties /etc/akashi/akashi.env "$unit"
        /usr/share/doc/akashi/install.md /usr/share/doc/akashi/runbook.md /usr/share/doc/akashi/configuration.md)
    local plugin
    for plugin in "$build_dir"/plugins/*.so; do
        expected+=("$plugin_dir/$(basename "$plugin")")
    done
    [ ${#expected[@]} -gt 7 ] || die "no plugins in $build_dir/plugins"
    listed akashi "${expected[@]}" || return 1
    if dpkg -L akashi | grep -q '^/usr/include'; then die "akashi ships SDK headers"; fi
}

sdk_files()
{
    local multiarch expected=() header
    multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
    while IFS= read -r header; do
        expected+=("/usr/include/${header#"$source_dir"/core/include/}")
    done < <(find "$source_dir/core/include/akashi" -name '*.h')
    expected+=("/usr/lib/$multiarch/cmake/AkashiPluginSDK/AkashiPluginSDKConfig.cmake"
        "/usr/lib/$multiarch/cmake/AkashiPluginSDK/AkashiPluginSDKServerBuild.cmake"
        "/usr/lib/$multiarch/cmake/AkashiPluginSDK/AkashiPlugin.cmake")
    listed akashi-dev "${expected[@]}" || return 1
    if dpkg -L akashi-dev | grep -qE '^/usr/bin/|^/etc/'; then die "akashi-dev ships server files"; fi
}

conffiles()
{
    local listed_conffiles
    listed_conffiles=$(dpkg-query -W -f='${Conffiles}\n' akashi)
    echo "$listed_conffiles"
    grep -q '^ /etc/akashi/akashi.properties ' <<<"$listed_conffiles" || die "akashi.properties is not a conffile"
    grep -q '^ /etc/akashi/akashi.env ' <<<"$listed_conffiles" || die "akashi.env is not a conffile"
}

mode_is() # path, expected "mode owner:group"
{
    local actual
    actual=$(stat -c '%a %U:%G' "$1") || return 1
    [ "$actual" = "$2" ] || die "$1 is $actual, expected $2"
}

file_modes()
{
    mode_is /etc/akashi/akashi.env "640 root:root" || return 1
    mode_is /etc/akashi/akashi.properties "644 root:root" || return 1
    mode_is "$unit" "644 root:root" || return 1
    mode_is /usr/bin/akashi "755 root:root" || return 1
    # The plugin loader refuses plugin files that group or others can write.
    local writable
    writable=$(find "$plugin_dir" -perm /022)
    [ -z "$writable" ] || die "group/other-writable under $plugin_dir: $writable"
}

generated_keys()
{
    mode_is /etc/akashi/jwt-private.pem "600 root:root" || return 1
    mode_is /etc/akashi/jwt-public.pem "600 root:root" || return 1
    grep -q 'BEGIN PRIVATE KEY' /etc/akashi/jwt-private.pem || die "jwt-private.pem is not a PEM private key"
    grep -q 'BEGIN PUBLIC KEY' /etc/akashi/jwt-public.pem || die "jwt-public.pem is not a PEM public key"
}

verify_unit()
{
    local output
    output=$(systemd-analyze verify "$unit" 2>&1) || die "systemd-analyze verify failed: $output"
    [ -z "$output" ] || die "systemd-analyze verify warns: $output"
}

unit_exposure()
{
    local report level
    report=$(systemd-analyze security --offline=yes "$unit" 2>&1)
    level=$(sed -n 's/^→ Overall exposure level for akashi.service: \([0-9.]*\).*/\1/p' <<<"$report")
    [ -n "$level" ] || die "no exposure level in: $report"
    echo "exposure $level (at most $max_exposure)"
    awk -v level="$level" -v max="$max_exposure" 'BEGIN { exit !(level <= max) }' ||
        die "exposure $level is above $max_exposure: $(grep '✗' <<<"$report")"
}

build_example_plugin()
{
    # A third party's build: no prefix path (the SDK is found in /usr), the example copied out of the tree.
    cp -r "$source_dir/docs/example-plugin" "$work/example-src" || return 1
    cmake -S "$work/example-src" -B "$work/example" >/dev/null || return 1
    cmake --build "$work/example" -j2 || return 1
    [ -f "$work/example/plugins/embedding-hash.so" ] || die "no embedding-hash.so built"
}

# The environment the unit gives the server: EnvironmentFile= lines, then Environment= with %d (the
# credentials directory) pointing at copies of the LoadCredential= files, mode 0400 as systemd makes them.
unit_environment()
{
    local line id path assignment
    mkdir -m 0700 "$work/credentials" || return 1
    while IFS= read -r line; do
        case $line in
            '' | '#'*) ;;
            *=*) echo "$line" ;;
            *) die "not VAR=value in /etc/akashi/akashi.env: $line" ;;
        esac
    done </etc/akashi/akashi.env
    while IFS= read -r line; do
        id=${line%%:*}
        path=${line#*:}
        install -m 0400 "$path" "$work/credentials/$id" || return 1
    done < <(sed -n 's/^LoadCredential=//p' "$unit")
    for assignment in $(sed -n 's/^Environment=//p' "$unit"); do
        echo "${assignment//%d/$work/credentials}"
    done
}

admin_key=packaging-test-admin-key

start_server()
{
    local env_lines=() exec_start=() port=
    mkdir -p "$work/state" || return 1
    (unit_environment) >"$work/environment" || die "$(cat "$work/environment")"
    mapfile -t env_lines <"$work/environment"
    read -ra exec_start < <(sed -n 's/^ExecStart=//p' "$unit")
    [ "${exec_start[0]:-}" = /usr/bin/akashi ] || die "ExecStart is not /usr/bin/akashi: ${exec_start[*]}"
    psql_cluster -c "CREATE DATABASE $database" || return 1

    # A clean environment like systemd's; STATE_DIRECTORY is what StateDirectory= sets. The watcher records
    # the server's pid and, when it exits, its status (each check runs in a subshell: no `wait` across them).
    (
        env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "${env_lines[@]}" \
            STATE_DIRECTORY="$work/state" \
            DATABASE_URL="postgresql://akashi@/$database?host=${AKASHI_TEST_CLUSTER_DIR:-}/socket&port=5432" \
            AKASHI_LISTEN_ADDRESS=127.0.0.1 AKASHI_PORT=0 AKASHI_ADMIN_API_KEY=$admin_key \
            AKASHI_EMBEDDING_PROVIDER=local AKASHI_PLUGINS_DIR="$plugin_dir:$work/example/plugins" \
            "${exec_start[@]}" >"$work/server.log" 2>&1 &
        echo $! >"$work/server.pid"
        wait $!
        echo $? >"$work/server.status"
    ) &
    for _ in $(seq 1 600); do
        port=$(grep '"http server starting"' "$work/server.log" 2>/dev/null | grep -o '"port":[0-9]*' | cut -d: -f2)
        [ -n "$port" ] && break
        [ -f "$work/server.status" ] && break
        sleep 0.1
    done
    [ -n "$port" ] || die "the server did not start listening: $(cat "$work/server.log")"
    echo "$port" >"$work/port"
}

health()
{
    local port status
    port=$(cat "$work/port") || return 1
    status=$(curl -s -o "$work/health.json" -w '%{http_code}' "http://127.0.0.1:$port/health")
    cat "$work/health.json"
    [ "$status" = 200 ] || die "GET /health answered $status"
    grep -q '"status":"healthy"' "$work/health.json" || die "not healthy"
}

plugins_loaded()
{
    local plugin name
    for plugin in "$plugin_dir"/*.so "$work/example/plugins/embedding-hash.so"; do
        name=$(basename "$plugin" .so)
        grep '"plugin loaded"' "$work/server.log" | grep -qF "\"path\":\"$plugin\"" ||
            die "no \"plugin loaded\" for $plugin ($name)"
    done
}

token_with_packaged_keys()
{
    local port status
    port=$(cat "$work/port") || return 1
    if grep -q 'JWT keys not configured' "$work/server.log"; then die "the server ignored the packaged key pair"; fi
    status=$(curl -s -o "$work/token.json" -w '%{http_code}' -X POST "http://127.0.0.1:$port/auth/token" \
        -H 'Content-Type: application/json' -d "{\"agent_id\":\"admin\",\"api_key\":\"$admin_key\"}")
    [ "$status" = 200 ] || die "POST /auth/token answered $status: $(cat "$work/token.json")"
    grep -q '"token"' "$work/token.json" || die "no token in $(cat "$work/token.json")"
}

stop_server()
{
    kill -TERM "$(cat "$work/server.pid")" || die "no server to stop"
    for _ in $(seq 1 600); do
        [ -f "$work/server.status" ] && break
        sleep 0.1
    done
    [ -f "$work/server.status" ] || die "the server did not exit within 60 s of SIGTERM"
    local status
    status=$(cat "$work/server.status")
    [ "$status" -eq 0 ] || die "exit status $status after SIGTERM: $(tail -5 "$work/server.log")"
    tail -1 "$work/server.log" | grep -q '"akashi stopped"' || die "last log line is not \"akashi stopped\""
}

reinstall_keeps_local_state()
{
    local keys_before
    keys_before=$(cat /etc/akashi/jwt-private.pem /etc/akashi/jwt-public.pem | sha256sum)
    echo "AKASHI_LOG_LEVEL=warn" >>/etc/akashi/akashi.env
    dpkg -i "$work/packages/$server_deb" || return 1
    [ "$(cat /etc/akashi/jwt-private.pem /etc/akashi/jwt-public.pem | sha256sum)" = "$keys_before" ] ||
        die "reinstalling replaced the key pair"
    tail -1 /etc/akashi/akashi.env | grep -qx 'AKASHI_LOG_LEVEL=warn' || die "reinstalling lost the local edit of akashi.env"
    mode_is /etc/akashi/akashi.env "640 root:root"
}

half_key_pair_left_alone()
{
    local private_before output
    private_before=$(sha256sum </etc/akashi/jwt-private.pem)
    rm /etc/akashi/jwt-public.pem
    output=$(dpkg -i "$work/packages/$server_deb" 2>&1) || die "dpkg -i failed: $output"
    grep -qF "only one of /etc/akashi/jwt-private.pem and /etc/akashi/jwt-public.pem exists" <<<"$output" ||
        die "postinst did not say the pair is incomplete: $output"
    [ ! -e /etc/akashi/jwt-public.pem ] || die "postinst recreated the public key beside an existing private key"
    [ "$(sha256sum </etc/akashi/jwt-private.pem)" = "$private_before" ] || die "postinst replaced the private key"
}

wants_link=/etc/systemd/system/multi-user.target.wants/akashi.service

enable_works_offline()
{
    # What an operator runs after configuring (systemctl enable needs no running systemd).
    systemctl enable akashi.service || return 1
    [ -L "$wants_link" ] || die "systemctl enable created no $wants_link"
}

purge_leaves_nothing()
{
    purge_packages || return 1
    if installed akashi || installed akashi-dev; then die "still installed after dpkg -P"; fi
    local path
    for path in /etc/akashi /usr/bin/akashi /usr/lib/akashi "$unit" /usr/include/akashi /usr/share/doc/akashi \
        "$wants_link" /var/lib/systemd/deb-systemd-helper-enabled/akashi.service.dsh-also; do
        [ ! -e "$path" ] && [ ! -L "$path" ] || die "$path is left after dpkg -P"
    done
}

if installed akashi || installed akashi-dev; then
    check "a pre-installed akashi is purged first" purge_packages
fi
check "cpack builds $server_deb and $sdk_deb" build_packages
check "package metadata: names, maintainer, shared-library and recommended dependencies" package_metadata
check "dpkg -i installs both packages" dpkg -i "$work/packages/$server_deb" "$work/packages/$sdk_deb"
check "akashi holds the server, every plugin, /etc/akashi, the unit and the docs" server_files
check "akashi-dev holds every SDK header and the AkashiPluginSDK package" sdk_files
check "akashi.properties and akashi.env are conffiles" conffiles
check "akashi.env is 0640 root, plugins are not group/other-writable" file_modes
check "postinst generated the JWT key pair, mode 0600 root" generated_keys
check "systemd-analyze verify accepts the installed unit" verify_unit
check "systemd-analyze security: exposure at most $max_exposure" unit_exposure
check "the example plugin builds against the installed SDK" build_example_plugin
check "the installed server starts as its unit runs it (ExecStart, EnvironmentFile, credentials)" start_server
check "GET /health answers 200 healthy" health
check "the server loads every packaged plugin and the example plugin" plugins_loaded
check "the server signs tokens with the packaged key pair" token_with_packaged_keys
check "SIGTERM stops the server with status 0 and \"akashi stopped\"" stop_server
check "reinstalling keeps the key pair and a locally edited akashi.env" reinstall_keeps_local_state
check "postinst leaves a half key pair alone and says so" half_key_pair_left_alone
check "systemctl enable akashi works without a running systemd" enable_works_offline
check "dpkg -P removes both packages, /etc/akashi and the enablement link included" purge_leaves_nothing
finish
