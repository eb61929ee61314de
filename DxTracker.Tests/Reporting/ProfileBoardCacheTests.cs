using System.Data.Common;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using DxTracker.App.Hosting;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using static DxTracker.Domain.Procedures.ProcedureStatus;

namespace DxTracker.Tests.Reporting;

/// <summary>The profile panel kept in <see cref="ProfileBoardCache"/>, in the real database: contexts made as the app makes them
/// (the cache among their interceptors), every command they send counted.</summary>
public sealed class ProfileBoardCacheTests : DbCommandInterceptor, IAsyncLifetime, IDbContextFactory<DxDbContext>
{
    private static readonly DateTime T0 = new(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly JsonSerializerOptions Json = new() { IncludeFields = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(T0));
    private ProfileBoardCache _cache = default!;
    private TestDatabase _database = default!;
    private Actor _dx = default!;
    private int _dept, _otherDept, _commands;

    public async ValueTask InitializeAsync()
    {
        _cache = new ProfileBoardCache(_clock);
        _database = await TestDatabase.CreateAsync();
        var departments = await _database.AddDepartmentsAsync("C1", "C2");
        (_dept, _otherDept) = (departments[0].Id, departments[1].Id);
        _dx = await _database.AddUserAsync(Role.DxTeam);
        await using var db = _database.CreateDbContext();
        for (var i = 0; i < 6; i++)
        {
            var p = Procedure.Create(i % 2 == 0 ? _dept : _otherDept, new ProcedureFields
            {
                Code = $"K{i:D3}", Name = $"手続{i}", Telework = (Telework)(1 + i % 3), TeleworkBarriers = i % 3 == 0 ? TeleworkBarriers.None : TeleworkBarriers.CounterWork,
                InPerson = i % 2 == 0 ? InPersonRequirement.Ordinance : InPersonRequirement.Law, LifeEvents = LifeEvents.Birth,
            }, _dx, T0);
            p.RaiseObjection(new NewObjection(ObjectionCategory.LegalChange, "条例で対面", Source: InPersonRequirement.Ordinance), _dx, T0);
            if (i < 2)
                foreach (var step in new[] { UnderReview, InProgress })
                    p.MoveTo(step, _dx, T0);
            db.Procedures.Add(p);
        }
        await db.SaveChangesAsync(Ct);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    public DxDbContext CreateDbContext() =>
        new(new DbContextOptionsBuilder<DxDbContext>(_database.Options).AddInterceptors(_cache, this).Options);

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Interlocked.Increment(ref _commands);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _commands);
        return ValueTask.FromResult(result);
    }

    private ProfileBoardQuery Cached => new(this, _cache);

    /// <summary>A load through the cache, how many queries it sent, and whether its figures equal the uncached query's.</summary>
    private async Task<(string Figures, int Queries)> LoadAsync()
    {
        var before = _commands;
        var figures = JsonSerializer.Serialize(await Cached.LoadAsync(Ct), Json);
        var queries = _commands - before;
        Assert.Equal(JsonSerializer.Serialize(await new ProfileBoardQuery(_database).LoadAsync(Ct), Json), figures);
        return (figures, queries);
    }

    [Fact]
    public async Task A_second_load_costs_no_query_and_gives_the_figures_of_the_uncached_query()
    {
        var (first, firstQueries) = await LoadAsync();
        var (second, secondQueries) = await LoadAsync();

        Assert.True(firstQueries > 0, "the first load queries the database");
        Assert.Equal(0, secondQueries);
        Assert.Equal(first, second);
        Assert.Equal(new Ratio(2, 6), (await Cached.LoadAsync(Ct)).Total.TeleworkPossible); // the data's figures, not an empty panel
    }

    public static TheoryData<string> Saves => ["status change", "telework answer", "in-person requirement", "objection alone", "department", "division"];

