using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace DxTracker.App.Hosting;

/// <summary>For crash tests only ("Testing:HoldCommitOf"): holds the commit of every transaction that adds an entity of
/// the named type (e.g. HearingSession) for "Testing:HoldCommitMilliseconds" — after all its statements ran, with the
/// transaction open — so a test can kill the process while that write is surely in progress. Covers a save's own
/// transaction (a hearing) and an explicit one around several saves (the demo seeding). Unset, nothing is registered.
/// It only delays those commits: nothing is skipped, and what is committed is unchanged.</summary>
internal sealed class CommitHold(string entityName, TimeSpan hold, ILogger<CommitHold> logger) : DbTransactionInterceptor, ISaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbTransaction, object> _adding = [];

    public static void AddTo(DbContextOptionsBuilder options, IConfiguration config, IServiceProvider services)
    {
        if (config["Testing:HoldCommitOf"] is not { Length: > 0 } entityName)
            return;
        var hold = TimeSpan.FromMilliseconds(config.GetValue("Testing:HoldCommitMilliseconds", 10_000));
        options.AddInterceptors(new CommitHold(entityName, hold, services.GetRequiredService<ILogger<CommitHold>>()));
    }

    /// <summary>A save inside an explicit transaction: remember that the transaction adds the entity.</summary>
    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && db.Database.CurrentTransaction?.GetDbTransaction() is { } transaction && Adds(db))
            _adding.AddOrUpdate(transaction, this);
        return ValueTask.FromResult(result);
    }

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (_adding.TryGetValue(transaction, out _) || (eventData.Context is { } db && Adds(db)))
        {
            logger.LogWarning("Testing:HoldCommitOf: holding the commit of a transaction that adds {Entity} for {Milliseconds} ms", entityName, hold.TotalMilliseconds);
            await Task.Delay(hold, cancellationToken);
        }
        return result;
    }

    private bool Adds(DbContext db) => db.ChangeTracker.Entries().Any(e => e.State == EntityState.Added && e.Metadata.ClrType.Name == entityName);
}
