using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Data;

/// <summary>Recognises a save refused by a unique index, on either provider, without referencing their packages:
/// PostgreSQL reports SQLSTATE 23505 (unique_violation), SQLite "SQLite Error 19: 'UNIQUE constraint failed: …'".</summary>
public static class UniqueViolation
{
    public const string PostgresSqlState = "23505";

    public static bool Is(DbUpdateException e) =>
        e.InnerException is DbException db
        && (db.SqlState == PostgresSqlState || db.Message.Contains("UNIQUE constraint failed", StringComparison.Ordinal));
}
