#!/usr/bin/env bash
# Mutation testing of the domain's rule files with Stryker.NET (dotnet-stryker, a local tool in dotnet-tools.json).
# The mutants are checked by the fast pure tests only (trait Kind=Pure: no database file, no browser, no child process);
# the files and the filter are in DxTracker.Tests/stryker-config.json. Not part of CI (scripts/test.sh): it takes minutes.
# Prints Stryker's final score line last; the full report is under DxTracker.Tests/StrykerOutput/.
# Results and the surviving mutants judged equivalent: docs/TESTING.md.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
start=$(date +%s)
# Stryker analyses the projects with Buildalyzer, which needs them restored and built once (on a fresh clone it otherwise
# fails with "Could not find build environment").
dotnet build DxTracker.Tests/DxTracker.Tests.csproj -v q -nologo >/dev/null
cd DxTracker.Tests
log=$(mktemp)
# -t mtp: with xunit v3 the default (VSTest) runner reports every mutant as survived.
dotnet dotnet-stryker --config-file stryker-config.json "$@" 2>&1 | tee "$log"
echo "Mutation run took $(( $(date +%s) - start )) s"
grep -E "The final mutation score is" "$log" | tail -1
