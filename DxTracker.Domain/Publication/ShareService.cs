using DxTracker.Domain.Audit;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DxTracker.Domain.Publication;

/// <summary>A saved draft as the share page lists it.</summary>
public sealed record ShareDraftRow(int Id, PostPeriod Period, string Text, DateTime CreatedAtUtc, string CreatedByName, DateOnly? PostedOn, string? PostedByName);

/// <summary>What the post's image shows: the trend up to the period's year and that year's three figures.</summary>
public sealed record PostChart(FiscalYear Year, IReadOnlyList<TrendPoint> Trend, TrendPoint Figures);

/// <summary>
/// The DX team's progress posts (/share): drafts the text for a period from the newly online procedures and the board's
/// figures, keeps the drafts the team saves (with who wrote them) and the day each was posted. DxTeam only: every call
/// re-reads the user's role from the database.
/// </summary>
public sealed class ShareService(IDbContextFactory<DxDbContext> dbFactory, BoardQuery board, PublicationQuery publication, EraSettings era,
    TimeProvider clock, AuditLog audit, ILogger<ShareService> logger)
{
    public const int DraftListLength = 20;

    /// <summary>The drafted text and the newly online procedures it names.</summary>
    public async Task<(string Text, IReadOnlyList<NewlyOnline> NewlyOnline)> DraftAsync(string userId, PostPeriod period, string publicUrl, CancellationToken ct = default)
    {
        await EnsureDxTeamAsync(userId, "draft post", ct);
        var online = await publication.NewlyOnlineAsync(period.StartUtc, period.EndUtc, ct: ct);
        var figures = await board.YearAsync(period.FiscalYear, ct);
        var text = PostComposer.Compose(new PostFacts(period.JapaneseLabel(era), period.FiscalYear.JapaneseLabel(era),
            online.Select(o => o.Name).ToList(), figures.Metrics, publicUrl));
        return (text, online);
    }

    /// <summary>The image's data for the fiscal year: the trend up to it and its figures.</summary>
    public async Task<PostChart> ChartAsync(string userId, FiscalYear year, CancellationToken ct = default)
    {
        await EnsureDxTeamAsync(userId, "post image", ct);
        var trend = (await board.TrendAsync(ct)).Where(p => p.Year.CompareTo(year) <= 0).ToList();
        var figures = trend.LastOrDefault(p => p.Year == year) ?? await board.YearAsync(year, ct);
        return new PostChart(year, trend, figures);
    }

    /// <summary>Saves the (possibly edited) text as a draft of the period. Refused when empty or over X's weighted limit.</summary>
    public Task<int> SaveDraftAsync(string userId, PostPeriod period, string? text, CancellationToken ct = default) =>
        audit.RefusalsAuditedAsync(userId, "Share draft", async () =>
        {
            var body = Text.Required(text, ShareDraft.TextMaxLength, DomainError.PostTextRequired);
            if (PostText.Weight(body) is var weight and > PostText.MaxWeight)
                throw new DomainException(DomainError.PostTooLong, weight, PostText.MaxWeight);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var actor = await Actors.LoadDxTeamAsync(db, userId, logger, "save post draft", ct);
            var draft = new ShareDraft(period, body, actor, clock.GetUtcNow().UtcDateTime);
            db.ShareDrafts.Add(draft);
            await db.SaveChangesAsync(ct);
            return draft.Id;
        });

    /// <summary>Records the day the draft was posted (by hand, on the social account).</summary>
    public Task MarkPostedAsync(string userId, int draftId, DateOnly postedOn, CancellationToken ct = default) =>
        audit.RefusalsAuditedAsync(userId, "Share draft", async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var actor = await Actors.LoadDxTeamAsync(db, userId, logger, "mark post posted", ct);
            var draft = await db.ShareDrafts.FirstOrDefaultAsync(d => d.Id == draftId, ct) ?? throw new DomainException(DomainError.NotFound);
            draft.MarkPosted(postedOn, actor);
            await db.SaveChangesAsync(ct);
        });

    /// <summary>The latest drafts, newest first.</summary>
    public async Task<IReadOnlyList<ShareDraftRow>> DraftsAsync(string userId, CancellationToken ct = default)
    {
        await EnsureDxTeamAsync(userId, "list post drafts", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.ShareDrafts.AsNoTracking()
            .OrderByDescending(d => d.CreatedAtUtc).ThenByDescending(d => d.Id)
            .Take(DraftListLength)
            .Select(d => new { d.Id, d.PeriodKind, d.PeriodYear, d.PeriodMonth, d.Text, d.CreatedAtUtc, d.CreatedByName, d.PostedOn, d.PostedByName })
            .ToListAsync(ct);
        return rows.Select(d => new ShareDraftRow(d.Id, new PostPeriod(d.PeriodKind, d.PeriodYear, d.PeriodMonth), d.Text, d.CreatedAtUtc,
            d.CreatedByName, d.PostedOn, d.PostedByName)).ToList();
    }

    private Task EnsureDxTeamAsync(string userId, string operation, CancellationToken ct) =>
        audit.RefusalsAuditedAsync(userId, "Share", async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await Actors.LoadDxTeamAsync(db, userId, logger, operation, ct);
        });
}
