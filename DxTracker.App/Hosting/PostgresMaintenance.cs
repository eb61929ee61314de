using Npgsql;

namespace DxTracker.App.Hosting;

/// <summary>Statements run on a PostgreSQL server's maintenance database: creating and dropping the throw-away databases
/// of the benchmark and the tests.</summary>
public static class PostgresMaintenance
{
    /// <param name="server">A connection string to the server; its Database is ignored.</param>
    public static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Drops a database and ends the sessions still on it. FORCE cannot end a server process of another role:
    /// an autovacuum worker that has just started on the new rows (PostgreSQL answers 42501 to a user without
    /// pg_signal_backend). Retries for up to 30 s, until that worker has finished.</summary>
    public static async Task DropDatabaseAsync(string server, string name)
    {
        NpgsqlConnection.ClearAllPools();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }
}
