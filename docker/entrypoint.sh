#!/bin/sh
# Entrypoint of the Akashi image: on the first start with a fresh volume, write the JWT key pair that
# AKASHI_JWT_PRIVATE_KEY and AKASHI_JWT_PUBLIC_KEY name (mode 0600, `akashi keygen`); then run the server
# with the given arguments (or an admin subcommand: `docker run ... akashi-image keygen --help`).
# A pair that exists, or half of one, is left alone: the server reports what is wrong with it.
set -eu
umask 077

private_key=${AKASHI_JWT_PRIVATE_KEY:-}
public_key=${AKASHI_JWT_PUBLIC_KEY:-}
if [ "${1:-}" != keygen ] && [ -n "$private_key" ] && [ -n "$public_key" ] &&
   [ ! -e "$private_key" ] && [ ! -e "$public_key" ]; then
    mkdir -p "$(dirname "$private_key")" "$(dirname "$public_key")"
    akashi keygen --private-key "$private_key" --public-key "$public_key" >/dev/null
    echo "akashi-entrypoint: generated the JWT key pair $private_key, $public_key" >&2
fi
exec akashi "$@"
