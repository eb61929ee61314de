using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Data;
using DxTracker.Domain.Excel;
using DxTracker.Domain.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using C = DxTracker.Domain.Organisation.OrganisationColumns;

namespace DxTracker.Domain.Organisation;

/// <summary>What an organisation import found (and did). Nothing is written unless <see cref="FileError"/> is null and
/// <see cref="Issues"/> is empty. <see cref="NewHeads"/> are accounts created for head e-mails not known yet (without a
/// password: they are invited); <see cref="MovedHeads"/> heads who got another 課; <see cref="RemovedHeads"/> heads whose 課
/// got someone else and who head nothing now.</summary>
public sealed record OrganisationOutcome(
    string? FileError, IReadOnlyList<ImportIssue> Issues,
    int NewDivisions, int NewDepartments, int ChangedDepartments, int UnchangedDepartments,
    int NewHeads, int MovedHeads, int RemovedHeads, bool Committed)
{
    public bool IsValid => FileError is null && Issues.Count == 0;

    /// <summary>The ids of the accounts this import created (committed only): the new heads to invite.</summary>
    public IReadOnlyList<string> NewHeadIds { get; init; } = [];

    internal static OrganisationOutcome Refused(string message) => new(message, [], 0, 0, 0, 0, 0, 0, 0, false);

    internal static OrganisationOutcome Invalid(IReadOnlyList<ImportIssue> issues) => new(null, issues, 0, 0, 0, 0, 0, 0, 0, false);
}

