using DxTracker.Domain.Audit;
using System.Globalization;
using DxTracker.Domain.Data;
using DxTracker.Domain.National;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DxTracker.Domain.Procedures;

/// <summary>The DX team's administration of procedures: create one from a blank form or several from the national
/// catalogue, and move one to another department. DxTeam only, re-read from the database on every call.
/// (Field edits and status moves are <see cref="ProcedureService"/>.)</summary>
public sealed class ProcedureAdminService(IDbContextFactory<DxDbContext> dbFactory, TimeProvider clock, AuditLog audit, ILogger<ProcedureAdminService> logger)
{
    /// <summary>Office procedure codes look like P-000123.</summary>
    public const string CodePrefix = "P-";
    private const int CodeDigits = 6;

    /// <summary>The next free code after the highest P-nnnnnn in use (P-000001 in an empty office).</summary>
    public async Task<string> SuggestCodeAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var candidates = await db.Procedures.AsNoTracking()
            .Where(p => EF.Functions.Like(p.Code, CodePrefix + new string('_', CodeDigits)))
            .OrderByDescending(p => p.Code)
            .Select(p => p.Code)
            .Take(50)
            .ToListAsync(ct);
        var highest = candidates
            .Select(c => int.TryParse(c.AsSpan(CodePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .DefaultIfEmpty(0)
            .Max();
        return NthCode(CodePrefix + highest.ToString("D" + CodeDigits, CultureInfo.InvariantCulture), 1);
    }

    /// <summary>The code <paramref name="n"/> places after <paramref name="first"/>: its trailing number counted up,
    /// keeping the width (P-000009, 1 → P-000010); a code without a trailing number gets "-2", "-3", ….</summary>
    public static string NthCode(string first, int n)
    {
        if (n == 0)
            return first;
        var digits = first.Length - first.AsSpan().TrimEnd("0123456789").Length;
        if (digits == 0)
            return first + "-" + (n + 1).ToString(CultureInfo.InvariantCulture);
        var number = long.Parse(first.AsSpan(first.Length - digits), NumberStyles.None, CultureInfo.InvariantCulture) + n;
        return first[..^digits] + number.ToString("D" + digits, CultureInfo.InvariantCulture);
    }

    /// <summary>Creates one procedure in NotConsidered from the blank form. Returns its id.</summary>
    public async Task<int> CreateAsync(string userId, int departmentId, ProcedureFields fields, CancellationToken ct = default)
    {
        var ids = await CreateManyAsync(userId, departmentId, [fields], ct);
        return ids[0];
    }

    /// <summary>Starts procedures from catalogue entries (ids of NationalProcedure rows), numbered from
    /// <paramref name="firstCode"/>, all in one save: either every pick is created or none. Returns the new ids in pick order.</summary>
    public async Task<IReadOnlyList<int>> CreateFromCatalogueAsync(string userId, int departmentId, IReadOnlyList<int> nationalProcedureIds, string? firstCode, CancellationToken ct = default)
    {
        if (nationalProcedureIds.Count == 0)
            throw new DomainException(DomainError.FieldRequired);
        var first = Text.Required(firstCode, Procedure.CodeMaxLength, DomainError.FieldRequired);
        List<NationalProcedure> entries;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var found = await db.NationalProcedures.AsNoTracking().Where(n => nationalProcedureIds.Contains(n.Id)).ToListAsync(ct);
            entries = nationalProcedureIds.Distinct()
                .Select(id => found.FirstOrDefault(n => n.Id == id) ?? throw new DomainException(DomainError.NotFound))
                .ToList();
        }
        return await CreateManyAsync(userId, departmentId, entries.Select((n, i) => n.ToFields(NthCode(first, i))).ToList(), ct);
    }

    /// <summary>Moves a procedure to another department (Procedure.AssignTo). Returns the new version.</summary>
    public Task<int> AssignAsync(string userId, int procedureId, int expectedVersion, int departmentId, CancellationToken ct = default) =>
        audit.RefusalsAuditedAsync(userId, Text.Invariant($"Procedure {procedureId}"), async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var actor = await Actors.LoadDxTeamAsync(db, userId, logger, "move procedure", ct);
            await EnsureDepartmentAsync(db, departmentId, ct);
            var procedure = await db.Procedures.FirstOrDefaultAsync(p => p.Id == procedureId, ct)
                ?? throw new DomainException(DomainError.NotFound);
            if (procedure.Version != expectedVersion)
                throw new ConcurrencyConflictException(procedure.UpdatedByName, procedure.UpdatedAtUtc);
            var from = procedure.DepartmentId;
            procedure.AssignTo(departmentId, actor, clock.GetUtcNow().UtcDateTime);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new ConcurrencyConflictException(null, null);
            }
            logger.LogInformation("Procedure {ProcedureId} moved from department {From} to {To} by {UserId}", procedureId, from, departmentId, actor.UserId);
            return procedure.Version;
        });

    /// <summary>Keeps a procedure out of every public list (the publication table, the newly online page and feeds) with a
    /// reason, or (<paramref name="reason"/> null) publishes it again. Audited with the reason. Returns the new version.</summary>
    public Task<int> SetPublicationWithheldAsync(string userId, int procedureId, int expectedVersion, bool withheld, string? reason, CancellationToken ct = default) =>
        audit.RefusalsAuditedAsync(userId, Text.Invariant($"Procedure {procedureId}"), async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var actor = await Actors.LoadDxTeamAsync(db, userId, logger, "withhold procedure from publication", ct);
            var procedure = await db.Procedures.FirstOrDefaultAsync(p => p.Id == procedureId, ct)
                ?? throw new DomainException(DomainError.NotFound);
            if (procedure.Version != expectedVersion)
                throw new ConcurrencyConflictException(procedure.UpdatedByName, procedure.UpdatedAtUtc);
            var now = clock.GetUtcNow().UtcDateTime;
            if (withheld)
                procedure.WithholdFromPublication(reason, actor, now);
            else
                procedure.ReleaseForPublication(actor, now);
            audit.Append(db, withheld ? AuditActions.PublicationWithheld : AuditActions.PublicationReleased, actor.UserId, actor.DisplayName,
                Text.Invariant($"Procedure {procedure.Code}"), procedure.PublicationWithheldReason, succeeded: true);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new ConcurrencyConflictException(null, null);
            }
            return procedure.Version;
        });

    private Task<IReadOnlyList<int>> CreateManyAsync(string userId, int departmentId, IReadOnlyList<ProcedureFields> fields, CancellationToken ct) =>
        audit.RefusalsAuditedAsync<IReadOnlyList<int>>(userId, Text.Invariant($"New procedures in department {departmentId}"), async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var actor = await Actors.LoadDxTeamAsync(db, userId, logger, "create procedure", ct);
            await EnsureDepartmentAsync(db, departmentId, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var procedures = fields.Select(f => Procedure.Create(departmentId, f, actor, now)).ToList();
            var codes = procedures.Select(p => p.Code).ToList();
            var taken = await db.Procedures.Where(p => codes.Contains(p.Code)).Select(p => p.Code).FirstOrDefaultAsync(ct)
                ?? codes.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1)?.Key;
            if (taken is not null)
                throw new DomainException(DomainError.DuplicateCode, taken);
            db.Procedures.AddRange(procedures);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                throw new DomainException(DomainError.DuplicateCode, string.Join(DomainTextSeparator, codes));
            }
            logger.LogInformation("{Count} procedure(s) {Codes} created in department {DepartmentId} by {UserId}",
                procedures.Count, string.Join(", ", codes), departmentId, actor.UserId);
            return procedures.Select(p => p.Id).ToList();
        });

    private static string DomainTextSeparator => Resources.DomainText.Get("ListSeparator");

    private static async Task EnsureDepartmentAsync(DxDbContext db, int departmentId, CancellationToken ct)
    {
        if (departmentId == 0)
            throw new DomainException(DomainError.FieldRequired);
        if (!await db.Departments.AnyAsync(d => d.Id == departmentId, ct))
            throw new DomainException(DomainError.NotFound);
    }
}
