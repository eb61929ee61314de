using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DxTracker.App.Hosting;

/// <summary>For crash tests only ("Testing:HoldCommitOf"): holds the commit of every save that adds an entity of the
/// named type (e.g. HearingSession) for "Testing:HoldCommitMilliseconds" — after all its statements ran, inside the
/// open transaction — so a test can kill the process while that write is surely in progress. Unset, nothing is
/// registered. It only delays those commits: nothing is skipped, and what is committed is unchanged.</summary>
internal sealed class CommitHold(string entityName, TimeSpan hold, ILogger<CommitHold> logger) : DbTransactionInterceptor
{
    public static void AddTo(DbContextOptionsBuilder options, IConfiguration config, IServiceProvider services)
    {
        if (config["Testing:HoldCommitOf"] is not { Length: > 0 } entityName)
            return;
        var hold = TimeSpan.FromMilliseconds(config.GetValue("Testing:HoldCommitMilliseconds", 10_000));
        options.AddInterceptors(new CommitHold(entityName, hold, services.GetRequiredService<ILogger<CommitHold>>()));
    }

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.ChangeTracker.Entries().Any(e => e.State == EntityState.Added && e.Metadata.ClrType.Name == entityName) == true)
        {
            logger.LogWarning("Testing:HoldCommitOf: holding the commit of a save that adds {Entity} for {Milliseconds} ms", entityName, hold.TotalMilliseconds);
            await Task.Delay(hold, cancellationToken);
        }
        return result;
    }
}
