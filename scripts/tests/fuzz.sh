#!/usr/bin/env bash
# scripts/fuzz refuses a wrong command line before building anything.
set -uo pipefail
cd "$(dirname "$0")/../.."
fail() { echo "FAIL scripts/tests/fuzz.sh: $*" >&2; exit 1; }
out=$(scripts/fuzz 2>&1); code=$?
[[ $code == 2 && $out == *"usage: scripts/fuzz TARGET SECONDS"* ]] || fail "no arguments: exit $code, $out"
out=$(scripts/fuzz nosuch 5 2>&1); code=$?
[[ $code == 2 && $out == *'unknown target "nosuch"'* && $out == *"csv xlsx frontmatter template markdown normaliser"* ]] \
    || fail "unknown target: exit $code, $out"
out=$(scripts/fuzz csv soon 2>&1); code=$?
[[ $code == 2 ]] || fail "seconds not a number: exit $code"
echo "ok scripts/tests/fuzz.sh"
