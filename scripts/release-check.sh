#!/usr/bin/env bash
# Checks a release build the way docs/deploy installs it:
#   1. `dotnet publish -c Release` of the app (once);
#   2. starts the published app in Production on a fresh data folder and checks /healthz (version, schema), that no
#      account exists and demo mode is off (a demo sign-in is refused) until `create-admin`, then that the created user
#      signs in; the security headers (and HSTS behind a proxy sending X-Forwarded-Proto: https); static assets served
#      precompressed (brotli, gzip) with a year-long immutable cache; Japanese in the HTML as characters, not &#x…;;
#   3. upgrades the v1 SQLite database (DxTracker.Tests/Upgrade/V1) with the published app: it starts healthy on the
#      current schema with v1's procedures and users, and v1's user signs in with the v1 password.
# Prints one line per check ("ok - …" / "FAIL - …"); exit code 0 when every check passed. Needs the .NET SDK, python3.
# Run by CI through the test suite (DxTracker.Tests/Release/ReleaseCheckTests.cs, SQLite pass).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d)
app=
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null && wait "$app" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# PUBLISHED=<folder>: check that publish output instead of publishing.
# PUBLISH_NO_BUILD=1: publish the Release build already made (the test suite's, scripts/test.sh) instead of compiling again.
publish=${PUBLISHED:-$work/publish}
if [ -z "${PUBLISHED:-}" ]; then
  echo "Publishing (Release) ..."
  dotnet publish DxTracker.App/DxTracker.App.csproj -c Release ${PUBLISH_NO_BUILD:+--no-build} -o "$publish" -v q -nologo -clp:ErrorsOnly
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
# The published app in Production; exec, so that a background start's $! is the app itself.
published() { cd "$publish" && exec env -u DOTNET_ENVIRONMENT ASPNETCORE_ENVIRONMENT=Production dotnet DxTracker.App.dll "$@"; }

# Starts the published app on the data folder $1 and waits for /healthz (two minutes at most).
start() {
  (published --urls="$base" --Data:Directory="$1") >"$work/app.log" 2>&1 &
  app=$!
  for _ in $(seq 1 240); do
    curl -fs "$base/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$app" 2>/dev/null || break
    sleep 0.5
  done
  echo "FAIL - the published app did not become healthy on $1:"; cat "$work/app.log"; exit 1
}
stop() {
  kill "$app"; wait "$app" || true; app=
  # The next start must not find the port still answering.
  for _ in $(seq 1 60); do curl -fs "$base/healthz" >/dev/null 2>&1 || return 0; sleep 0.5; done
  echo "FAIL - the app did not stop"; exit 1
}

check() { python3 scripts/release-check.py "$base" "$@"; }

status=0
start "$work/data"
check fresh "$work/data" "$publish" || status=1
(DXTRACKER_ADMIN_PASSWORD='release-check-passphrase' published create-admin admin@release.example.jp "リリース 確認" \
  --Data:Directory="$work/data") >"$work/create-admin.log" 2>&1 && echo "ok - create-admin (while the app runs)" \
  || { echo "FAIL - create-admin:"; cat "$work/create-admin.log"; status=1; }
check admin "$work/data" admin@release.example.jp release-check-passphrase || status=1
stop

mkdir -p "$work/v1"
for f in dxtracker.db hangfire.db; do gzip -dc "DxTracker.Tests/Upgrade/V1/sqlite/$f.gz" >"$work/v1/$f"; done
check v1-before "$work/v1" >"$work/v1-before.json" || status=1
start "$work/v1"
check upgraded "$work/v1" "$work/v1-before.json" "$work/app.log" || status=1
stop

[ $status = 0 ] && echo "release check passed" || echo "release check FAILED"
exit $status
