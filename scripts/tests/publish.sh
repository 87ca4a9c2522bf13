#!/usr/bin/env bash
# scripts/publish end to end against a sample campaign: private storage and the web server are local folders
# reached by rsync. A good day publishes Output/ and keeps the report; a cut-off export exits 2 and changes
# neither the published site nor the stored history.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
pantau=$(readlink -f "${PANTAU_BIN:-.build/debug/pantau}")
command -v rsync >/dev/null || { echo "FAIL publish: rsync is missing (scripts/install-quality-tools installs it)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL publish: $*" >&2; failures=$((failures + 1)); }
tree_sum() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum); }

cd "$work"
env -u PANTAU_THEME_DIR "$pantau" init site --agency "BKPSDM Kota Uji" >/dev/null
printf 'lookup:\n  iterations: 1000\n' >>site/site.yml
"$pantau" sample --out sampel --employees 200 --seed 11 --snapshots 3 >/dev/null
exports=(sampel/pegawai-*.csv)
# Yesterday's state in private storage: units and the first two snapshots.
"$pantau" import units sampel/units.csv --site site --quiet
for export in "${exports[@]:0:2}"; do "$pantau" import employees "$export" --site site --quiet; done
mkdir -p private www
mv site/data private/data
run_publish() { # run_publish EXPORT: runs scripts/publish as a schedule would; sets $status and $out
  set +e
  out=$(PANTAU="$pantau" PANTAU_SITE="$work/site" PANTAU_EXPORT="$1" PANTAU_PRIVATE_STORE="$work/private" \
        PANTAU_PUBLISH_TARGET="$work/www" "$repo/scripts/publish" 2>&1)
  status=$?
  set -e
}

# A good day.
run_publish "$work/${exports[2]}"
[ "$status" -eq 0 ] || fail "good day: exit $status: $out"
[ -s www/index.html ] || fail "good day: www/index.html missing"
[ -s www/unit/index.html ] || [ -n "$(ls www/unit 2>/dev/null)" ] || fail "good day: no unit pages published"
[ -z "$(find www -name '*.sqlite*' -o -name 'cek-cache*' -o -name '*.csv' -path '*pegawai*')" ] || fail "private files reached www/"
[ -s site/reports/latest.json ] || fail "good day: report not kept"
grep -q '"snapshot_count" : 3' site/reports/latest.json \
  || fail "good day: report lacks snapshot_count 3: $(head -c 400 site/reports/latest.json)"
[ "$(sqlite3 private/data/pantau.sqlite 'SELECT count(*) FROM snapshot')" = 3 ] || fail "good day: private storage not updated"
[ -s private/data/cek-cache.bin ] || fail "good day: the cek key cache was not saved"
[ "$(stat -c %a site/data)" = 700 ] || fail "data/ is not private (mode $(stat -c %a site/data))"

# A cut-off download the next day: refused with 2, nothing published, history untouched.
published=$(tree_sum www)
stored=$(sqlite3 private/data/pantau.sqlite .dump | sha256sum)
mkdir -p incoming
head -c 20000 "${exports[2]}" | sed 's/2021-07-26/2021-07-27/' >incoming/pegawai-2021-07-27.csv
run_publish "$work/incoming/pegawai-2021-07-27.csv"
[ "$status" -eq 2 ] || fail "cut-off export: expected exit 2, got $status: $out"
case $out in *"data.max_drop"*"--accept-drop"*) ;; *) fail "cut-off export: message: $out" ;; esac
[ "$(tree_sum www)" = "$published" ] || fail "cut-off export: the published site changed"
[ "$(sqlite3 private/data/pantau.sqlite .dump | sha256sum)" = "$stored" ] || fail "cut-off export: private storage changed"

if [ "$failures" -eq 0 ]; then echo "publish: good day published, cut-off export refused with exit 2 and nothing changed"; fi
exit $((failures > 0))
