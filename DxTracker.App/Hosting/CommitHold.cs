using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using DxTracker.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace DxTracker.App.Hosting;

/// <summary>For crash tests only ("Testing:HoldCommitOf"): holds the commit of every transaction that adds an entity of
/// the named type (e.g. HearingSession) for "Testing:HoldCommitMilliseconds" (at most <see cref="MaxHold"/>) — after all
/// its statements ran, with the transaction open — so a test can kill the process while that write is surely in progress.
/// Covers a save's own transaction (a hearing) and an explicit one around several saves (the demo seeding).
/// Honoured only outside the Production environment, when the process's environment variable <see cref="Switch"/> is 1,
/// and for an entity type of the app's model; otherwise nothing is registered. <see cref="Announce"/> logs the setting
/// once at start-up. It only delays those commits: nothing is skipped, what is committed is unchanged, and a caller that
/// cancels during the hold still gets its commit.</summary>
internal sealed class CommitHold(CommitHold.Setting setting, ILogger<CommitHold> logger) : DbTransactionInterceptor, ISaveChangesInterceptor
{
    /// <summary>The explicit test switch: an environment variable of the process (not a setting), "1" to honour the hold.</summary>
    public const string Switch = "DXTRACKER_CRASH_TESTS";

    public static readonly TimeSpan MaxHold = TimeSpan.FromMinutes(2);

    /// <summary>What "Testing:HoldCommitOf" asks for; <see cref="IgnoredBecause"/> says why it is not honoured (null when it is).</summary>
    internal sealed record Setting(string EntityName, TimeSpan Hold, string? IgnoredBecause);

    private static readonly HashSet<string> EntityNames = typeof(DxDbContext).GetProperties()
        .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(DbSet<>))
        .Select(p => p.PropertyType.GetGenericArguments()[0].Name)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Added entities by type name, per explicit transaction, summed over its saves.</summary>
    private readonly ConditionalWeakTable<DbTransaction, Dictionary<string, int>> _added = [];

    /// <summary>The setting, or null when "Testing:HoldCommitOf" is unset. <paramref name="environmentVariable"/> reads the
    /// process environment (a parameter for the tests).</summary>
    public static Setting? Read(IConfiguration config, IHostEnvironment env, Func<string, string?> environmentVariable)
    {
        if (config["Testing:HoldCommitOf"] is not { Length: > 0 } entityName)
            return null;
        var milliseconds = config.GetValue("Testing:HoldCommitMilliseconds", 10_000L);
        var hold = TimeSpan.FromMilliseconds(Math.Clamp(milliseconds, 0, (long)MaxHold.TotalMilliseconds));
        var ignoredBecause = env.IsProduction() ? "the environment is Production"
            : environmentVariable(Switch) != "1" ? $"the environment variable {Switch} is not 1"
            : !EntityNames.Contains(entityName) ? $"{entityName} is not an entity type of the app"
            : null;
        return new Setting(entityName, hold, ignoredBecause);
    }

    /// <summary>Registers the setting, for <see cref="AddTo"/> and <see cref="Announce"/>.</summary>
    public static void Register(IServiceCollection services, Setting? setting)
    {
        if (setting is not null)
            services.AddSingleton(setting);
    }

    /// <summary>Adds the interceptor to the app's DbContext options when the setting is honoured.</summary>
    public static DbContextOptionsBuilder AddTo(DbContextOptionsBuilder options, IServiceProvider services) =>
        services.GetService<Setting>() is { IgnoredBecause: null } setting
            ? options.AddInterceptors(new CommitHold(setting, services.GetRequiredService<ILogger<CommitHold>>()))
            : options;

    /// <summary>Says once, at start-up, that the hold is on (a warning) or that the setting is ignored, and why.</summary>
    public static void Announce(IServiceProvider services)
    {
        if (services.GetService<Setting>() is not { } setting)
            return;
        var logger = services.GetRequiredService<ILogger<CommitHold>>();
        if (setting.IgnoredBecause is { } reason)
            logger.LogWarning("Testing:HoldCommitOf={Entity} is ignored: {Reason}", setting.EntityName, reason);
        else
            logger.LogWarning("Testing:HoldCommitOf is on (crash tests only): the commit of each transaction that adds {Entity} is held for {Milliseconds} ms",
                setting.EntityName, setting.Hold.TotalMilliseconds);
    }

    /// <summary>A save inside an explicit transaction: count what it adds towards that transaction.</summary>
    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && db.Database.CurrentTransaction?.GetDbTransaction() is { } transaction)
        {
            var added = _added.GetValue(transaction, _ => []);
            foreach (var (name, count) in Added(db))
                added[name] = added.GetValueOrDefault(name) + count;
        }
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        SavingChangesAsync(eventData, result).GetAwaiter().GetResult();

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        // An explicit transaction: what its saves added. A save's own transaction: what the save adds (still Added until
        // the commit is accepted).
        var added = _added.TryGetValue(transaction, out var counted) ? counted
            : eventData.Context is { } db ? Added(db) : [];
        if (!added.ContainsKey(setting.EntityName))
            return result;
        // What the held transaction writes, so a test can check that one transaction carries the whole write.
        var summary = string.Join(", ", added.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Key} {a.Value}")));
        logger.LogWarning("Testing:HoldCommitOf: holding the commit of a transaction that adds {Entity} for {Milliseconds} ms (adds {Added})",
            setting.EntityName, setting.Hold.TotalMilliseconds, summary);
        try
        {
            await Task.Delay(setting.Hold, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The hold only delays: the caller gave up waiting, the commit still happens (not cancelled with it).
            logger.LogWarning("Testing:HoldCommitOf: the caller cancelled during the hold; committing now");
            await transaction.CommitAsync(CancellationToken.None);
            return InterceptionResult.Suppress();
        }
        return result;
    }

    private static Dictionary<string, int> Added(DbContext db) =>
        db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added)
            .GroupBy(e => e.Metadata.ClrType.Name).ToDictionary(g => g.Key, g => g.Count());
}