    [Theory]
    [MemberData(nameof(Saves))]
    public async Task A_save_of_what_the_panel_reads_makes_the_next_load_fresh_and_correct(string save)
    {
        var (before, _) = await LoadAsync();
        Assert.Equal(0, (await LoadAsync()).Queries);

        await using (var db = CreateDbContext())
        {
            switch (save)
            {
                case "status change":
                    var moved = await db.Procedures.SingleAsync(p => p.Code == "K000", Ct);
                    moved.MoveTo(Digitized, _dx, T0, new MoveDetails(OnlineFormUrl: "https://example.jp/K000"));
                    break;
                case "telework answer":
                    (await db.Procedures.SingleAsync(p => p.Code == "K002", Ct)).AssessTelework(new TeleworkAssessment(Telework.Possible, TeleworkBarriers.None, null), _dx, T0);
                    break;
                case "in-person requirement":
                    var procedure = await db.Procedures.SingleAsync(p => p.Code == "K003", Ct);
                    procedure.Update(procedure.Fields with { InPerson = InPersonRequirement.Practice }, _dx, T0);
                    break;
                case "objection alone":
                    // Only the objection is tracked: the save must be recognised by the objection itself.
                    var objection = await db.Objections.FirstAsync(o => o.Procedure!.Code == "K004", Ct);
                    db.Entry(objection).Property(o => o.Outcome).CurrentValue = ObjectionOutcome.Countered;
                    break;
                case "department":
                    (await db.Departments.SingleAsync(d => d.Id == _dept, Ct)).Name = "改名した課";
                    break;
                case "division":
                    var divisionId = await db.Departments.Where(d => d.Id == _otherDept).Select(d => d.DivisionId).SingleAsync(Ct);
                    (await db.Divisions.SingleAsync(d => d.Id == divisionId, Ct)).Name = "改名した部";
                    break;
            }
            if (save == "objection alone")
                Assert.All(db.ChangeTracker.Entries(), e => Assert.IsType<Objection>(e.Entity));
            await db.SaveChangesAsync(Ct);
        }

        var (after, queries) = await LoadAsync();
        Assert.True(queries > 0, $"after a save of the {save} the panel is read again");
        Assert.NotEqual(before, after);
        Assert.Equal(0, (await LoadAsync()).Queries);
    }

    [Fact]
    public async Task A_save_in_a_transaction_is_seen_once_committed_even_by_a_load_that_ran_before_the_commit()
    {
        var (before, _) = await LoadAsync();
        await using (var db = CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            (await db.Departments.SingleAsync(d => d.Id == _dept, Ct)).Name = "取込中の課";
            await db.SaveChangesAsync(Ct);
            if (_database.DatabaseProvider == DatabaseProvider.Postgres)
                // Another connection still sees the old name: a load now reads it and must not be kept past the commit.
                Assert.Equal(before, JsonSerializer.Serialize(await Cached.LoadAsync(Ct), Json));
            await transaction.CommitAsync(Ct);
        }

        var (after, queries) = await LoadAsync();
        Assert.True(queries > 0, "after the commit the panel is read again");
        Assert.Contains("取込中の課", after);
    }

    [Fact]
    public async Task A_save_by_another_instance_is_seen_after_at_most_the_lifetime()
    {
        var (before, _) = await LoadAsync();
        // Another instance on the same database: its contexts do not reach this instance's cache.
        await using (var other = _database.CreateDbContext())
        {
            (await other.Departments.SingleAsync(d => d.Id == _dept, Ct)).Name = "別サーバーで改名";
            await other.SaveChangesAsync(Ct);
        }

        _clock.Advance(ProfileBoardCache.Lifetime - TimeSpan.FromSeconds(1));
        var kept = JsonSerializer.Serialize(await Cached.LoadAsync(Ct), Json);
        Assert.Equal(before, kept);

        _clock.Advance(TimeSpan.FromSeconds(1));
        var (after, queries) = await LoadAsync();
        Assert.True(queries > 0, "a minute after the load the panel is read again");
        Assert.Contains("別サーバーで改名", after);
    }
}
