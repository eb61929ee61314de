using System.Data.Common;

namespace DxTracker.Domain.Demo;

/// <summary>Writes rows into one table with multi-row INSERT statements, one command re-bound per batch (Microsoft.Data.Sqlite
/// keeps its compiled statement between executions), inside the caller's transaction. Provider-neutral ADO.NET (quoted identifiers and @parameters work on SQLite and PostgreSQL).</summary>
internal sealed class BulkInsert : IAsyncDisposable
{
    /// <summary>Parameters per statement: well under SQLite's limit, large enough that round trips do not dominate.</summary>
    private const int ParametersPerStatement = 900;

    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly string _table;
    private readonly string[] _columns;
    private readonly int _rowsPerBatch;
    private readonly List<object?[]> _pending;
    private DbCommand? _full;

    public int Count { get; private set; }

    public BulkInsert(DbConnection connection, DbTransaction transaction, string table, params string[] columns)
    {
        _connection = connection;
        _transaction = transaction;
        _table = table;
        _columns = columns;
        _rowsPerBatch = Math.Max(1, ParametersPerStatement / columns.Length);
        _pending = new List<object?[]>(_rowsPerBatch);
    }

    public async Task AddAsync(params object?[] values)
    {
        if (values.Length != _columns.Length)
            throw new ArgumentException($"{_table}: {values.Length} values for {_columns.Length} columns.", nameof(values));
        _pending.Add(values);
        Count++;
        if (_pending.Count == _rowsPerBatch)
        {
            _full ??= Create(_rowsPerBatch);
            await ExecuteAsync(_full);
        }
    }

    /// <summary>Writes what is left (a shorter statement for the last partial batch).</summary>
    public async Task FlushAsync()
    {
        if (_pending.Count == 0)
            return;
        await using var last = Create(_pending.Count);
        await ExecuteAsync(last);
    }

    private DbCommand Create(int rows)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        var columnList = string.Join(", ", _columns.Select(c => $"\"{c}\""));
        var tuples = Enumerable.Range(0, rows)
            .Select(r => "(" + string.Join(", ", _columns.Select((_, c) => Text.Invariant($"@p{r * _columns.Length + c}"))) + ")");
        command.CommandText = $"INSERT INTO \"{_table}\" ({columnList}) VALUES {string.Join(", ", tuples)}";
        for (var i = 0; i < rows * _columns.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = Text.Invariant($"@p{i}");
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private async Task ExecuteAsync(DbCommand command)
    {
        var i = 0;
        foreach (var row in _pending)
        {
            foreach (var value in row)
                command.Parameters[i++].Value = value ?? DBNull.Value;
        }
        await command.ExecuteNonQueryAsync();
        _pending.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        if (_full is not null)
            await _full.DisposeAsync();
    }
}
