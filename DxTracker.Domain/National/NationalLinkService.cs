using DxTracker.Domain.Audit;
using DxTracker.Domain.Data;
using DxTracker.Domain.Procedures;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.National;

/// <summary>An unlinked procedure with its likely national counterparts, best first.</summary>
public sealed record LinkSuggestion(int ProcedureId, string Code, string Name, string? LawName, string DepartmentName, IReadOnlyList<NationalMatch> Matches);

/// <summary>Links our procedures to the national catalogue: one by one (DxTeam, or the head of the procedure's
/// department) or by accepting suggestions in bulk (DxTeam). The matcher over the newest survey is built once and kept.</summary>
public sealed class NationalLinkService(IDbContextFactory<DxDbContext> dbFactory, TimeProvider clock, AuditLog audit, NationalMatcherCache matchers)
{

    /// <summary>Suggestions for one page of procedures not yet linked, in code order.</summary>
    public async Task<(int Total, IReadOnlyList<LinkSuggestion> Page)> SuggestAsync(int skip, int take, int? departmentId = null, CancellationToken ct = default)
    {
        var matcher = await matchers.GetAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unlinked = db.Procedures.AsNoTracking()
            .Where(p => p.NationalProcedureId == null && (departmentId == null || p.DepartmentId == departmentId));
        var total = await unlinked.CountAsync(ct);
        var page = await unlinked.OrderBy(p => p.Code).Skip(skip).Take(take)
            .Select(p => new { p.Id, p.Code, p.Name, p.LawName, Department = p.Department!.Name })
            .ToListAsync(ct);
        return (total, page.Select(p => new LinkSuggestion(p.Id, p.Code, p.Name, p.LawName, p.Department, matcher?.Suggest(p.Name, p.LawName) ?? [])).ToList());
    }

    /// <summary>Likely counterparts for a name and law (the procedure page's picker).</summary>
    public async Task<IReadOnlyList<NationalMatch>> SuggestForAsync(string name, string? lawName, CancellationToken ct = default) =>
        (await matchers.GetAsync(ct))?.Suggest(name, lawName, take: 10) ?? [];

    /// <summary>Links (or, with null, unlinks) one procedure; a link carries the survey's life events unless the procedure has
    /// its own. DxTeam, or the head of its department.</summary>
    public Task LinkAsync(string userId, int procedureId, string? nationalId, CancellationToken ct = default) =>
        audit.RefusalsAuditedAsync(userId, Text.Invariant($"National link of procedure {procedureId}"), async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var actor = await Actors.LoadAsync(db, userId, ct);
            var procedure = await db.Procedures.FirstOrDefaultAsync(p => p.Id == procedureId, ct)
                ?? throw new DomainException(DomainError.NotFound);
            var fields = procedure.Fields with { NationalProcedureId = null };
            if (nationalId is not null)
            {
                var national = await NationalEvidence.Latest(db).AsNoTracking().FirstOrDefaultAsync(n => n.NationalId == nationalId, ct)
                    ?? throw new DomainException(DomainError.NotFound);
                fields = national.Link(fields);
            }
            procedure.Update(fields, actor, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
        });

    /// <summary>Accepts many suggestions at once, in one transaction. DxTeam only. Returns how many procedures were linked.</summary>
    public Task<int> AcceptAsync(string userId, IReadOnlyCollection<(int ProcedureId, string NationalId)> links, CancellationToken ct = default) =>
        audit.RefusalsAuditedAsync(userId, "National links", async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var actor = await Actors.LoadAsync(db, userId, ct);
            if (!actor.IsDxTeam)
                throw new AccessDeniedException(DomainError.NotPermitted);
            var ids = links.Select(l => l.ProcedureId).ToList();
            var nationalIds = links.Select(l => l.NationalId).Distinct().ToList();
            var known = await NationalEvidence.Latest(db).AsNoTracking().Where(n => nationalIds.Contains(n.NationalId)).ToDictionaryAsync(n => n.NationalId, ct);
            if (known.Count != nationalIds.Count)
                throw new DomainException(DomainError.NotFound);
            var procedures = await db.Procedures.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var (procedureId, nationalId) in links)
            {
                var procedure = procedures.GetValueOrDefault(procedureId) ?? throw new DomainException(DomainError.NotFound);
                procedure.Update(known[nationalId].Link(procedure.Fields), actor, now);
            }
            return await db.SaveChangesAsync(ct) > 0 ? links.Count : 0;
        });
}

/// <summary>The matcher over the newest survey, built once and kept while the survey date stays the same (a singleton:
/// the catalogue is read-only reference data).</summary>
public sealed class NationalMatcherCache(IDbContextFactory<DxDbContext> dbFactory)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateOnly Survey, NationalMatcher Matcher)? _matcher;

    public async Task<NationalMatcher?> GetAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var survey = await db.NationalProcedures.Select(n => (DateOnly?)n.SurveyDate).MaxAsync(ct);
        if (survey is null)
            return null;
        if (_matcher is { } cached && cached.Survey == survey)
            return cached.Matcher;
        await _gate.WaitAsync(ct);
        try
        {
            if (_matcher is not { } current || current.Survey != survey)
            {
                var rows = await db.NationalProcedures.AsNoTracking().Where(n => n.SurveyDate == survey).ToListAsync(ct);
                _matcher = (survey.Value, new NationalMatcher(rows));
            }
            return _matcher.Value.Matcher;
        }
        finally
        {
            _gate.Release();
        }
    }
}
