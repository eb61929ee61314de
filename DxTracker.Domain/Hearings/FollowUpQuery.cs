using DxTracker.Domain.Data;
using DxTracker.Domain.Reminders;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Hearings;

/// <summary>Which follow-ups a list shows: all, the open ones, or only the overdue ones (<see cref="FollowUpAction.OverdueOn"/>).</summary>
public enum FollowUpShow
{
    All,
    Open,
    Overdue,
}

/// <param name="HearingId">Only this hearing's follow-ups.</param>
/// <param name="OwnerUserId">Only the follow-ups this user owns.</param>
public sealed record FollowUpFilter(FollowUpShow Show = FollowUpShow.All, int? HearingId = null, string? OwnerUserId = null);

public sealed record FollowUpRow(int Id, string Description, string? OwnerId, string? OwnerName, DateOnly DueOn, DateTime? DoneAtUtc,
    int HearingId, DateOnly HeldOn, string DepartmentName, bool Overdue);

/// <summary>The follow-up lists (across hearings or of one hearing), filtered in SQL: open ones first by due date, at most
/// <see cref="Limit"/>. "Overdue" is <see cref="FollowUpAction.OverdueOn"/> on Japan's calendar day, as on the home page.</summary>
public sealed class FollowUpQuery(IDbContextFactory<DxDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The most a list shows.</summary>
    public const int Limit = 300;

    public async Task<IReadOnlyList<FollowUpRow>> ListAsync(FollowUpFilter filter, CancellationToken ct = default)
    {
        var today = StallRule.JapanDate(clock.GetUtcNow().UtcDateTime);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.FollowUpActions.AsNoTracking();
        if (filter.HearingId is { } hearingId)
            query = query.Where(f => f.HearingSessionId == hearingId);
        if (filter.OwnerUserId is { } owner)
            query = query.Where(f => f.OwnerUserId == owner);
        query = filter.Show switch
        {
            FollowUpShow.Open => query.Where(f => f.DoneAtUtc == null),
            FollowUpShow.Overdue => query.Where(FollowUpAction.OverdueOn(today)),
            _ => query,
        };
        return await query
            .OrderBy(f => f.DoneAtUtc != null).ThenBy(f => f.DueOn).ThenBy(f => f.Id)
            .Take(Limit)
            .Select(f => new FollowUpRow(f.Id, f.Description, f.OwnerUserId, f.Owner != null ? f.Owner.DisplayName : null, f.DueOn, f.DoneAtUtc,
                f.HearingSessionId, f.HearingSession!.HeldOn, f.HearingSession.Department!.Name, FollowUpAction.IsOverdue(f.DueOn, f.DoneAtUtc, today)))
            .ToListAsync(ct);
    }
}
