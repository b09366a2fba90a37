# Sourced by the packaging test scripts: each `check` is one counted test, and the script records
# "<passed> <failed>" in $AKASHI_TEST_RESULTS_DIR/<suite>.result like the CppUnit runners
# (tests/support/Driver.cpp), so tests/summary.sh counts every check.
#
#   check "what is expected" command [args...]   runs the command in a subshell; a non-zero exit (or `die`)
#                                                fails the check and prints the command's output, which is
#                                                captured otherwise. State between checks goes through files.
#   fail "what is expected" "why"                records a failed check without running anything.
#   finish                                       writes the result file; exit status 0 only if all passed.

checks_suite=${checks_suite:?set checks_suite before sourcing checks.sh}
checks_passed=0
checks_failed=0
checks_log=$(mktemp)

check()
{
    local name=$1
    shift
    if ("$@") >"$checks_log" 2>&1; then
        checks_passed=$((checks_passed + 1))
        echo "$checks_suite: ok: $name"
    else
        checks_failed=$((checks_failed + 1))
        echo "$checks_suite: FAILED: $name"
        sed 's/^/    /' "$checks_log"
    fi
}

fail()
{
    checks_failed=$((checks_failed + 1))
    echo "$checks_suite: FAILED: $1"
    echo "    $2"
}

# Inside a check: print the reason and end the check as failed.
die()
{
    echo "$*"
    exit 1
}

finish()
{
    rm -f "$checks_log"
    echo "$checks_suite: $checks_passed passed, $checks_failed failed"
    if [ -n "${AKASHI_TEST_RESULTS_DIR:-}" ]; then
        mkdir -p "$AKASHI_TEST_RESULTS_DIR"
        echo "$checks_passed $checks_failed" >"$AKASHI_TEST_RESULTS_DIR/$checks_suite.result"
    fi
    [ "$checks_failed" -eq 0 ]
}
