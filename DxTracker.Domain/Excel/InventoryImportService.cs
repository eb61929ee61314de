using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Data;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using DxTracker.Domain.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using C = DxTracker.Domain.Excel.InventoryColumns;

namespace DxTracker.Domain.Excel;

public enum ImportStage
{
    Reading,
    Checking,
    Saving,
}

public sealed record ImportProgress(ImportStage Stage, int Done, int Total);

/// <summary>What an import found (and did). <see cref="FileError"/> refuses the whole file; <see cref="Issues"/> are the
/// bad cells. Nothing is written unless both are empty.</summary>
public sealed record ImportOutcome(string? FileError, IReadOnlyList<ImportIssue> Issues, int New, int Changed, int Unchanged, bool Committed)
{
    public bool IsValid => FileError is null && Issues.Count == 0;

    internal static ImportOutcome Refused(string message) => new(message, [], 0, 0, 0, false);
}

/// <summary>Imports the inventory (手続棚卸し表): creates or updates procedures by code (手続ID). Every row is checked before
/// anything is written, by applying it to the real entities (so the workflow's own rules decide); status changes go
/// through <see cref="Procedure.MoveTo"/> as the importing user, so history shows them. DxTeam only, re-read from the
/// database. <see cref="ValidateAsync"/> never writes; <see cref="ImportInventoryAsync"/> writes in one transaction.</summary>
public sealed partial class InventoryImportService(IDbContextFactory<DxDbContext> dbFactory, TimeProvider clock, EraSettings era, AuditLog audit, ILogger<InventoryImportService> logger)
{
    public const int MaxRows = 20_000;

    public Task<ImportOutcome> ValidateAsync(string userId, Stream file, IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        RunAsync(userId, file, commit: false, progress, ct);

    public Task<ImportOutcome> ImportInventoryAsync(string userId, Stream file, IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        RunAsync(userId, file, commit: true, progress, ct);

    private async Task<ImportOutcome> RunAsync(string userId, Stream file, bool commit, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var actor = await Actors.LoadAsync(db, userId, ct);
        if (!actor.IsDxTeam)
        {
            var denied = new AccessDeniedException(DomainError.NotPermitted);
            await audit.RefusedAsync(actor.UserId, actor.DisplayName, "Inventory import", denied, CancellationToken.None);
            throw denied;
        }
        progress?.Report(new(ImportStage.Reading, 0, 0));
        var (sheet, refusal) = await InventorySheet.LoadAsync(file, C.SheetName, MaxRows, logger, actor.UserId, ct);
        if (sheet is null)
            return ImportOutcome.Refused(refusal!);

        var issues = MissingColumns(sheet);
        if (issues.Count > 0)
            return new ImportOutcome(null, issues, 0, 0, 0, false);

        var departments = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.Code, d.Name }).ToListAsync(ct);
        var byCode = departments.ToDictionary(d => d.Code, d => d.Id);
        var byName = departments.GroupBy(d => d.Name).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single().Id);
        var rows = new List<InventoryRow>();
        var firstRowOfCode = new Dictionary<string, int>();
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(FiscalYear.ToJapan(now));
        foreach (var (number, cells) in sheet.Rows)
        {
            var row = new RowReader(number, cells, issues).Read(sheet.Years, byCode, byName, era, today);
            if (row is null)
                continue;
            if (firstRowOfCode.TryGetValue(row.Code, out var first))
            {
                issues.Add(new(number, C.Code, ExcelText.Format("Issue_DuplicateCode", row.Code, first)));
                continue;
            }
            firstRowOfCode[row.Code] = number;
            rows.Add(row);
        }

