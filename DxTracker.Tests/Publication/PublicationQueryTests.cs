using DxTracker.Domain;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Publication;
using DxTracker.Domain.Reporting;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static DxTracker.Domain.Procedures.ProcedureStatus;

namespace DxTracker.Tests.Publication;

/// <summary>The publication table and the newly-online list on real databases.</summary>
public sealed class PublicationQueryTests : IAsyncLifetime
{
    /// <summary>Today is in FY2026 (令和8年度).</summary>
    private static readonly DateTime Now = new(2026, 11, 27, 3, 0, 0, DateTimeKind.Utc);

    private TestDatabase _database = default!;
    private Actor _dx = default!;
    private int _dept, _otherDept;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(Now));

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var departments = await _database.AddDepartmentsAsync("Q1", "Q2");
        (_dept, _otherDept) = (departments[0].Id, departments[1].Id);
        _dx = await _database.AddUserAsync(Role.DxTeam);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private BoardQuery Board => new(_database, _clock);
    private PublicationQuery Query => new(_database, Board);
    private ProcedureAdminService Admin => new(_database, _clock, _database.Audit(_clock), NullLogger<ProcedureAdminService>.Instance);

    [Fact]
    public async Task The_table_of_each_year_adds_up_to_the_boards_figures_on_random_histories()
    {
        var ct = TestContext.Current.CancellationToken;
        for (var seed = 1; seed <= 3; seed++)
        {
            var random = new Random(seed * 7919);
            for (var i = 0; i < 60; i++)
            {
                var (createdAt, moves, volumes) = Histories.Random(random, Now);
                await Histories.AddAsync(_database, _dx, random.Next(2) == 0 ? _dept : _otherDept, $"S{seed}-{i:D3}", $"手続{seed}-{i}", createdAt, moves, volumes);
            }
            foreach (var year in await Board.YearsAsync(ct))
            {
                var rows = await Query.AllAsync(year, new PublicationFilter(), ct);
                var board = (await Board.TotalAsync(year, ct)).Metrics;
                Assert.Equal(board.ProcedureCount - board.ExemptCount, rows.Count);
                Assert.Equal(board.ShareByCount, new Ratio(rows.Count(r => r.IsOnline), rows.Count));
                Assert.Equal(board.UnknownVolumeCount, rows.Count(r => r.Total is null));
                Assert.Equal(board.ShareByVolume, new Ratio(rows.Where(r => r.IsOnline).Sum(r => r.Total ?? 0), rows.Sum(r => r.Total ?? 0)));
                var usage = rows.Where(r => r.IsOnline && r.Total is not null && r.Online is not null).ToList();
                Assert.Equal(board.UsageRate, new Ratio(usage.Sum(r => r.Online!.Value), usage.Sum(r => r.Total!.Value)));
                Assert.All(rows, r => Assert.Equal(r.IsOnline, r.Url is not null));
                // The page shows the board's own figures.
                var page = await Query.PageAsync(year, new PublicationFilter(), 1, ct);
                Assert.Equal(board, page.Figures.Metrics);
                Assert.Equal(rows.Count, page.MatchCount);
            }
        }
        // The histories must exercise what the test claims to check.
        await using var db = _database.CreateDbContext();
        Assert.True(await db.Procedures.CountAsync(p => p.Status == Exempt, ct) > 0);
        Assert.True(await db.StatusChanges.CountAsync(s => s.FromStatus == Digitized, ct) > 0);
        Assert.True(await db.ProcedureVolumes.CountAsync(v => v.Online != null && v.Total > 0, ct) > 0);
    }

    [Fact]
    public async Task A_withheld_procedure_is_in_no_public_list_and_the_withholding_is_audited_with_its_reason()
    {
        var ct = TestContext.Current.CancellationToken;
        var online = new[] { (Utc(2026, 5, 1), InProgress), (Utc(2026, 6, 1), Digitized) };
        var shown = await Histories.AddAsync(_database, _dx, _dept, "W-1", "公表する届出", Utc(2025, 4, 1), online, [(2026, 100, 40)]);
        var hidden = await Histories.AddAsync(_database, _dx, _dept, "W-2", "公表を見合わせる届出", Utc(2025, 4, 1), online, [(2026, 50, 10)]);
        await Admin.SetPublicationWithheldAsync(_dx.UserId, hidden, await VersionAsync(hidden), withheld: true, "システム更改中のため", ct);

        var year = new FiscalYear(2026);
        var rows = await Query.AllAsync(year, new PublicationFilter(), ct);
        Assert.Equal([shown], rows.Select(r => r.Id));
        Assert.Empty(await Query.AllAsync(year, new PublicationFilter("見合わせる"), ct));
        var page = await Query.PageAsync(year, new PublicationFilter(), 1, ct);
        Assert.Equal(1, page.WithheldCount);
        Assert.Equal([shown], (await Query.NewlyOnlineAsync(year.StartUtc, year.EndUtc, ct: ct)).Select(n => n.Id));

        await using (var db = _database.CreateDbContext())
        {
            var entry = await db.AuditEntries.SingleAsync(a => a.Action == AuditActions.PublicationWithheld, ct);
            Assert.Equal(("Procedure W-2", "システム更改中のため", _dx.UserId), (entry.Target, entry.Detail, entry.UserId));
        }

        await Admin.SetPublicationWithheldAsync(_dx.UserId, hidden, await VersionAsync(hidden), withheld: false, null, ct);
        Assert.Equal([shown, hidden], (await Query.AllAsync(year, new PublicationFilter(), ct)).Select(r => r.Id));
        await using (var db = _database.CreateDbContext())
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == AuditActions.PublicationReleased, ct));
    }

    [Fact]
    public async Task Only_the_DX_team_may_withhold_and_a_reason_is_required()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await Histories.AddAsync(_database, _dx, _dept, "W-3", "届出", Utc(2025, 4, 1), [], []);
        var head = await _database.AddUserAsync(Role.DepartmentHead, _dept);
        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() =>
            Admin.SetPublicationWithheldAsync(head.UserId, id, 0, withheld: true, "理由", ct));
        Assert.Equal(DomainError.NotPermitted, refused.Error);
        var empty = await Assert.ThrowsAsync<DomainException>(() => Admin.SetPublicationWithheldAsync(_dx.UserId, id, 0, withheld: true, "  ", ct));
        Assert.Equal(DomainError.WithholdReasonRequired, empty.Error);
        await using var db = _database.CreateDbContext();
        Assert.Null(await db.Procedures.Where(p => p.Id == id).Select(p => p.PublicationWithheldReason).SingleAsync(ct));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == AuditActions.WriteRefused, ct));
    }

    [Fact]
    public async Task Newly_online_lists_the_procedures_moved_online_in_the_period_and_still_online()
    {
        var ct = TestContext.Current.CancellationToken;
        var november = await Histories.AddAsync(_database, _dx, _dept, "N-1", "十一月にオンライン化", Utc(2025, 4, 1),
            [(Utc(2026, 10, 1), InProgress), (Utc(2026, 11, 2), Digitized)], []);
        await Histories.AddAsync(_database, _dx, _dept, "N-2", "十月にオンライン化", Utc(2025, 4, 1),
            [(Utc(2026, 9, 1), InProgress), (Utc(2026, 10, 20), Digitized)], []);
        await Histories.AddAsync(_database, _dx, _otherDept, "N-3", "戻された手続", Utc(2025, 4, 1),
            [(Utc(2026, 10, 1), InProgress), (Utc(2026, 11, 3), Digitized), (Utc(2026, 11, 10), InProgress)], []);

        var month = PostPeriod.OfMonth(2026, 11);
        var rows = await Query.NewlyOnlineAsync(month.StartUtc, month.EndUtc, ct: ct);
        Assert.Equal([november], rows.Select(r => r.Id));
        Assert.Equal(("https://form.example.jp/N-1", Utc(2026, 11, 2)), (rows[0].Url, rows[0].OnlineSinceUtc));
        Assert.Equal(2, (await Query.NewlyOnlineAsync(PostPeriod.OfFiscalYear(new FiscalYear(2026)).StartUtc, Now, ct: ct)).Count);
    }

    private async Task<int> VersionAsync(int id)
    {
        await using var db = _database.CreateDbContext();
        return await db.Procedures.Where(p => p.Id == id).Select(p => p.Version).SingleAsync();
    }

    private static DateTime Utc(int y, int m, int d) => new(y, m, d, 0, 0, 0, DateTimeKind.Utc);
}
