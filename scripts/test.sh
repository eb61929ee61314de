#!/usr/bin/env bash
# Runs the whole test suite twice: on SQLite (the embedded default) and on PostgreSQL.
# Installs what the tests need when it is missing:
#   Debian/Ubuntu as root: apt-get install -y chromium fonts-ipafont-gothic postgresql (and starts PostgreSQL on loopback),
#   and without recommends libreoffice-calc-nogui poppler-utils (the real spreadsheet client that prints the report to PDF)
#   elsewhere: install Chromium at /usr/bin/chromium, a Japanese font, LibreOffice Calc (soffice) and poppler-utils
#   (pdfinfo, pdftotext), and point the PostgreSQL pass at a server
#   with DXTRACKER_TEST_POSTGRES="Host=...;Username=...;Password=..." (a user that may create databases).
# Prints the totals of both passes as the last line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "IPAGothic\|IPAexGothic\|Noto Sans CJK" || need+=(fonts-ipafont-gothic)
if [ -z "${DXTRACKER_TEST_POSTGRES:-}" ] && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  need+=(postgresql)
fi
# LibreOffice without its recommends (no GUI, no Java): about two minutes the first time.
lean=()
command -v soffice >/dev/null || lean+=(libreoffice-calc-nogui)
command -v pdfinfo >/dev/null && command -v pdftotext >/dev/null || lean+=(poppler-utils)
if [ ${#need[@]} -gt 0 ] || [ ${#lean[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${need[*]} ${lean[*]} ..."
    apt-get update -qq
    if [ ${#need[@]} -gt 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    fi
    if [ ${#lean[@]} -gt 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${lean[@]}" >/dev/null
    fi
  else
    echo "Missing: ${need[*]} ${lean[*]}. Install them (Debian: sudo apt-get install -y chromium fonts-ipafont-gothic postgresql" \
      "&& sudo apt-get install -y --no-install-recommends libreoffice-calc-nogui poppler-utils)" >&2
    echo "or set DXTRACKER_TEST_POSTGRES to an existing PostgreSQL server, and rerun." >&2
    exit 1
  fi
fi

if [ -z "${DXTRACKER_TEST_POSTGRES:-}" ]; then
  # Debian's cluster on loopback, with a test user that may create databases.
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  if ! pg_lsclusters -h 2>/dev/null | grep -q online; then
    pg_lsclusters -h | grep -q . || pg_createcluster "$version" main >/dev/null
    pg_ctlcluster "$version" main start
  fi
  su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='dxtracker'\"" | grep -q 1 \
    || su postgres -c "psql -qc \"CREATE ROLE dxtracker LOGIN CREATEDB PASSWORD 'dxtracker'\""
  export DXTRACKER_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=dxtracker;Password=dxtracker"
fi

results=$(mktemp -d)
# Release: the app under test runs optimised (the end-to-end tests spend most of their time in it), and the release check
# publishes this very build instead of compiling the app a second time.
dotnet build DxTracker.sln -c Release -v q -nologo || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
# A test class with the trait Database=<provider> runs in that provider's pass only: the several-instances tests
# (Database=Postgres) always use the PostgreSQL server, the real-process tests (Database=Sqlite) always start the app on
# SQLite. The pure rule tests (trait Kind=Pure: no database, no browser, no process) run in the SQLite pass only, since no
# provider is involved. A --filter given to this script applies to both passes.
pass_args() {
  local provider=$1; shift
  local only="Database!=Postgres" filtered=0 out=()
  [ "$provider" = Postgres ] && only="Database!=Sqlite&Kind!=Pure"
  while [ $# -gt 0 ]; do
    if [ "$1" = --filter ] && [ $# -gt 1 ]; then
      out+=(--filter "($2)&$only"); filtered=1; shift 2
    elif [[ "$1" == --filter=* ]]; then
      out+=(--filter "(${1#--filter=})&$only"); filtered=1; shift
    else
      out+=("$1"); shift
    fi
  done
  [ $filtered = 1 ] || out+=(--filter "$only")
  printf '%s\0' "${out[@]}"
}
# No test can hang CI: a test still running after TEST_HANG_TIMEOUT (default 5 minutes; the slowest test takes about
# two on a loaded 2-core machine) makes the runner (VSTest's blame collector) kill the test process and name the test in
# its output ("The test running when the crash occurred" / Sequence_*.xml); the pass then counts as failed. A whole pass
# is also bounded (TEST_PASS_TIMEOUT, default 30 minutes) in case the runner itself stops answering.
hang=${TEST_HANG_TIMEOUT:-5m}
# Every test starts its app (in process or as a process) afresh and runs it for seconds to minutes: profile-guided
# optimisation's instrumented code and second recompilation cost CPU (about 14% of a browser-and-process sample's) that a
# test never earns back. The app itself keeps the runtime's default.
export DOTNET_TieredPGO=0
status=0
for provider in Sqlite Postgres; do
  echo "=== Test pass on $provider ==="
  mapfile -d '' args < <(pass_args "$provider" "$@")
  DXTRACKER_TEST_DATABASE=$provider timeout --kill-after=30s "${TEST_PASS_TIMEOUT:-30m}" dotnet test DxTracker.sln -c Release --no-build \
    --blame-hang --blame-hang-timeout "$hang" --blame-hang-dump-type none \
    --logger "trx;LogFileName=$provider.trx" --results-directory "$results" "${args[@]}" || status=1
done
python3 - "$results" <<'PY' || { echo "0 passed, 1 failed, 0 skipped"; status=1; }
import sys, glob, xml.etree.ElementTree as ET
ns = {'t': 'http://microsoft.com/schemas/VisualStudio/TeamTest/2010'}
passed = failed = skipped = 0
files = glob.glob(sys.argv[1] + '/**/*.trx', recursive=True)
for f in files:
    c = ET.parse(f).getroot().find('t:ResultSummary/t:Counters', ns)
    passed += int(c.get('passed'))
    failed += sum(int(c.get(k)) for k in ('failed', 'error', 'timeout', 'aborted'))
    skipped += int(c.get('notExecuted'))
if len(files) < 2:
    failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
