#!/usr/bin/env bash
# Regenerates the single Initial migration of each provider from the model. Used while the schema is young (no
# deployed databases): after merging model changes, run this instead of resolving conflicts in generated files.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet build -v q -nologo "migrations/DxTracker.Migrations.$provider" >/dev/null
  rm -rf "migrations/DxTracker.Migrations.$provider/Migrations"
  dotnet ef migrations add Initial --project "migrations/DxTracker.Migrations.$provider" --output-dir Migrations
done
