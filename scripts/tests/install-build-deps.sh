#!/usr/bin/env bash
# scripts/install-build-deps with stub apt-get, sudo, id, pkg-config and sqlite3 on PATH that record
# their arguments: as root without sudo, as a user with sudo, as a user without sudo, and with nothing missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
script=$PWD/scripts/install-build-deps
bash=$(command -v bash)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL install-build-deps: $*" >&2; failures=$((failures + 1)); }

# make_stubs DIR UID WITH_SUDO HAVE_CMARK: a PATH of only stubs (and the real env).
make_stubs() {
  local dir=$1 uid=$2 with_sudo=$3 have_cmark=$4
  mkdir -p "$dir"
  ln -s "$(command -v env)" "$dir/env"
  printf '#!%s\necho %s\n' "$bash" "$uid" >"$dir/id"
  printf '#!%s\necho "apt-get DEBIAN_FRONTEND=${DEBIAN_FRONTEND:-unset} $*" >>"%s/log"\n' "$bash" "$dir" >"$dir/apt-get"
  printf '#!%s\n[ "$2" = libcmark ] && exit %s; exit 0\n' "$bash" "$([ "$have_cmark" = yes ] && echo 0 || echo 1)" \
    >"$dir/pkg-config"
  printf '#!%s\nexit 0\n' "$bash" >"$dir/sqlite3"
  if [ "$with_sudo" = yes ]; then
    printf '#!%s\necho "sudo $*" >>"%s/log"\nexec "$@"\n' "$bash" "$dir" >"$dir/sudo"
  fi
  chmod +x "$dir"/*
}

run() { # run DIR: runs the script with only the stubs on PATH; sets $status and $out
  set +e
  out=$(PATH=$1 "$bash" "$script" 2>&1)
  status=$?
  set -e
}

expect_log() { # expect_log DIR EXPECTED-CONTENT
  local got; got=$(cat "$1/log" 2>/dev/null || true)
  [ "$got" = "$2" ] || fail "$(basename "$1"): expected calls:
$2
got:
$got"
}

# Root, no sudo on the machine: apt-get runs directly, non-interactively.
make_stubs "$work/root" 0 no no
run "$work/root"
[ "$status" -eq 0 ] || fail "root: exit $status: $out"
expect_log "$work/root" "apt-get DEBIAN_FRONTEND=noninteractive update -qq
apt-get DEBIAN_FRONTEND=noninteractive install -y -qq libcmark-dev"

# A user with sudo: each apt-get goes through sudo, and still non-interactively.
make_stubs "$work/user" 1000 yes no
run "$work/user"
[ "$status" -eq 0 ] || fail "user with sudo: exit $status: $out"
expect_log "$work/user" "sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
apt-get DEBIAN_FRONTEND=noninteractive update -qq
sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libcmark-dev
apt-get DEBIAN_FRONTEND=noninteractive install -y -qq libcmark-dev"

# A user without sudo: a message that says what to do, exit 1, apt-get never called.
make_stubs "$work/nosudo" 1000 no no
run "$work/nosudo"
[ "$status" -eq 1 ] || fail "user without sudo: expected exit 1, got $status"
case $out in *"run this script as root"*"apt-get install libcmark-dev"*) ;; *) fail "user without sudo: message: $out" ;; esac
expect_log "$work/nosudo" ""

# Nothing missing: neither apt-get nor sudo runs.
make_stubs "$work/ready" 1000 yes yes
run "$work/ready"
[ "$status" -eq 0 ] || fail "ready: exit $status: $out"
expect_log "$work/ready" ""

if [ "$failures" -eq 0 ]; then echo "install-build-deps: 4 cases pass (root without sudo, user with sudo, user without, ready)"; fi
exit $((failures > 0))
