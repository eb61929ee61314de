using System.Data.Common;
using DxTracker.Domain.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DxTracker.App.Hosting;

/// <summary>Registers <see cref="TextFold.SqliteFunction"/> (the .NET case folding SQLite lacks) on every SQLite connection a
/// context opens; nothing on PostgreSQL, whose <c>lower()</c> folds beyond ASCII.</summary>
public sealed class SqliteTextFold : DbConnectionInterceptor
{
    public static SqliteTextFold Instance { get; } = new();

    private SqliteTextFold()
    {
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Register(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Register(connection);
        return Task.CompletedTask;
    }

    private static void Register(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
            sqlite.CreateFunction(TextFold.SqliteFunction, (string? text) => text is null ? null : TextFold.Fold(text), isDeterministic: true);
    }
}