        // The file's procedures in one query, untracked: a row that changes nothing never enters the change tracker (see
        // RowApplier). The codes go as one array parameter (json_each / = ANY), not as thousands of SQL parameters. Only what
        // the rows are compared with is loaded: the open objections and the volumes of the file's years.
        var codes = rows.Select(r => r.Code).ToList();
        var years = sheet.Years.ToList();
        var existing = await db.Procedures.AsNoTracking()
            .Include(p => p.Objections.Where(o => o.Outcome == ObjectionOutcome.Open))
            .Include(p => p.Volumes.Where(v => EF.Parameter(years).Contains(v.FiscalYear)))
            .Where(p => EF.Parameter(codes).Contains(p.Code)).ToDictionaryAsync(p => p.Code, ct);
        // An inventory lists procedures that were there all along: the new ones existed since the earliest date of the sheet.
        var existedSince = rows.Min(r => r.HappenedAtUtc);
        // Detect changes once, before saving, instead of on every call that looks at the tracker.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        int created = 0, changed = 0, unchanged = 0, done = 0;
        foreach (var row in rows)
        {
            existing.TryGetValue(row.Code, out var procedure);
            var result = new RowApplier(commit ? db : null, row, actor, now, existedSince, sheet.Has, issues).Apply(procedure);
            if (result == RowResult.New)
                created++;
            else if (result == RowResult.Changed)
                changed++;
            else if (result == RowResult.Unchanged)
                unchanged++;
            if (++done % 200 == 0)
                progress?.Report(new(ImportStage.Checking, done, rows.Count));
        }
        progress?.Report(new(ImportStage.Checking, rows.Count, rows.Count));
        issues.Sort((a, b) => a.Row.CompareTo(b.Row));
        if (issues.Count > 0 || !commit)
            return new ImportOutcome(null, issues, created, changed, unchanged, false);

