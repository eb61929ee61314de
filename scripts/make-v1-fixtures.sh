#!/usr/bin/env bash
# Rebuilds the v1 fixtures of the upgrade tests (DxTracker.Tests/Upgrade/V1/) from the v1 code, commit a0f2c99: the
# schema deployed in offices. Run it once; the files are committed and the tests never run v1 code.
#
# For each provider, v1's own build does what an office did with v1:
#   1. `create-admin` with Demo:Enabled=true: v1's migration, the demo ward (seed 20190401) and a real DX team user
#      (admin@v1.example.jp, password in DxTracker.Tests/Upgrade/V1Fixture.cs);
#   2. `import` of a 手続棚卸し表 written from the national survey (scripts/v1-fixtures/inventory-from-survey.py: its
#      first 40 procedures, into department D0101) as that user;
#   3. starts the v1 app (Production, public board on), signs the admin in over HTTP and saves v1's own figures for
#      every fiscal year (/public/board.json) as board.json; stops it;
#   4. SQLite: v1's `backup` command copies dxtracker.db and hangfire.db (gzipped here).
#      PostgreSQL: `pg_dump --no-owner --no-privileges --column-inserts` (plain SQL, gzipped) of the database v1 made;
#      the dump's psql-only \restrict/\unrestrict lines are dropped so any SQL client can run it.
# Needs: git, the .NET SDK, python3, a PostgreSQL server (PGHOST/PGPORT/PGUSER/PGPASSWORD, default the test server
# 127.0.0.1:5432 dxtracker/dxtracker, a user that may create databases) and pg_dump of the server's major version.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
commit=a0f2c99
out=$repo/DxTracker.Tests/Upgrade/V1
email=admin@v1.example.jp
password='v1-fixture-passphrase-2026'
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-dxtracker} PGPASSWORD=${PGPASSWORD:-dxtracker}
pgdb=dxtracker_v1_fixture

work=$(mktemp -d)
# V1_SOURCE: an existing checkout of a0f2c99 (kept); otherwise a temporary worktree of this repository.
src=${V1_SOURCE:-$work/v1src}
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null || true
  [ -z "${V1_SOURCE:-}" ] && git -C "$repo" worktree remove --force "$src" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

[ -n "${V1_SOURCE:-}" ] || git -C "$repo" worktree add --detach "$src" "$commit" >/dev/null
[ "$(git -C "$src" rev-parse --short=7 HEAD)" = "$commit" ] || { echo "$src is not at $commit" >&2; exit 1; }
dotnet build "$src/DxTracker.App/DxTracker.App.csproj" -v q -nologo -clp:ErrorsOnly
dll=$src/DxTracker.App/bin/Debug/net10.0/DxTracker.App.dll
python3 scripts/v1-fixtures/inventory-from-survey.py DxTracker.Domain/National/Data/national-procedures-local.csv "$work/inventory.xlsx" D0101 40

# v1's build; exec, so that a background start's $! is the app itself (call it in a subshell).
v1() { cd "$(dirname "$dll")" && exec dotnet "$dll" "$@"; }

# Runs v1 on one database: $1 = folder for board.json, then the settings that point v1 at the database.
run_v1() {
  local target=$1; shift
  local settings=(--environment=Production --Demo:Enabled=true "$@")
  (DXTRACKER_ADMIN_PASSWORD=$password v1 create-admin "$email" "v1 管理者" "${settings[@]}")
  (v1 import "$work/inventory.xlsx" --as "$email" "${settings[@]}")
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  (v1 --urls="http://127.0.0.1:$port" --PublicBoard:Enabled=true "${settings[@]}") >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 180); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 1
  done
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/server.log"; exit 1; }
  mkdir -p "$target"
  curl -fs "http://127.0.0.1:$port/public/board.json" | python3 -m json.tool --indent 1 --no-ensure-ascii >"$target/board.json"
  python3 - "http://127.0.0.1:$port" "$email" "$password" <<'PY'
import html, http.cookiejar, re, sys, urllib.parse, urllib.request
base, email, password = sys.argv[1:]
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args): return None
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)
form = opener.open(base + "/account/login").read().decode()
fields = {k: html.unescape(v) for k, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)}
fields.update({"Input.Email": email, "Input.Password": password})
try:
    opener.open(base + "/account/login", urllib.parse.urlencode(fields).encode())
    sys.exit("v1 sign-in did not redirect")
except urllib.error.HTTPError as e:
    if e.code != 302 or "/account/login" in e.headers["Location"]:
        sys.exit(f"v1 sign-in failed: {e.code} {e.headers['Location']}")
print("v1 sign-in of", email, "ok")
PY
  kill "$server"
  wait "$server" || true
  server=
}

# SQLite
rm -rf "$out/sqlite" "$out/postgres"
run_v1 "$out/sqlite" --Data:Directory="$work/sqlite-data"
(v1 backup "$work/sqlite-backup" --Data:Directory="$work/sqlite-data" --environment=Production)
for f in dxtracker.db hangfire.db; do gzip -9 -n -c "$work/sqlite-backup/$f" >"$out/sqlite/$f.gz"; done

# PostgreSQL
psql -qd postgres -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)"
run_v1 "$out/postgres" --Data:Directory="$work/pg-data" --Database:Provider=Postgres \
  "--ConnectionStrings:Default=Host=$PGHOST;Port=$PGPORT;Database=$pgdb;Username=$PGUSER;Password=$PGPASSWORD"
pg_dump --no-owner --no-privileges --column-inserts "$pgdb" | grep -v '^\\\(un\)\?restrict ' | gzip -9 -n >"$out/postgres/dxtracker.sql.gz"
psql -qd postgres -c "DROP DATABASE $pgdb WITH (FORCE)"

echo "v1 ($commit) fixtures written to $out:"
ls -l "$out"/*
