#!/usr/bin/env bash
# Regenerates the single Initial migration from the model. Used while the schema is young (no deployed databases):
# after merging model changes, run this instead of resolving conflicts in generated files.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet build -v q -nologo migrations/DxTracker.Migrations.Sqlite >/dev/null
rm -rf migrations/DxTracker.Migrations.Sqlite/Migrations
dotnet ef migrations add Initial --project migrations/DxTracker.Migrations.Sqlite --output-dir Migrations