/// <summary>Imports the organisation sheet (組織表): creates or updates 部 and 課 by code, and puts each head e-mail's
/// account on its 課 — creating a DepartmentHead account for an e-mail not known yet, moving a known head (April's
/// reshuffle), and taking the 課 from a head the sheet replaced; every role or department change in the audit log and the
/// moved account's security stamp renewed, so their open sessions are re-checked. A 課 missing from the sheet is never
/// deleted; one that has procedures is reported. DxTeam only (re-read from the database); every row checked first, then
/// one transaction writes all of it (<see cref="ValidateAsync"/> never writes).</summary>
public sealed class OrganisationImportService(
    IDbContextFactory<DxDbContext> dbFactory, ILookupNormalizer normalizer, AuditLog audit, ILogger<OrganisationImportService> logger)
{
    public const int MaxRows = 5_000;
    public const int EmailMaxLength = 256;

    public Task<OrganisationOutcome> ValidateAsync(string userId, Stream file, CancellationToken ct = default) =>
        RunAsync(userId, file, commit: false, ct);

    public Task<OrganisationOutcome> ImportAsync(string userId, Stream file, CancellationToken ct = default) =>
        RunAsync(userId, file, commit: true, ct);

    private Task<OrganisationOutcome> RunAsync(string userId, Stream file, bool commit, CancellationToken ct) =>
        audit.RefusalsAuditedAsync(userId, "Organisation import", async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var actor = await Actors.LoadDxTeamAsync(db, userId, logger, "organisation import", ct);
            var (sheet, refusal) = await InventorySheet.LoadAsync(file, C.SheetName, MaxRows, logger, actor.UserId, ct);
            if (sheet is null)
                return OrganisationOutcome.Refused(refusal!);
            var issues = new List<ImportIssue>();
            foreach (var header in new[] { C.DivisionCode, C.DepartmentCode, C.DepartmentName })
            {
                if (!sheet.Has(header))
                    issues.Add(new(1, header, ExcelText.Format("Issue_MissingColumn", header)));
            }
            if (issues.Count > 0)
                return OrganisationOutcome.Invalid(issues);

            var divisions = await db.Divisions.ToDictionaryAsync(d => d.Code, ct);
            var departments = await db.Departments.ToDictionaryAsync(d => d.Code, ct);
            var procedures = await db.Procedures.GroupBy(p => p.DepartmentId).Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
            var headRole = await db.Roles.Where(r => r.Name == nameof(Role.DepartmentHead)).Select(r => r.Id).SingleAsync(ct);
            var users = await db.Users.Where(u => u.NormalizedEmail != null)
                .Select(u => new { User = u, Role = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault() })
                .ToDictionaryAsync(x => x.User.NormalizedEmail!, ct);

            var rows = Read(sheet, divisions, users.ToDictionary(u => u.Key, u => u.Value.Role), issues);
            var inSheet = rows.Select(r => r.DepartmentCode).ToHashSet();
            foreach (var missing in departments.Values.Where(d => !inSheet.Contains(d.Code) && procedures.ContainsKey(d.Id)).OrderBy(d => d.Code))
                issues.Add(new(1, C.DepartmentCode, ExcelText.Format("Issue_DepartmentLeftOut", missing.Code, missing.Name, procedures[missing.Id])));
            issues.Sort((a, b) => a.Row.CompareTo(b.Row));
            var newDivisions = rows.Select(r => r.DivisionCode).Distinct().Count(c => !divisions.ContainsKey(c));
            var newDepartments = rows.Count(r => !departments.ContainsKey(r.DepartmentCode));
            var changedDepartments = rows.Count(r => departments.TryGetValue(r.DepartmentCode, out var d)
                && (d.Name != r.DepartmentName || d.SortOrder != r.SortOrder || d.DivisionId != divisions.GetValueOrDefault(r.DivisionCode)?.Id));
            var unchanged = rows.Count - newDepartments - changedDepartments;
            var newHeads = rows.Count(r => r.HeadEmail is { } e && !users.ContainsKey(normalizer.NormalizeEmail(e)));
            var movingHeads = rows.Count(r => r.HeadEmail is { } e && users.TryGetValue(normalizer.NormalizeEmail(e), out var u)
                && u.User.DepartmentId != departments.GetValueOrDefault(r.DepartmentCode)?.Id);
            if (issues.Count > 0)
                return OrganisationOutcome.Invalid(issues);

            // 部 in the order they first appear; their names from the first row that gives one.
            var order = 0;
            foreach (var group in rows.GroupBy(r => r.DivisionCode))
            {
                order = Math.Min(order + 10, OrganisationService.SortOrderMax);
                var name = group.Select(r => r.DivisionName).FirstOrDefault(n => n is not null);
                if (!divisions.TryGetValue(group.Key, out var division))
                    divisions[group.Key] = division = db.Divisions.Add(new Division { Code = group.Key, Name = name! }).Entity;
                division.Name = name ?? division.Name;
                division.SortOrder = order;
            }
            foreach (var row in rows)
            {
                if (!departments.TryGetValue(row.DepartmentCode, out var department))
                    departments[row.DepartmentCode] = department = db.Departments.Add(new Department { Code = row.DepartmentCode, Name = row.DepartmentName }).Entity;
                department.Division = divisions[row.DivisionCode];
                department.Name = row.DepartmentName;
                department.SortOrder = row.SortOrder;
            }
            if (!commit)
                return new OrganisationOutcome(null, [], newDivisions, newDepartments, changedDepartments, unchanged, newHeads, movingHeads, 0, false);

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct); // the new 課 get their ids, for the heads and the audit rows
            int moved = 0, removed = 0;
            var assigned = new HashSet<string>();
            var created = new List<string>();
            foreach (var row in rows.Where(r => r.HeadEmail is not null))
            {
                var departmentId = departments[row.DepartmentCode].Id;
                var normalized = normalizer.NormalizeEmail(row.HeadEmail!);
                if (users.TryGetValue(normalized, out var known))
                {
                    var user = known.User;
                    assigned.Add(user.Id);
                    if (row.HeadName is { } name)
                        user.DisplayName = name;
                    if (user.DepartmentId == departmentId)
                        continue;
                    audit.AppendAssignment(db, actor, user, Role.DepartmentHead, user.DepartmentId, Role.DepartmentHead, departmentId);
                    user.DepartmentId = departmentId;
                    Rescope(user);
                    moved++;
                }
                else
                {
                    var user = new AppUser
                    {
                        UserName = row.HeadEmail, NormalizedUserName = normalizer.NormalizeName(row.HeadEmail), Email = row.HeadEmail,
                        NormalizedEmail = normalized, EmailConfirmed = true, DisplayName = row.HeadName!, DepartmentId = departmentId,
                        SecurityStamp = Guid.NewGuid().ToString("N"), LockoutEnabled = true,
                    };
                    db.Users.Add(user);
                    db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = headRole });
                    assigned.Add(user.Id);
                    created.Add(user.Id);
                    audit.AppendAssignment(db, actor, user, null, null, Role.DepartmentHead, departmentId);
                }
            }
            // A head the sheet replaced, and did not put on another 課, heads nothing now.
            var replaced = rows.Where(r => r.HeadEmail is not null).Select(r => departments[r.DepartmentCode].Id).ToHashSet();
            var replacedHeads = users.Values
                .Where(u => u.Role == nameof(Role.DepartmentHead) && !assigned.Contains(u.User.Id) && u.User.DepartmentId is { } d && replaced.Contains(d))
                .Select(u => u.User);
            foreach (var user in replacedHeads)
            {
                audit.AppendAssignment(db, actor, user, Role.DepartmentHead, user.DepartmentId, Role.DepartmentHead, null);
                user.DepartmentId = null;
                Rescope(user);
                removed++;
            }
            audit.Append(db, AuditActions.Import, actor.UserId, actor.DisplayName, "Organisation",
                Text.Invariant($"{newDivisions} new divisions, {newDepartments} new departments, {changedDepartments} changed, {unchanged} unchanged; heads: {newHeads} new, {moved} moved, {removed} removed"),
                succeeded: true);
            try
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                // Someone added the same code or e-mail while the file was checked: nothing was written.
                logger.LogInformation(e, "Organisation import by {UserId} conflicted with another write", actor.UserId);
                return OrganisationOutcome.Refused(ExcelText.Get("File_OrganisationConflict"));
            }
            logger.LogInformation("Organisation import by {UserId}: {NewDepartments} new, {Changed} changed departments; heads {NewHeads} new, {Moved} moved, {Removed} removed",
                actor.UserId, newDepartments, changedDepartments, newHeads, moved, removed);
            return new OrganisationOutcome(null, [], newDivisions, newDepartments, changedDepartments, unchanged, newHeads, moved, removed, true) { NewHeadIds = created };
        });

    /// <summary>A new security stamp, so the user's open sessions are re-checked and signed in again with the new 課; a new
    /// concurrency stamp, so an account edit made meanwhile from an older copy is refused.</summary>
    private static void Rescope(AppUser user)
    {
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
    }

    private sealed record OrganisationRow(int Number, string DivisionCode, string? DivisionName, string DepartmentCode, string DepartmentName,
        int SortOrder, string? HeadEmail, string? HeadName);

    /// <summary>The valid rows; an issue per bad cell, per code or e-mail given twice, per 部 without a name.</summary>
    private List<OrganisationRow> Read(InventorySheet sheet, Dictionary<string, Division> divisions, Dictionary<string, string?> roleByEmail, List<ImportIssue> issues)
    {
        var rows = new List<OrganisationRow>();
        var firstRowOfDepartment = new Dictionary<string, int>();
        var firstRowOfEmail = new Dictionary<string, int>();
        var divisionNames = new Dictionary<string, (string Name, int Row)>();
        foreach (var (number, cells) in sheet.Rows)
        {
            var bad = false;
            void Bad(string column, string reason)
            {
                issues.Add(new(number, column, reason));
                bad = true;
            }
            string? Cell(string column, int maxLength, bool required)
            {
                if (!cells.TryGetValue(column, out var text))
                {
                    if (required)
                        Bad(column, ExcelText.Get("Issue_Required"));
                    return null;
                }
                if (text.StartsWith('='))
                {
                    // A formula (read as its text, never evaluated): the sheet must say the code, name or address itself.
                    Bad(column, ExcelText.Get("Issue_Formula"));
                    return null;
                }
                if (text.Length > maxLength)
                    Bad(column, ExcelText.Format("Issue_TooLong", maxLength));
                return text;
            }

            var divisionCode = Cell(C.DivisionCode, Division.CodeMaxLength, required: true);
            var divisionName = Cell(C.DivisionName, Division.NameMaxLength, required: false);
            var code = Cell(C.DepartmentCode, Department.CodeMaxLength, required: true);
            var name = Cell(C.DepartmentName, Department.NameMaxLength, required: true);
            var sortOrder = Math.Min((number - 1) * 10, OrganisationService.SortOrderMax);
            if (cells.TryGetValue(C.SortOrder, out var orderText))
            {
                if (int.TryParse(orderText.Normalize(NormalizationForm.FormKC), NumberStyles.None, CultureInfo.InvariantCulture, out var o) && o <= OrganisationService.SortOrderMax)
                    sortOrder = o;
                else
                    Bad(C.SortOrder, ExcelText.Format("Issue_BadSortOrder", orderText, OrganisationService.SortOrderMax));
            }
            var email = Cell(C.HeadEmail, EmailMaxLength, required: false);
            var headName = Cell(C.HeadName, AppUser.DisplayNameMaxLength, required: false);
            if (email is not null)
            {
                var normalized = normalizer.NormalizeEmail(email);
                if (!new EmailAddressAttribute().IsValid(email))
                    Bad(C.HeadEmail, ExcelText.Format("Issue_BadEmail", email));
                else if (firstRowOfEmail.TryGetValue(normalized, out var first))
                    Bad(C.HeadEmail, ExcelText.Format("Issue_EmailTwice", email, first));
                else if (roleByEmail.TryGetValue(normalized, out var role) && role != nameof(Role.DepartmentHead))
                    Bad(C.HeadEmail, ExcelText.Format("Issue_NotAHead", email));
                else if (!roleByEmail.ContainsKey(normalized) && headName is null)
                    Bad(C.HeadName, ExcelText.Get("Issue_NewHeadNeedsName"));
                firstRowOfEmail.TryAdd(normalized, number);
            }
            else if (headName is not null)
            {
                Bad(C.HeadEmail, ExcelText.Get("Issue_NameWithoutEmail"));
            }
            if (code is not null)
            {
                if (firstRowOfDepartment.TryGetValue(code, out var first))
                    Bad(C.DepartmentCode, ExcelText.Format("Issue_DuplicateDepartmentCode", code, first));
                else
                    firstRowOfDepartment[code] = number;
            }
            if (divisionCode is not null && divisionName is not null)
            {
                if (divisionNames.TryGetValue(divisionCode, out var seen) && seen.Name != divisionName)
                    Bad(C.DivisionName, ExcelText.Format("Issue_DivisionNameDiffers", divisionCode, seen.Name, seen.Row));
                else
                    divisionNames.TryAdd(divisionCode, (divisionName, number));
            }
            if (!bad && divisionCode is not null && code is not null && name is not null)
                rows.Add(new OrganisationRow(number, divisionCode, divisionName, code, name, sortOrder, email, headName));
        }
        // A 部 not known yet needs a name on one of its rows.
        foreach (var row in rows.Where(r => !divisions.ContainsKey(r.DivisionCode) && !divisionNames.ContainsKey(r.DivisionCode)).DistinctBy(r => r.DivisionCode))
            issues.Add(new(row.Number, C.DivisionCode, ExcelText.Format("Issue_UnknownDivision", row.DivisionCode)));
        return rows;
    }
}
