using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DxTracker.Domain.Data;

/// <summary>Empties a cache of what the app shows when a save may change it: when a save of a context that tracks an entity of a
/// kind the cache shows (<see cref="Shows"/>) is about to be written (a deleted entity is tracked only then), once it is written,
/// and when its explicit transaction commits (a save inside one is visible to other connections only then). Evicting before and
/// after means a load that ran while the save was under way is never kept.</summary>
public abstract class EvictOnSave : SaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>Whether the cache shows entities of this kind.</summary>
    protected abstract bool Shows(object entity);

    protected abstract ValueTask EvictAsync();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Evict(eventData.Context);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        await EvictAsync(eventData.Context);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Evict(eventData.Context);
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await EvictAsync(eventData.Context);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Evict(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        EvictAsync(eventData.Context).AsTask();

    private void Evict(DbContext? db)
    {
        if (Touches(db))
            EvictAsync().AsTask().GetAwaiter().GetResult();
    }

    private ValueTask EvictAsync(DbContext? db) => Touches(db) ? EvictAsync() : ValueTask.CompletedTask;

    /// <summary>Any tracked entity of a kind the cache shows counts (after a save the tracked entries are unchanged).</summary>
    private bool Touches(DbContext? db) => db is not null && db.ChangeTracker.Entries().Any(e => Shows(e.Entity));
}
