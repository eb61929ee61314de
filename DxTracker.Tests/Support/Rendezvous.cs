using System.Data.Common;
using DxTracker.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DxTracker.Tests.Support;

/// <summary>
/// Makes operations started "at once" provably in flight together: each of the first <paramref name="parties"/> database
/// contexts made by <see cref="Factory"/> stops at one point (its first save, or its first transaction) until all of them
/// have reached it, so none of them writes before every one has read what it read. Waits at most <paramref name="timeout"/>
/// and then fails naming <paramref name="what"/> and how many got there. Later arrivals (a retry) pass at once.
/// </summary>
public sealed class Rendezvous(int parties, string what, TimeSpan timeout)
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<DbContext> _arrived = [];
    private int _failedSaves;

    /// <summary>The contexts that reached the point (at most one arrival each).</summary>
    public int Arrived
    {
        get
        {
            lock (_arrived)
                return _arrived.Count;
        }
    }

    /// <summary>True once all parties were at the point together.</summary>
    public bool Met => _all.Task.IsCompletedSuccessfully;

    /// <summary>Saves that failed (e.g. on a unique index another party's commit filled first).</summary>
    public int FailedSaves => Volatile.Read(ref _failedSaves);

    /// <summary>Where the contexts stop.</summary>
    public enum Point
    {
        /// <summary>The context's first SaveChanges, before any of its statements.</summary>
        FirstSave,

        /// <summary>The context's first explicit transaction, before it begins.</summary>
        FirstTransaction,
    }

    /// <summary>Contexts on <paramref name="database"/> that stop at <paramref name="point"/>.</summary>
    public IDbContextFactory<DxDbContext> Factory(TestDatabase database, Point point) => new GatedFactory(database, new Gate(this, point));

    private async Task ArriveAsync(DbContext context, CancellationToken ct)
    {
        lock (_arrived)
        {
            if (_all.Task.IsCompleted || !_arrived.Add(context))
                return;
            if (_arrived.Count == parties)
                _all.TrySetResult();
        }
        try
        {
            await _all.Task.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {parties} {what} at once; only {Arrived} got there.");
        }
    }

    private sealed class GatedFactory(TestDatabase database, Gate gate) : IDbContextFactory<DxDbContext>
    {
        public DxDbContext CreateDbContext() => new(new DbContextOptionsBuilder<DxDbContext>(database.Options).AddInterceptors(gate).Options);

        public Task<DxDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => Task.FromResult(CreateDbContext());
    }

    private sealed class Gate(Rendezvous rendezvous, Point point) : DbTransactionInterceptor, ISaveChangesInterceptor
    {
        public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (point == Point.FirstSave)
                await rendezvous.ArriveAsync(eventData.Context!, cancellationToken);
            return result;
        }

        public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref rendezvous._failedSaves);
            return Task.CompletedTask;
        }

        public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
            InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            if (point == Point.FirstTransaction)
                await rendezvous.ArriveAsync(eventData.Context!, cancellationToken);
            return result;
        }
    }
}
