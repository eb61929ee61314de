#!/usr/bin/env bash
# Runs the whole test suite. Installs what the tests need when it is missing:
#   Debian/Ubuntu as root: apt-get install -y chromium fonts-ipafont-gothic
#   elsewhere: install Chromium at /usr/bin/chromium (or set CHROMIUM_PATH) and a Japanese font, then rerun.
# Prints the totals as the last line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "IPAGothic\|IPAexGothic\|Noto Sans CJK" || need+=(fonts-ipafont-gothic)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${need[*]} ..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "Missing: ${need[*]}. Install them (Debian: sudo apt-get install -y chromium fonts-ipafont-gothic) and rerun." >&2
    exit 1
  fi
fi

results=$(mktemp -d)
dotnet test DxTracker.sln --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
status=$?
python3 - "$results" <<'PY' || echo "0 passed, 1 failed, 0 skipped"
import sys, glob, xml.etree.ElementTree as ET
ns = {'t': 'http://microsoft.com/schemas/VisualStudio/TeamTest/2010'}
passed = failed = skipped = 0
files = glob.glob(sys.argv[1] + '/**/*.trx', recursive=True)
for f in files:
    c = ET.parse(f).getroot().find('t:ResultSummary/t:Counters', ns)
    passed += int(c.get('passed')); failed += int(c.get('failed')) + int(c.get('error')) + int(c.get('timeout')) + int(c.get('aborted'))
    skipped += int(c.get('notExecuted'))
if not files:
    failed = 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
