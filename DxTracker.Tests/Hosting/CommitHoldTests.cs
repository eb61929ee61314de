using System.Diagnostics;
using DxTracker.App.Hosting;
using DxTracker.Domain.Data;
using DxTracker.Domain.Hearings;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DxTracker.Tests.Hosting;

/// <summary>The crash tests' commit hold (Testing:HoldCommitOf) is honoured only outside Production with the explicit
/// switch and for an entity of the app, is capped, is announced once, and never loses a commit.</summary>
public sealed class CommitHoldTests : IAsyncLifetime
{
    private TestDatabase _db = default!;
    private int _department;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _department = (await _db.AddDepartmentsAsync("HOLD"))[0].Id;
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private static CommitHold.Setting? Read(string environment, string? switchValue, string? entity = "HearingSession", string? milliseconds = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Testing:HoldCommitOf"] = entity,
            ["Testing:HoldCommitMilliseconds"] = milliseconds,
        }).Build();
        return CommitHold.Read(config, new Environment(environment), name => name == CommitHold.Switch ? switchValue : null);
    }

    [Fact]
    public void It_is_honoured_only_outside_Production_with_the_switch_and_for_an_entity_of_the_app()
    {
        Assert.Null(Read("Development", "1", entity: null));
        Assert.Equal(new CommitHold.Setting("HearingSession", TimeSpan.FromSeconds(10), null), Read("Development", "1"));
        Assert.Null(Read("Staging", "1")!.IgnoredBecause);
        Assert.Equal("the environment is Production", Read("Production", "1")!.IgnoredBecause);
        Assert.Equal("the environment variable DXTRACKER_CRASH_TESTS is not 1", Read("Development", null)!.IgnoredBecause);
        Assert.Equal("the environment variable DXTRACKER_CRASH_TESTS is not 1", Read("Development", "true")!.IgnoredBecause);
        Assert.Equal("Anything is not an entity type of the app", Read("Development", "1", entity: "Anything")!.IgnoredBecause);
    }

    [Theory]
    [InlineData("-1", 0)]
    [InlineData("0", 0)]
    [InlineData("120000", 120_000)]
    [InlineData("120001", 120_000)]
    [InlineData("999999999", 120_000)]
    public void The_hold_is_capped_at_two_minutes_and_never_negative(string milliseconds, int expected) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expected), Read("Development", "1", milliseconds: milliseconds)!.Hold);

    [Fact]
    public void Start_up_announces_the_setting_once_on_or_ignored_with_the_reason()
    {
        var on = Announced(Read("Development", "1", milliseconds: "5000"));
        Assert.Equal(["Testing:HoldCommitOf is on (crash tests only): the commit of each transaction that adds HearingSession is held for 5000 ms"], on);
        Assert.Equal(["Testing:HoldCommitOf=HearingSession is ignored: the environment is Production"], Announced(Read("Production", "1")));
        Assert.Empty(Announced(null));
    }

    [Fact]
    public async Task Only_honoured_settings_add_the_interceptor_and_only_transactions_adding_the_entity_wait()
    {
        await using (var ignored = Context(Read("Production", "1", milliseconds: "60000")))
        {
            var watch = Stopwatch.StartNew();
            ignored.HearingSessions.AddRange(Hearing("Productionでは待たない"), Hearing("二件目"));
            await ignored.SaveChangesAsync();
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"an ignored hold waited {watch.Elapsed}");
        }
        await using (var other = Context(Read("Development", "1", milliseconds: "60000")))
        {
            var watch = Stopwatch.StartNew();
            other.Departments.Add(new DxTracker.Domain.Organisation.Department { DivisionId = (await other.Divisions.FirstAsync()).Id, Code = "NOHOLD", Name = "待たない課" });
            await other.SaveChangesAsync();
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"a transaction without a hearing waited {watch.Elapsed}");
        }
        await using (var held = Context(Read("Development", "1", milliseconds: "1500")))
        {
            var watch = Stopwatch.StartNew();
            held.HearingSessions.AddRange(Hearing("待つ"), Hearing("二件目"));
            await held.SaveChangesAsync();
            Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(1500), $"the hold lasted {watch.Elapsed}");
        }
        await using (var explicitTransaction = Context(Read("Development", "1", milliseconds: "1500")))
        {
            // An explicit transaction around several saves (as the demo seeding): held at its commit.
            var watch = Stopwatch.StartNew();
            await using var transaction = await explicitTransaction.Database.BeginTransactionAsync();
            explicitTransaction.HearingSessions.Add(Hearing("明示的なトランザクション"));
            await explicitTransaction.SaveChangesAsync();
            var saved = watch.Elapsed;
            await transaction.CommitAsync();
            Assert.True(watch.Elapsed - saved >= TimeSpan.FromMilliseconds(1500), $"the commit was held {watch.Elapsed - saved}");
        }
    }

    [Fact]
    public async Task A_caller_that_cancels_during_the_hold_still_gets_its_commit()
    {
        await using var db = Context(Read("Development", "1", milliseconds: "120000"));
        db.HearingSessions.AddRange(Hearing("取り消されても保存"), Hearing("二件目"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var watch = Stopwatch.StartNew();
        try
        {
            await db.SaveChangesAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            // The caller may see its cancellation after the commit; what matters is what was committed.
        }
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"the cancelled hold went on for {watch.Elapsed}");
        await using var check = _db.CreateDbContext();
        Assert.Equal(1, await check.HearingSessions.CountAsync(h => h.Summary == "取り消されても保存"));
    }

    /// <summary>A hearing to add; two added at once make a save of two statements, which EF Core runs in a transaction (a single
    /// statement needs none).</summary>
    private HearingSession Hearing(string summary) =>
        new() { DepartmentId = _department, HeldOn = new DateOnly(2026, 12, 1), Summary = summary, RecordedAtUtc = DateTime.UtcNow, RecordedByName = "テスト" };

    /// <summary>A context built as the app builds it (CommitHold.Register, then AddTo on the options).</summary>
    private DxDbContext Context(CommitHold.Setting? setting)
    {
        var services = new ServiceCollection().AddLogging();
        CommitHold.Register(services, setting);
        var provider = services.BuildServiceProvider();
        var options = new DbContextOptionsBuilder<DxDbContext>(_db.Options);
        CommitHold.AddTo(options, provider);
        return new DxDbContext(options.Options);
    }

    private static List<string> Announced(CommitHold.Setting? setting)
    {
        var messages = new List<string>();
        var services = new ServiceCollection().AddLogging(b => b.AddProvider(new Capture(messages)));
        CommitHold.Register(services, setting);
        CommitHold.Announce(services.BuildServiceProvider());
        return messages;
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "DxTracker.App";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }

    /// <summary>Keeps the messages logged by CommitHold.</summary>
    private sealed class Capture(List<string> messages) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => categoryName.EndsWith(nameof(CommitHold), StringComparison.Ordinal) ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (messages)
                messages.Add(formatter(state, exception));
        }
        public void Dispose() { }
    }
}
