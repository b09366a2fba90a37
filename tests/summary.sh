#!/usr/bin/env bash
# Adds up the CppUnit counts every suite wrote and prints the closing "N passed, M failed" line.
# A CTest test that wrote no result (crashed, timed out, never ran because its fixture failed) counts as
# one failure, so nothing can pass by not running.
set -uo pipefail
build_dir=$1
ctest_status=$2
results="$build_dir/test-results"

passed=0
failed=0
while read -r name; do
  file="$results/$name.result"
  if [ -f "$file" ]; then
    read -r p f < "$file"
    passed=$((passed + p))
    failed=$((failed + f))
  else
    echo "no result from test $name (crashed, timed out or not run)" >&2
    failed=$((failed + 1))
  fi
done < <(ctest --test-dir "$build_dir" -N | sed -n 's/^ *Test *#[0-9]*: *\([^ ]*\).*/\1/p')

# Should CTest have failed while every count says passed (e.g. a non-zero exit after the last test),
# the run is still a failure.
if [ "$ctest_status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
