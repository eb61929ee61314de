#!/usr/bin/env bash
# Adds one named migration to both providers (SQLite and PostgreSQL) from the current model.
#   bash scripts/add-migration.sh AddProcedureTelework
# The schema of v1 (the two *_Initial migrations) is deployed in real offices: never edit, delete or regenerate an
# existing migration. Each model change is a new migration named for what it does; review the generated Up() and add
# the back-fill of new columns (migrationBuilder.Sql) when a default would not say the truth about existing rows.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: bash scripts/add-migration.sh MigrationName}
[[ "$name" =~ ^[A-Z][A-Za-z0-9]+$ ]] || { echo "Name the migration in PascalCase for what it does (e.g. AddInvitations)." >&2; exit 2; }
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  project="migrations/DxTracker.Migrations.$provider"
  if ls "$project/Migrations/"*"_$name.cs" >/dev/null 2>&1; then
    echo "$provider: a migration named $name exists already; choose another name." >&2; exit 2
  fi
  dotnet build -v q -nologo "$project" >/dev/null
  dotnet ef migrations add "$name" --project "$project" --output-dir Migrations --no-build
done
