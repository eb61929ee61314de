using DxTracker.Domain.Audit;
using DxTracker.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DxTracker.Domain.Organisation;

/// <summary>What the DX team types to create (Id null) or edit a division.</summary>
public sealed record DivisionInput(int? Id, string? Code, string? Name, int SortOrder);

/// <summary>What the DX team types to create (Id null) or edit a department.</summary>
public sealed record DepartmentInput(int? Id, int DivisionId, string? Code, string? Name, int SortOrder);

/// <summary>Writes to the organisation (部 and 課). DxTeam only, re-read from the database on every call;
/// codes are unique and a duplicate is refused with a message naming the code.</summary>
public sealed class OrganisationService(IDbContextFactory<DxDbContext> dbFactory, AuditLog audit, ILogger<OrganisationService> logger)
{
    public const int SortOrderMax = 9999;

    /// <summary>Creates or edits a division. Returns its id.</summary>
    public Task<int> SaveDivisionAsync(string userId, DivisionInput input, CancellationToken ct = default) =>
        audit.RefusalsAuditedAsync(userId, Text.Invariant($"Division {input.Id?.ToString() ?? input.Code}"), async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var actor = await Actors.LoadDxTeamAsync(db, userId, logger, "save division", ct);
            var (code, name) = Checked(input.Code, input.Name, input.SortOrder, Division.CodeMaxLength, Division.NameMaxLength);
            if (await db.Divisions.AnyAsync(d => d.Code == code && d.Id != input.Id, ct))
                throw new DomainException(DomainError.DuplicateDivisionCode, code);

            var division = input.Id is { } id
                ? await db.Divisions.FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw new DomainException(DomainError.NotFound)
                : db.Divisions.Add(new Division { Code = code, Name = name }).Entity;
            division.Code = code;
            division.Name = name;
            division.SortOrder = input.SortOrder;
            await SaveAsync(db, DomainError.DuplicateDivisionCode, code, ct);
            logger.LogInformation("Division {DivisionId} {Code} saved by {UserId}", division.Id, code, actor.UserId);
            return division.Id;
        });

    /// <summary>Creates or edits a department (also moves it to another division). Returns its id.</summary>
    public Task<int> SaveDepartmentAsync(string userId, DepartmentInput input, CancellationToken ct = default) =>
        audit.RefusalsAuditedAsync(userId, Text.Invariant($"Department {input.Id?.ToString() ?? input.Code}"), async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var actor = await Actors.LoadDxTeamAsync(db, userId, logger, "save department", ct);
            var (code, name) = Checked(input.Code, input.Name, input.SortOrder, Department.CodeMaxLength, Department.NameMaxLength);
            if (input.DivisionId == 0)
                throw new DomainException(DomainError.FieldRequired);
            if (!await db.Divisions.AnyAsync(d => d.Id == input.DivisionId, ct))
                throw new DomainException(DomainError.NotFound);
            if (await db.Departments.AnyAsync(d => d.Code == code && d.Id != input.Id, ct))
                throw new DomainException(DomainError.DuplicateDepartmentCode, code);

            var department = input.Id is { } id
                ? await db.Departments.FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw new DomainException(DomainError.NotFound)
                : db.Departments.Add(new Department { Code = code, Name = name }).Entity;
            department.DivisionId = input.DivisionId;
            department.Code = code;
            department.Name = name;
            department.SortOrder = input.SortOrder;
            await SaveAsync(db, DomainError.DuplicateDepartmentCode, code, ct);
            logger.LogInformation("Department {DepartmentId} {Code} saved by {UserId}", department.Id, code, actor.UserId);
            return department.Id;
        });

    /// <summary>The trimmed code and name; refuses empty or over-long text and a sort order out of range.</summary>
    private static (string Code, string Name) Checked(string? code, string? name, int sortOrder, int codeMaxLength, int nameMaxLength)
    {
        var checkedCode = Text.Required(code, codeMaxLength, DomainError.FieldRequired);
        var checkedName = Text.Required(name, nameMaxLength, DomainError.FieldRequired);
        if (sortOrder is < 0 or > SortOrderMax)
            throw new DomainException(DomainError.SortOrderOutOfRange);
        return (checkedCode, checkedName);
    }

    /// <summary>Saves; a unique-index violation from a concurrent insert of the same code becomes the duplicate message.</summary>
    private static async Task SaveAsync(DxDbContext db, DomainError duplicate, string code, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            throw new DomainException(duplicate, code);
        }
    }
}