        progress?.Report(new(ImportStage.Saving, 0, rows.Count));
        // The audit row commits with the import, or not at all.
        audit.Append(db, AuditActions.Import, actor.UserId, actor.DisplayName, "Inventory",
            Text.Invariant($"{created} new, {changed} changed, {unchanged} unchanged"), succeeded: true);
        db.ChangeTracker.DetectChanges();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e)
        {
            // Someone changed or added one of these procedures while the file was checked: nothing was written.
            logger.LogInformation(e, "Inventory import by {UserId} conflicted with another write", actor.UserId);
            return ImportOutcome.Refused(ExcelText.Get("File_Conflict"));
        }
        logger.LogInformation("Inventory import by {UserId}: {New} new, {Changed} changed, {Unchanged} unchanged", actor.UserId, created, changed, unchanged);
        progress?.Report(new(ImportStage.Saving, rows.Count, rows.Count));
        return new ImportOutcome(null, [], created, changed, unchanged, true);
    }

    private static List<ImportIssue> MissingColumns(InventorySheet sheet)
    {
        var issues = new List<ImportIssue>();
        foreach (var header in new[] { C.Code, C.Name, C.Status })
        {
            if (!sheet.Has(header))
                issues.Add(new(1, header, ExcelText.Format("Issue_MissingColumn", header)));
        }
        if (!sheet.Has(C.DepartmentCode) && !sheet.Has(C.DepartmentName))
            issues.Add(new(1, C.DepartmentCode, ExcelText.Format("Issue_MissingColumn", C.DepartmentCode)));
        return issues;
    }

    /// <summary>One valid row. <see cref="HappenedAtUtc"/>: when the row's status was reached (電子化日 for Digitized, else
    /// 状態変更日) as the start of that day in Japan; used on the procedure's first import only.</summary>
    private sealed record InventoryRow(
        int Number, string Code, int DepartmentId, ProcedureFields Fields, ProcedureStatus? Status,
        ObjectionCategory? Category, string? ObjectionText, InPersonRequirement? ObjectionSource, IReadOnlyList<(int FiscalYear, long? Total, long? Online)> Volumes,
        DateTime? HappenedAtUtc);

    private enum RowResult
    {
        Refused,
        New,
        Changed,
        Unchanged,
    }

    /// <summary>Turns one row's text into typed values, adding an issue per bad cell.</summary>
    private sealed partial class RowReader(int number, Dictionary<string, string> cells, List<ImportIssue> issues)
    {
        private bool _bad;

        public InventoryRow? Read(IReadOnlyList<int> years, Dictionary<string, int> byCode, Dictionary<string, int> byName, EraSettings era, DateOnly today)
        {
            var code = Required(C.Code, Procedure.CodeMaxLength);
            var name = Required(C.Name, Procedure.NameMaxLength);
            var departmentId = Department(byCode, byName);
            var fields = new ProcedureFields
            {
                Code = code ?? "",
                Name = name ?? "",
                NationalProcedureId = Optional(C.NationalId, Procedure.CodeMaxLength),
                LawName = Optional(C.LawName, Procedure.LawMaxLength),
                LawArticle = Optional(C.LawArticle, Procedure.LawMaxLength),
                AdministrativeCategory = Choice<AdministrativeCategory>(C.AdministrativeCategory, InventoryWords.TryAdministrativeCategory, "AdministrativeCategory_"),
                IdentityCheck = Choice<IdentityCheck>(C.IdentityCheck, InventoryWords.TryIdentityCheck, "IdentityCheck_"),
                HasFee = Fee(),
                Attachments = Optional(C.Attachments, Procedure.LongTextMaxLength),
                TargetFiscalYear = Year(era),
                OnlineFormUrl = Optional(C.Url, Procedure.UrlMaxLength),
                Notes = Optional(C.Notes, Procedure.LongTextMaxLength),
                Telework = Word<Telework>(C.Telework),
                TeleworkBarriers = Words<TeleworkBarriers>(C.TeleworkBarriers),
                TeleworkOtherReason = Optional(C.TeleworkOtherReason, Procedure.LongTextMaxLength),
                Seal = Word<SealRequirement>(C.Seal),
                SealAbolishedOn = Date(C.SealAbolishedOn, today),
                AttachmentCount = Whole(C.AttachmentCount, Profile.MaxCount),
                AbolishedAttachmentCount = Whole(C.AbolishedAttachmentCount, Profile.MaxCount),
                InPerson = Word<InPersonRequirement>(C.InPerson),
                FeePayment = Word<FeePaymentMethod>(C.FeePayment),
                StandardProcessingDays = Whole(C.StandardProcessingDays, Profile.MaxProcessingDays),
                LifeEvents = Words<LifeEvents>(C.LifeEvents),
            };
            ProcedureStatus? status = null;
            if (cells.TryGetValue(C.Status, out var statusText))
            {
                if (InventoryWords.TryStatus(statusText, out var s))
                    status = s;
                else
                    Bad(C.Status, ExcelText.Format("Issue_UnknownStatus", statusText, InventoryWords.Allowed<ProcedureStatus>("Status_")));
            }
            var category = Choice<ObjectionCategory>(C.Category, InventoryWords.TryCategory, "Category_", "Issue_UnknownCategory");
            var objectionText = Optional(C.ObjectionText, Objection.MaxTextLength);
            if ((category is not null || !cells.ContainsKey(C.Category)) && cells.ContainsKey(C.Category) != cells.ContainsKey(C.ObjectionText))
                Bad(cells.ContainsKey(C.Category) ? C.ObjectionText : C.Category, ExcelText.Get("Issue_CategoryWithoutText"));
            var objectionSource = ObjectionSource();
            if (objectionSource is not null && !cells.ContainsKey(C.Category) && !cells.ContainsKey(C.ObjectionText))
                Bad(C.ObjectionSource, ExcelText.Get("Issue_SourceWithoutObjection"));
            var volumes = years.Select(y => (y, Count(C.Total(y)), Count(C.Online(y)))).ToList();
            var digitizedOn = Date(C.DigitizedOn, today);
            var since = Date(C.StatusSince, today);
            if (digitizedOn is not null && status != ProcedureStatus.Digitized)
                Bad(C.DigitizedOn, ExcelText.Get("Issue_DigitizedOnNotDigitized"));
            var happenedOn = status == ProcedureStatus.Digitized ? digitizedOn ?? since : since;
            return _bad || code is null || name is null || departmentId is null
                ? null
                : new InventoryRow(number, code, departmentId.Value, fields, status, category, objectionText, objectionSource, volumes, StartInJapan(happenedOn));
        }

        private static DateTime? StartInJapan(DateOnly? date) =>
            date is { } d ? DateTime.SpecifyKind(d.ToDateTime(TimeOnly.MinValue) - FiscalYear.JapanOffset, DateTimeKind.Utc) : null;

        /// <summary>A date as yyyy-mm-dd (or yyyy/m/d), or an Excel date (a date cell, or its serial number); from 1989 to today.</summary>
        private DateOnly? Date(string column, DateOnly today)
        {
            if (!cells.TryGetValue(column, out var text))
                return null;
            var t = text.Normalize(NormalizationForm.FormKC).Trim();
            DateOnly date;
            if (int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var serial) && serial is >= FirstSerial and <= LastSerial)
                date = DateOnly.FromDateTime(DateTime.FromOADate(serial));
            else if (!DateOnly.TryParseExact(t, ["yyyy-M-d", "yyyy/M/d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date) || date.Year < 1989)
            {
                Bad(column, ExcelText.Format("Issue_BadDate", text));
                return null;
            }
            if (date > today)
            {
                Bad(column, ExcelText.Format("Issue_DateInFuture", text));
                return null;
            }
            return date;
        }

        /// <summary>Excel's serial numbers of 1989-01-01 and 9999-12-31.</summary>
        private const int FirstSerial = 32509, LastSerial = 2958465;

        private void Bad(string column, string reason)
        {
            issues.Add(new(number, column, reason));
            _bad = true;
        }

        private string? Optional(string column, int maxLength)
        {
            if (!cells.TryGetValue(column, out var text))
                return null;
            if (text.Length > maxLength)
                Bad(column, ExcelText.Format("Issue_TooLong", maxLength));
            return text;
        }

        private string? Required(string column, int maxLength)
        {
            var text = Optional(column, maxLength);
            if (text is null)
                Bad(column, ExcelText.Get("Issue_Required"));
            return text;
        }

        private int? Department(Dictionary<string, int> byCode, Dictionary<string, int> byName)
        {
            if (cells.TryGetValue(C.DepartmentCode, out var code))
            {
                if (byCode.TryGetValue(code, out var id))
                    return id;
                Bad(C.DepartmentCode, ExcelText.Format("Issue_UnknownDepartment", code));
                return null;
            }
            if (cells.TryGetValue(C.DepartmentName, out var name))
            {
                if (byName.TryGetValue(name, out var id))
                    return id;
                Bad(C.DepartmentName, ExcelText.Format("Issue_UnknownDepartment", name));
                return null;
            }
            Bad(C.DepartmentCode, ExcelText.Get("Issue_Required"));
            return null;
        }

        private delegate bool TryWord<TEnum>(string text, out TEnum value);

        private TEnum? Choice<TEnum>(string column, TryWord<TEnum> parse, string labelPrefix, string issue = "Issue_UnknownValue") where TEnum : struct, Enum
        {
            if (!cells.TryGetValue(column, out var text))
                return null;
            if (parse(text, out var value))
                return value;
            Bad(column, ExcelText.Format(issue, text, InventoryWords.Allowed<TEnum>(labelPrefix)));
            return null;
        }

        private TEnum? Word<TEnum>(string column) where TEnum : struct, Enum
        {
            if (!cells.TryGetValue(column, out var text))
                return null;
            if (InventoryWords.TryWord<TEnum>(text, out var value))
                return value;
            Bad(column, ExcelText.Format("Issue_UnknownValue", text, InventoryWords.AllowedWords<TEnum>()));
            return null;
        }

        private TEnum Words<TEnum>(string column) where TEnum : struct, Enum
        {
            if (!cells.TryGetValue(column, out var text))
                return default;
            if (InventoryWords.TryWords<TEnum>(text, out var flags, out var unknown))
                return flags;
            Bad(column, ExcelText.Format("Issue_UnknownValue", unknown!, InventoryWords.AllowedWords<TEnum>()));
            return default;
        }

        /// <summary>課題の根拠: a rule's source (なし is no rule, so not an objection's source).</summary>
        private InPersonRequirement? ObjectionSource()
        {
            if (!cells.TryGetValue(C.ObjectionSource, out var text))
                return null;
            if (InventoryWords.TryWord<InPersonRequirement>(text, out var value) && Profile.RuleSources.Contains(value))
                return value;
            Bad(C.ObjectionSource, ExcelText.Format("Issue_UnknownValue", text,
                string.Join(DomainText.Get("ListSeparator"), Profile.RuleSources.Select(InventoryWords.Word))));
            return null;
        }

        /// <summary>A whole number from 0 to <paramref name="max"/>.</summary>
        private int? Whole(string column, int max)
        {
            if (!cells.TryGetValue(column, out var text))
                return null;
            var t = text.Normalize(NormalizationForm.FormKC).Replace(",", "", StringComparison.Ordinal);
            if (int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= max)
                return n;
            Bad(column, ExcelText.Format("Issue_BadWhole", text, max));
            return null;
        }

        private bool? Fee()
        {
            if (!cells.TryGetValue(C.Fee, out var text))
                return null;
            if (InventoryWords.TryFee(text, out var hasFee))
                return hasFee;
            Bad(C.Fee, ExcelText.Format("Issue_UnknownValue", text, InventoryWords.Fee(true) + "、" + InventoryWords.Fee(false)));
            return null;
        }

        private int? Year(EraSettings era)
        {
            if (!cells.TryGetValue(C.TargetFiscalYear, out var text))
                return null;
            var t = text.Normalize(NormalizationForm.FormKC).Replace(" ", "", StringComparison.Ordinal);
            if (int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1989 and <= 2100)
                return year;
            var match = EraYear().Match(t);
            if (match.Success && match.Groups[1].Value == era.Name)
                return era.FirstYear - 1 + (match.Groups[2].Value == "元" ? 1 : int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
            if (t.StartsWith("FY", StringComparison.OrdinalIgnoreCase) && int.TryParse(t[2..], NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= 1989 and <= 2100)
                return year;
            Bad(C.TargetFiscalYear, ExcelText.Format("Issue_BadFiscalYear", text));
            return null;
        }

        private long? Count(string column)
        {
            if (!cells.TryGetValue(column, out var text))
                return null;
            var t = text.Normalize(NormalizationForm.FormKC).Replace(",", "", StringComparison.Ordinal);
            if (long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                return count;
            Bad(column, ExcelText.Format("Issue_BadNumber", text));
            return null;
        }

        [GeneratedRegex(@"^(\D+?)(元|\d{1,2})年度?$")]
        private static partial Regex EraYear();
    }

    /// <summary>Applies one valid row to its procedure (or a new one) through the entity's own methods; a refusal
    /// becomes an issue on the column it concerns. Only what differs is touched, so an unchanged row stays unchanged.
    /// With <paramref name="db"/> (a commit), a new procedure is added and an existing one is attached to the change tracker
    /// just before its first change, so only changed procedures are saved (and unchanged ones cost no tracking).</summary>
    private sealed class RowApplier(DxDbContext? db, InventoryRow row, Actor actor, DateTime now, DateTime? existedSince, Func<string, bool> has, List<ImportIssue> issues)
    {
        private bool _tracked;

        public RowResult Apply(Procedure? procedure)
        {
            var isNew = procedure is null;
            var changed = false;
            try
            {
                if (procedure is null)
                {
                    procedure = Procedure.Create(row.DepartmentId, row.Fields, actor, now, existedSince);
                    db?.Procedures.Add(procedure);
                    _tracked = true;
                }
                else
                {
                    var fields = C.KeepAbsent(row.Fields, procedure.Fields, has) with
                    {
                        CounterTablet = procedure.CounterTablet,
                        SmartphoneClass = procedure.SmartphoneClass,
                        Translation = procedure.Translation,
                    };
                    if (procedure.DepartmentId != row.DepartmentId)
                    {
                        Step(procedure, C.DepartmentCode, () => procedure.AssignTo(row.DepartmentId, actor, now));
                        changed = true;
                    }
                    // Withdrawing a form and clearing its URL: move first, or the update would be refused.
                    if (procedure.Status == ProcedureStatus.Digitized && row.Status is { } target && target != ProcedureStatus.Digitized)
                        changed |= Move(procedure, target);
                    if (procedure.Fields != fields)
                    {
                        Step(procedure, C.Name, () => procedure.Update(fields, actor, now));
                        changed = true;
                    }
                }
                if (row.Category is { } category && row.ObjectionText is { } text)
                {
                    var same = procedure.Objections.FirstOrDefault(o => o.IsOpen && o.Category == category && o.Description == text);
                    if (same is null)
                    {
                        Step(procedure, C.ObjectionText, () => procedure.RaiseObjection(new NewObjection(category, text, Source: row.ObjectionSource), actor, now));
                        changed = true;
                    }
                    else if (row.ObjectionSource is { } source && same.Source != source)
                    {
                        Step(procedure, C.ObjectionSource, () => procedure.SetObjectionSource(same.Id, source, actor, now));
                        changed = true;
                    }
                }
                if (row.Status is { } status)
                    changed |= Move(procedure, status);
                foreach (var (year, total, online) in row.Volumes)
                {
                    var current = procedure.Volumes.FirstOrDefault(v => v.FiscalYear == year);
                    if (current is null ? total is null && online is null : current.Total == total && current.Online == online)
                        continue;
                    Step(procedure, online > total ? C.Online(year) : C.Total(year), () => procedure.SetVolume(year, total, online, actor, now));
                    changed = true;
                }
            }
            catch (RowRefused)
            {
                return RowResult.Refused;
            }
            return isNew ? RowResult.New : changed ? RowResult.Changed : RowResult.Unchanged;
        }

        /// <summary>An existing procedure makes one allowed move; a new one walks the shortest allowed path from
        /// 未検討, so a first inventory can bring in procedures that are already online, each move dated when the row says
        /// its status was reached (on the import day when it does not). Each move is in the history, marked as imported.</summary>
        private bool Move(Procedure procedure, ProcedureStatus target)
        {
            if (procedure.Status == target)
                return false;
            var path = procedure.Id == 0 ? PathTo(procedure.Status, target) : [target];
            var details = new MoveDetails(ExcelText.Get("ImportComment"), row.Fields.OnlineFormUrl, row.Fields.Notes);
            foreach (var next in path)
                Step(procedure, C.Status, () => procedure.ImportMove(next, actor, now, row.HappenedAtUtc, details));
            return true;
        }

        private static List<ProcedureStatus> PathTo(ProcedureStatus from, ProcedureStatus target)
        {
            var previous = new Dictionary<ProcedureStatus, ProcedureStatus> { [from] = from };
            var queue = new Queue<ProcedureStatus>([from]);
            while (queue.TryDequeue(out var at) && !previous.ContainsKey(target))
            {
                foreach (var next in Workflow.AllowedTargets(at).Where(n => !previous.ContainsKey(n)))
                {
                    previous[next] = at;
                    queue.Enqueue(next);
                }
            }
            var path = new List<ProcedureStatus>();
            for (var s = target; s != from; s = previous[s])
                path.Insert(0, s);
            return path;
        }

        private void Step(Procedure procedure, string column, Action action)
        {
            if (!_tracked)
            {
                // Attached as loaded (its current values are the originals, Version included), so the change that follows
                // is what DetectChanges finds and the concurrency check compares with the loaded version.
                db?.Attach(procedure);
                _tracked = true;
            }
            try
            {
                action();
            }
            catch (DomainException e)
            {
                var reason = e.Error == DomainError.ExemptReasonRequired ? ExcelText.Get("Issue_ExemptNeedsNotes") : e.Message;
                issues.Add(new(row.Number, ColumnOf(e.Error) ?? column, reason));
                throw new RowRefused();
            }
        }

        private static string? ColumnOf(DomainError error) => error switch
        {
            DomainError.UrlRequired or DomainError.UrlInvalid => C.Url,
            DomainError.ExemptReasonRequired => C.Notes,
            DomainError.ObjectionRequired or DomainError.ObjectionDescriptionRequired => C.ObjectionText,
            DomainError.FiscalYearOutOfRange => C.TargetFiscalYear,
            DomainError.TeleworkBarriersNeedNotPossible => C.TeleworkBarriers,
            DomainError.TeleworkOtherReasonRequired => C.TeleworkOtherReason,
            DomainError.SealDateNeedsAbolished => C.SealAbolishedOn,
            DomainError.ObjectionSourceNotARule => C.ObjectionSource,
            _ => null,
        };
    }

    private sealed class RowRefused : Exception;
}
