using System.Data.Common;
using System.Globalization;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reminders;
using DxTracker.Domain.Reporting;
using DxTracker.Domain.Resources;

namespace DxTracker.App.Bench;

/// <summary>What every path is asked, so the app and its baseline answer the same question.</summary>
/// <param name="DivisionId">Inventory filter 1.</param>
/// <param name="Statuses">Inventory filter 2.</param>
/// <param name="Search">Inventory text search (code, name, legal basis).</param>
/// <param name="PageSize">Inventory first page (the inventory page's default).</param>
/// <param name="ProcedureId">The procedure whose page is loaded (the one with the longest history).</param>
/// <param name="Year">The board's fiscal year: the last completed one, so its state is reconstructed as of March 31.</param>
/// <param name="DxTeamUserId">Who imports (the import is DxTeam-only).</param>
internal sealed record BenchQuestion(int DivisionId, IReadOnlyList<ProcedureStatus> Statuses, string Search, int PageSize, int ProcedureId, FiscalYear Year,
    DateTime UtcNow, string DxTeamUserId)
{
    public const int WinCount = 10;
}

/// <summary>The hand-written baselines: each question answered with plain SQL through ADO.NET (Microsoft.Data.Sqlite, or
/// Npgsql on PostgreSQL), one connection per answer as the app opens one context per operation. The same SQL text runs on
/// both databases (quoted identifiers, @parameters, window functions).</summary>
internal sealed class SqlBaselines(BenchDatabase database, BenchQuestion question)
{
    private static readonly string[] StatusNames = Enum.GetNames<ProcedureStatus>();

    public async Task<string> InventoryPageAsync()
    {
        await using var connection = await database.OpenAsync();
        const string where = """
            FROM "Procedures" p JOIN "Departments" d ON d."Id" = p."DepartmentId"
            WHERE p."DepartmentId" IN (SELECT x."Id" FROM "Departments" x WHERE x."DivisionId" = @division) AND p."Status" IN ({0})
              AND (p."Code" LIKE @q ESCAPE '\' OR p."Name" LIKE @q ESCAPE '\' OR p."LawName" LIKE @q ESCAPE '\' OR p."LawArticle" LIKE @q ESCAPE '\')
            """;
        var statuses = string.Join(", ", question.Statuses.Select(s => $"'{s}'"));
        var filter = string.Format(CultureInfo.InvariantCulture, where, statuses);
        var pattern = "%" + question.Search.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        (string, object)[] parameters = [("division", question.DivisionId), ("q", pattern), ("take", question.PageSize)];
        var total = Convert.ToInt64(await ScalarAsync(connection, "SELECT COUNT(*) " + filter, parameters), CultureInfo.InvariantCulture);
        var rows = await QueryAsync(connection, $"""
            SELECT p."Id", p."Code", p."Name", p."DepartmentId", d."Name", p."Status", p."StatusChangedAtUtc", v."Total", v."FiscalYear",
                   (SELECT COUNT(*) FROM "Objections" o WHERE o."ProcedureId" = p."Id" AND o."Outcome" = 'Open')
            {filter.Replace("WHERE", """
                LEFT JOIN "ProcedureVolumes" v ON v."Id" = (SELECT x."Id" FROM "ProcedureVolumes" x
                    WHERE x."ProcedureId" = p."Id" AND x."Total" IS NOT NULL ORDER BY x."FiscalYear" DESC LIMIT 1)
                WHERE
                """, StringComparison.Ordinal)}
            ORDER BY p."Code" LIMIT @take
            """, parameters);
        return InventoryAnswer(total, rows.Count);
    }

    public static string InventoryAnswer(long matches, int rows) => Text($"{matches} matches, {rows} rows");

    public async Task<string> ProcedurePageAsync()
    {
        await using var connection = await database.OpenAsync();
        await using var command = Command(connection, """
            SELECT p.*, d."Name", v."Name" FROM "Procedures" p
              JOIN "Departments" d ON d."Id" = p."DepartmentId" JOIN "Divisions" v ON v."Id" = d."DivisionId" WHERE p."Id" = @id;
            SELECT "Id", "FromStatus", "ToStatus", "AtUtc", "ByName", "Comment", "HearingSessionId" FROM "StatusChanges" WHERE "ProcedureId" = @id ORDER BY "AtUtc" DESC;
            SELECT * FROM "Objections" WHERE "ProcedureId" = @id;
            SELECT "FiscalYear", "Total", "Online" FROM "ProcedureVolumes" WHERE "ProcedureId" = @id ORDER BY "FiscalYear" DESC;
            SELECT h."HeldOn", h."DxTeamMembers", h."RecordedByName", i."OutcomeNote"
              FROM "HearingItems" i JOIN "HearingSessions" h ON h."Id" = i."HearingSessionId" WHERE i."ProcedureId" = @id;
            """, ("id", question.ProcedureId));
        var counts = new List<int>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            do
            {
                counts.Add((await ReadAsync(reader)).Count);
            }
            while (await reader.NextResultAsync());
        }
        return PageAnswer(counts[1], counts[2], counts[3], counts[4]);
    }

    public static string PageAnswer(int changes, int objections, int volumes, int hearings) =>
        Text($"{changes} changes, {objections} objections, {volumes} volumes, {hearings} hearings");

    /// <summary>The board as <c>BoardQuery.LoadAsync</c> shows it: per department for the year (status as of March 31 from the
    /// history), moves into Digitized in the year, open objections, stalled now, the list of years, the next wins, objections by
    /// category (the trend is its own path, as the page asks it separately).</summary>
    public async Task<string> BoardAsync()
    {
        await using var connection = await database.OpenAsync();
        var years = await YearsAsync(connection);
        var departments = await DepartmentFactsAsync(connection, question.Year);
        var inYear = await DigitizedInYearAsync(connection, question.Year, byDepartment: true);
        await QueryAsync(connection, """SELECT p."DepartmentId", COUNT(*) FROM "Objections" o JOIN "Procedures" p ON p."Id" = o."ProcedureId" WHERE o."Outcome" = 'Open' GROUP BY p."DepartmentId" """);
        var stalled = await StalledByDepartmentAsync(connection);
        await QueryAsync(connection, """SELECT "Id", "Code", "Name", "DivisionId" FROM "Departments" ORDER BY "SortOrder", "Code" """);
        await QueryAsync(connection, """SELECT "Id", "Code", "Name" FROM "Divisions" ORDER BY "SortOrder", "Code" """);
        var wins = await QueryAsync(connection, """
            SELECT p."Id", p."Code", p."Name", p."DepartmentId", d."Name", p."Status", l."Total", l."FiscalYear"
            FROM "Procedures" p
              JOIN "ProcedureVolumes" l ON l."Id" = (SELECT v."Id" FROM "ProcedureVolumes" v
                  WHERE v."ProcedureId" = p."Id" AND v."FiscalYear" <= @fy AND v."Total" IS NOT NULL ORDER BY v."FiscalYear" DESC LIMIT 1)
              JOIN "Departments" d ON d."Id" = p."DepartmentId"
            WHERE p."Status" NOT IN ('Digitized', 'Exempt')
            ORDER BY l."Total" DESC, p."Code" LIMIT @count
            """, ("fy", FiscalYear.Of(question.UtcNow).Year), ("count", BenchQuestion.WinCount));
        if (wins.Count > 0)
        {
            var ids = string.Join(", ", wins.Select(w => Convert.ToInt64(w[0], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)));
            await QueryAsync(connection, $"""SELECT DISTINCT "ProcedureId", "Category" FROM "Objections" WHERE "Outcome" = 'Open' AND "ProcedureId" IN ({ids})""");
        }
        await QueryAsync(connection, """SELECT "Category", COUNT(*) FROM "Objections" WHERE "Outcome" = 'Open' GROUP BY "Category" """);
        return BoardAnswer(Sum(departments, 1 + (int)ProcedureStatus.Digitized), Sum(departments, 0) - Sum(departments, 1 + (int)ProcedureStatus.Exempt),
            inYear.Sum(r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture)), stalled, years.Count);
    }

    public static string BoardAnswer(long digitized, long nonExempt, long digitizedInYear, long stalled, int years) =>
        Text($"{digitized}/{nonExempt} digitized, {digitizedInYear} in the year, {stalled} stalled, {years} years");

    /// <summary>The board's profile panel as <c>ProfileBoardQuery.LoadAsync</c> shows it: per department the telework answers and
    /// the digital-divide support of digitized procedures, the telework reasons, seals, attachments, life events, and the two
    /// lists of barriers — 対面要件 and open objections by source — (counts and the first ten of each, most open objections
    /// first) and the objections without a source, over non-exempt procedures.</summary>
    public async Task<string> ProfileBoardAsync()
    {
        await using var connection = await database.OpenAsync();
        var units = await QueryAsync(connection, """
            SELECT "DepartmentId", "Telework", CASE WHEN "Status" = 'Digitized' THEN 1 ELSE 0 END, "CounterTablet", "SmartphoneClass", "Translation", COUNT(*)
            FROM "Procedures" WHERE "Status" <> 'Exempt'
            GROUP BY "DepartmentId", "Telework", CASE WHEN "Status" = 'Digitized' THEN 1 ELSE 0 END, "CounterTablet", "SmartphoneClass", "Translation"
            """);
        await QueryAsync(connection, """SELECT "Id", "Name", "DivisionId" FROM "Departments" ORDER BY "SortOrder", "Code" """);
        await QueryAsync(connection, """SELECT "Id", "Name" FROM "Divisions" ORDER BY "SortOrder", "Code" """);
        await QueryAsync(connection, """
            SELECT "TeleworkBarriers", COUNT(*) FROM "Procedures"
            WHERE "Status" <> 'Exempt' AND "Telework" IN ('Partly', 'NotPossible') GROUP BY "TeleworkBarriers"
            """);
        var seals = await QueryAsync(connection, """
            SELECT "Seal", COUNT(*) FROM "Procedures" WHERE "Status" <> 'Exempt' AND "Seal" IN ('Required', 'Abolished') GROUP BY "Seal"
            """);
        var attachments = (await QueryAsync(connection, """
            SELECT COALESCE(SUM("AttachmentCount"), 0), COALESCE(SUM(COALESCE("AbolishedAttachmentCount", 0)), 0)
            FROM "Procedures" WHERE "Status" <> 'Exempt' AND "AttachmentCount" IS NOT NULL
            """))[0];
        await QueryAsync(connection, """
            SELECT "LifeEvents", CASE WHEN "Status" = 'Digitized' THEN 1 ELSE 0 END, COUNT(*) FROM "Procedures"
            WHERE "Status" <> 'Exempt' AND "LifeEvents" <> 0 GROUP BY "LifeEvents", CASE WHEN "Status" = 'Digitized' THEN 1 ELSE 0 END
            """);
        long barriers = 0;
        foreach (var sources in new[] { "'Ordinance', 'Regulation', 'Practice'", "'Law'" })
        {
            var where = $"""FROM "Procedures" p WHERE p."Status" NOT IN ('Digitized', 'Exempt') AND p."InPerson" IN ({sources})""";
            barriers += Convert.ToInt64(await ScalarAsync(connection, "SELECT COUNT(*) " + where), CultureInfo.InvariantCulture);
            await QueryAsync(connection, $"""
                SELECT p."Id", p."Code", p."Name", d."Name", p."InPerson", o."Open"
                FROM (SELECT p."Id", (SELECT COUNT(*) FROM "Objections" x WHERE x."ProcedureId" = p."Id" AND x."Outcome" = 'Open') AS "Open" {where}) o
                  JOIN "Procedures" p ON p."Id" = o."Id" JOIN "Departments" d ON d."Id" = p."DepartmentId"
                ORDER BY o."Open" DESC, p."Code" LIMIT 10
                """);
            var objections = $"""
                FROM "Objections" b JOIN "Procedures" p ON p."Id" = b."ProcedureId" JOIN "Departments" d ON d."Id" = p."DepartmentId"
                WHERE b."Outcome" = 'Open' AND p."Status" NOT IN ('Digitized', 'Exempt') AND b."Source" IN ({sources})
                """;
            barriers += Convert.ToInt64(await ScalarAsync(connection, "SELECT COUNT(*) " + objections), CultureInfo.InvariantCulture);
            await QueryAsync(connection, $"""
                SELECT p."Id", p."Code", p."Name", d."Name", b."Source", b."Category",
                  (SELECT COUNT(*) FROM "Objections" x WHERE x."ProcedureId" = p."Id" AND x."Outcome" = 'Open') AS "Open"
                {objections}
                ORDER BY "Open" DESC, p."Code" LIMIT 10
                """);
        }
        await ScalarAsync(connection, """
            SELECT COUNT(*) FROM "Objections" b JOIN "Procedures" p ON p."Id" = b."ProcedureId"
            WHERE b."Outcome" = 'Open' AND p."Status" NOT IN ('Digitized', 'Exempt') AND b."Source" IS NULL
            """);
        long Units(Func<object?[], bool> which) => units.Where(which).Sum(u => Convert.ToInt64(u[6], CultureInfo.InvariantCulture));
        static bool Flag(object? value) => Convert.ToBoolean(value, CultureInfo.InvariantCulture);
        var digitized = (Func<object?[], bool>)(u => Convert.ToInt64(u[2], CultureInfo.InvariantCulture) == 1);
        return ProfileBoardAnswer(Units(u => u[1] is "Possible"), Units(u => u[1] is not null and not DBNull), Units(u => digitized(u) && Flag(u[3])), Units(digitized),
            seals.Where(s => s[0] is "Abolished").Sum(s => Convert.ToInt64(s[1], CultureInfo.InvariantCulture)), Sum(seals, 1),
            Convert.ToInt64(attachments[1], CultureInfo.InvariantCulture),
            Convert.ToInt64(attachments[0], CultureInfo.InvariantCulture) + Convert.ToInt64(attachments[1], CultureInfo.InvariantCulture), barriers);
    }

    public static string ProfileBoardAnswer(long telework, long answered, long tablets, long digitized, long sealsAbolished, long seals,
        long attachmentsAbolished, long attachments, long barriers) =>
        Text($"telework {telework}/{answered}, tablets {tablets}/{digitized}, seals {sealsAbolished}/{seals}, attachments {attachmentsAbolished}/{attachments}, {barriers} barriers (in-person and objections)");

    /// <summary>The office's three metrics and moves into Digitized for every fiscal year with data.</summary>
    public async Task<string> TrendAsync()
    {
        await using var connection = await database.OpenAsync();
        var years = await YearsAsync(connection);
        long first = 0, last = 0;
        foreach (var year in years)
        {
            var facts = await DepartmentFactsAsync(connection, year, byDepartment: false);
            await DigitizedInYearAsync(connection, year, byDepartment: false);
            var digitized = Sum(facts, 1 + (int)ProcedureStatus.Digitized);
            if (year == years[0])
                first = digitized;
            last = digitized;
        }
        return TrendAnswer(years.Count, first, last);
    }

    public static string TrendAnswer(int years, long firstDigitized, long lastDigitized) =>
        Text($"{years} years, digitized {firstDigitized} → {lastDigitized}");

    /// <summary>The daily stall scan as <c>StallScanner.ScanAsync</c> asks it: stalled procedures (NotConsidered only after the
    /// department's first hearing), overdue follow-ups, their recipients, and which reminders are not written yet.</summary>
    public async Task<string> StalledScanAsync()
    {
        await using var connection = await database.OpenAsync();
        var now = question.UtcNow;
        var days = await ThresholdsAsync(connection);
        DateTime Cutoff(ProcedureStatus s) => now.AddDays(-days[s]);
        var stalled = await QueryAsync(connection, """
            SELECT p."Id", p."DepartmentId", p."Code", p."Name", p."StatusChangedAtUtc", p."Status",
                   (SELECT MIN(h."HeldOn") FROM "HearingSessions" h WHERE h."DepartmentId" = p."DepartmentId")
            FROM "Procedures" p
            WHERE (p."Status" = 'UnderReview' AND p."StatusChangedAtUtc" <= @review)
               OR (p."Status" = 'ObjectionRaised' AND p."StatusChangedAtUtc" <= @objection)
               OR (p."Status" = 'InProgress' AND p."StatusChangedAtUtc" <= @progress)
               OR (p."Status" = 'NotConsidered' AND p."StatusChangedAtUtc" <= @notConsidered
                   AND EXISTS (SELECT 1 FROM "HearingSessions" h WHERE h."DepartmentId" = p."DepartmentId" AND h."HeldOn" <= @lastHearingDay))
            """,
            ("review", Cutoff(ProcedureStatus.UnderReview)), ("objection", Cutoff(ProcedureStatus.ObjectionRaised)),
            ("progress", Cutoff(ProcedureStatus.InProgress)), ("notConsidered", Cutoff(ProcedureStatus.NotConsidered)),
            ("lastHearingDay", JapanDate(Cutoff(ProcedureStatus.NotConsidered))));
        var overdue = await QueryAsync(connection, """
            SELECT f."Id", f."DueOn", h."DepartmentId", f."Description"
            FROM "FollowUpActions" f JOIN "HearingSessions" h ON h."Id" = f."HearingSessionId"
            WHERE f."DoneAtUtc" IS NULL AND f."DueOn" < @today
            """, ("today", JapanDate(now)));
        var recipients = await QueryAsync(connection, """
            SELECT u."Id", u."DepartmentId", r."Name"
            FROM "AspNetUsers" u JOIN "AspNetUserRoles" ur ON ur."UserId" = u."Id" JOIN "AspNetRoles" r ON r."Id" = ur."RoleId"
            WHERE r."Name" IN ('DxTeam', 'DepartmentHead')
            """);
        var existing = new HashSet<(string, long, DateTime, string)>();
        await using (var command = Command(connection, """SELECT "Kind", "ItemId", "StallStartUtc", "UserId" FROM "Reminders" """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                existing.Add((reader.GetString(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc), reader.GetString(3)));
        }

        var dxTeam = recipients.Where(r => (string)r[2]! == nameof(Role.DxTeam)).Select(r => (string)r[0]!).ToList();
        var heads = recipients.Where(r => (string)r[2]! == nameof(Role.DepartmentHead) && r[1] is not DBNull)
            .ToLookup(r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture), r => (string)r[0]!);
        var wanted = stalled.Select(r => (Kind: nameof(ReminderKind.StalledProcedure), Item: Convert.ToInt64(r[0], CultureInfo.InvariantCulture),
                Start: StallStart(r), Department: Convert.ToInt64(r[1], CultureInfo.InvariantCulture)))
            .Concat(overdue.Select(r => (Kind: nameof(ReminderKind.OverdueFollowUp), Item: Convert.ToInt64(r[0], CultureInfo.InvariantCulture),
                Start: JapanMidnightUtc(ToDate(r[1])), Department: Convert.ToInt64(r[2], CultureInfo.InvariantCulture))));
        var missing = wanted.Sum(w => heads[w.Department].Concat(dxTeam).Distinct().Count(user => !existing.Contains((w.Kind, w.Item, w.Start, user))));
        return ScanAnswer(stalled.Count, overdue.Count, missing);
    }

    public static string ScanAnswer(int stalled, int overdue, int missingReminders) =>
        Text($"{stalled} stalled, {overdue} overdue, {missingReminders} reminders to write");

    /// <summary>The annual report's six sheets (summary, by department, procedures with their status as of March 31 and now,
    /// the year's hearings, the objections open during the year, the year's status changes) read with SQL and written with
    /// the streaming <see cref="StreamingWorkbook"/>. Returns the size of the file.</summary>
    public async Task<string> AnnualReportAsync()
    {
        var year = question.Year;
        await using var connection = await database.OpenAsync();
        using var stream = new MemoryStream();
        using (var workbook = new StreamingWorkbook(stream))
        {
            var summary = new List<object?[]>();
            var now = (await DepartmentFactsAsync(connection, year, byDepartment: false)).Single();
            var before = (await DepartmentFactsAsync(connection, year.Previous, byDepartment: false)).Single();
            for (var c = 0; c < now.Length; c++)
                summary.Add([Text($"facts {c}"), now[c], before[c]]);
            foreach (var y in new[] { year, year.Previous })
            {
                summary.Add(["digitized in year", (await DigitizedInYearAsync(connection, y, byDepartment: false)).Single()[1], null]);
                summary.Add(["hearings", await ScalarAsync(connection, """SELECT COUNT(*) FROM "HearingSessions" WHERE "HeldOn" >= @first AND "HeldOn" <= @last""",
                    ("first", y.FirstDay), ("last", y.LastDay)), null]);
                summary.Add(["objections raised", await ScalarAsync(connection, """SELECT COUNT(*) FROM "Objections" WHERE "RaisedAtUtc" >= @start AND "RaisedAtUtc" < @end""",
                    ("start", y.StartUtc), ("end", y.EndUtc)), null]);
                summary.Add(["objections countered", await ScalarAsync(connection,
                    """SELECT COUNT(*) FROM "Objections" WHERE "Outcome" = 'Countered' AND "ClosedAtUtc" >= @start AND "ClosedAtUtc" < @end""",
                    ("start", y.StartUtc), ("end", y.EndUtc)), null]);
            }
            await workbook.AddSheetAsync("集計", [("項目", CellKind.Text), ("当年度", CellKind.Number), ("前年度", CellKind.Number)], summary);

            var statusColumns = string.Join(", ", StatusNames.Select(s => $"SUM(CASE WHEN f.status = '{s}' THEN 1 ELSE 0 END)"));
            await using (var command = Command(connection, $"""
                {FactsCte}
                SELECT v."Name", d."Code", d."Name", COUNT(f.procedure_id), {statusColumns},
                       (SELECT COUNT(DISTINCT s."ProcedureId") FROM "StatusChanges" s JOIN "Procedures" x ON x."Id" = s."ProcedureId"
                        WHERE x."DepartmentId" = d."Id" AND s."ToStatus" = 'Digitized' AND s."AtUtc" >= @start AND s."AtUtc" < @end),
                       SUM(CASE WHEN f.status <> 'Exempt' AND f.total IS NULL THEN 1 ELSE 0 END),
                       SUM(CASE WHEN f.status <> 'Exempt' AND f.total IS NOT NULL THEN f.total ELSE 0 END),
                       SUM(CASE WHEN f.status = 'Digitized' AND f.total IS NOT NULL THEN f.total ELSE 0 END)
                FROM "Departments" d JOIN "Divisions" v ON v."Id" = d."DivisionId" LEFT JOIN facts f ON f.department = d."Id"
                GROUP BY v."SortOrder", v."Name", d."SortOrder", d."Code", d."Name", d."Id"
                ORDER BY v."SortOrder", d."SortOrder", d."Code"
                """, ("end", year.EndUtc), ("fy", year.Year), ("start", year.StartUtc)))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                await workbook.AddSheetAsync("課別",
                    [("部", CellKind.Text), ("課コード", CellKind.Text), ("課", CellKind.Text), ("手続数", CellKind.Number),
                     .. StatusNames.Select(s => (s, CellKind.Number)), ("年度内電子化", CellKind.Number), ("件数不明", CellKind.Number),
                     ("件数", CellKind.Number), ("電子化済の件数", CellKind.Number)], reader);
            }

            await using (var command = Command(connection, $"""
                {FactsCte}
                SELECT p."Code", p."Name", v."Name", d."Code", d."Name", p."NationalProcedureId", p."LawName", p."LawArticle",
                       p."AdministrativeCategory", p."IdentityCheck", p."HasFee", p."Attachments", p."TargetFiscalYear", p."OnlineFormUrl",
                       p."CounterTablet", p."SmartphoneClass", p."Translation", p."Notes", p."ExemptReason", f.status, p."Status",
                       p."StatusChangedAtUtc", f.total, f.online, p."CreatedAtUtc", p."UpdatedAtUtc", p."UpdatedByName"
                FROM "Procedures" p JOIN "Departments" d ON d."Id" = p."DepartmentId" JOIN "Divisions" v ON v."Id" = d."DivisionId"
                  LEFT JOIN facts f ON f.procedure_id = p."Id"
                ORDER BY v."SortOrder", d."SortOrder", d."Code", p."Code"
                """, ("end", year.EndUtc), ("fy", year.Year)))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                (string, CellKind)[] columns =
                [
                    ("手続ID", CellKind.Text), ("手続名", CellKind.Text), ("部", CellKind.Text), ("課コード", CellKind.Text), ("課", CellKind.Text),
                    ("国の手続ID", CellKind.Text), ("法令名", CellKind.Text), ("根拠条項号", CellKind.Text), ("事務区分", CellKind.Text),
                    ("本人確認", CellKind.Text), ("手数料", CellKind.Text), ("添付書類", CellKind.Text), ("実施時期", CellKind.Number),
                    ("電子申請URL", CellKind.Text), ("窓口タブレット", CellKind.Text), ("スマホ教室", CellKind.Text), ("翻訳", CellKind.Text),
                    ("備考", CellKind.Text), ("対象外の理由", CellKind.Text), ("年度末の状態", CellKind.Text), ("現在の状態", CellKind.Text),
                    ("状態変更日時", CellKind.DateTime), ("件数", CellKind.Number), ("オンライン件数", CellKind.Number),
                    ("登録日時", CellKind.DateTime), ("更新日時", CellKind.DateTime), ("更新者", CellKind.Text),
                ];
                await workbook.AddSheetAsync("手続", columns, reader, (c, value) => c switch
                {
                    10 or 14 or 15 or 16 => value is null ? null : Convert.ToBoolean(value, CultureInfo.InvariantCulture) ? "有" : "無",
                    19 or 20 => value is string s ? DomainText.Status(Enum.Parse<ProcedureStatus>(s)) : null,
                    _ => value,
                });
            }

            await using (var command = Command(connection, """
                SELECT h."HeldOn", d."Code", d."Name", h."DepartmentAttendees", h."DxTeamMembers", h."Summary",
                       (SELECT COUNT(*) FROM "HearingItems" i WHERE i."HearingSessionId" = h."Id"),
                       (SELECT COUNT(*) FROM "FollowUpActions" f WHERE f."HearingSessionId" = h."Id"),
                       (SELECT COUNT(*) FROM "FollowUpActions" f WHERE f."HearingSessionId" = h."Id" AND f."DoneAtUtc" IS NULL),
                       h."RecordedByName"
                FROM "HearingSessions" h JOIN "Departments" d ON d."Id" = h."DepartmentId"
                WHERE h."HeldOn" >= @first AND h."HeldOn" <= @last ORDER BY h."HeldOn", h."Id"
                """, ("first", year.FirstDay), ("last", year.LastDay)))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                await workbook.AddSheetAsync("ヒアリング",
                    [("開催日", CellKind.Date), ("課コード", CellKind.Text), ("課", CellKind.Text), ("出席者", CellKind.Text), ("DX推進担当", CellKind.Text),
                     ("概要", CellKind.Text), ("手続数", CellKind.Number), ("フォローアップ", CellKind.Number), ("未完了", CellKind.Number), ("記録者", CellKind.Text)], reader);
            }

            await using (var command = Command(connection, """
                SELECT p."Code", p."Name", d."Name", o."Category", o."Description", o."RaisedByName", o."RaisedAtUtc", o."Rebuttal", o."Outcome", o."ClosedAtUtc"
                FROM "Objections" o JOIN "Procedures" p ON p."Id" = o."ProcedureId" JOIN "Departments" d ON d."Id" = p."DepartmentId"
                WHERE o."RaisedAtUtc" < @end AND (o."ClosedAtUtc" IS NULL OR o."ClosedAtUtc" >= @start)
                ORDER BY o."RaisedAtUtc", o."Id"
                """, ("start", year.StartUtc), ("end", year.EndUtc)))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                await workbook.AddSheetAsync("課題",
                    [("手続ID", CellKind.Text), ("手続名", CellKind.Text), ("課", CellKind.Text), ("区分", CellKind.Text), ("内容", CellKind.Text),
                     ("提示者", CellKind.Text), ("提示日時", CellKind.DateTime), ("対応策", CellKind.Text), ("結果", CellKind.Text), ("終了日時", CellKind.DateTime)],
                    reader, (c, value) => (c, value) switch
                    {
                        (3, string s) => DomainText.Category(Enum.Parse<ObjectionCategory>(s)),
                        (8, string s) => DomainText.Outcome(Enum.Parse<ObjectionOutcome>(s)),
                        _ => value,
                    });
            }

            await using (var command = Command(connection, """
                SELECT c."AtUtc", p."Code", p."Name", d."Name", c."FromStatus", c."ToStatus", c."ByName", c."Comment"
                FROM "StatusChanges" c JOIN "Procedures" p ON p."Id" = c."ProcedureId" JOIN "Departments" d ON d."Id" = p."DepartmentId"
                WHERE c."AtUtc" >= @start AND c."AtUtc" < @end ORDER BY c."AtUtc", c."Id"
                """, ("start", year.StartUtc), ("end", year.EndUtc)))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                await workbook.AddSheetAsync("状態変更",
                    [("日時", CellKind.DateTime), ("手続ID", CellKind.Text), ("手続名", CellKind.Text), ("課", CellKind.Text), ("変更前", CellKind.Text),
                     ("変更後", CellKind.Text), ("変更者", CellKind.Text), ("コメント", CellKind.Text)],
                    reader, (c, value) => c is 4 or 5 && value is string s ? DomainText.Status(Enum.Parse<ProcedureStatus>(s)) : value);
            }
        }
        return ReportAnswer(stream.Length);
    }

    public static string ReportAnswer(long bytes) => Text($"{bytes / 1024:N0} KiB");

    /// <summary>NotConsidered stalls from the later of the move and the department's first hearing (00:00 Japan time).</summary>
    private static DateTime StallStart(object?[] row)
    {
        var changed = ToUtc(row[4]);
        if ((string)row[5]! == nameof(ProcedureStatus.NotConsidered) && row[6] is not DBNull and not null)
        {
            var first = JapanMidnightUtc(ToDate(row[6]));
            if (first > changed)
                return first;
        }
        return changed;
    }

    // ---- shared parts ---------------------------------------------------------------------------------------------------

    private async Task<List<FiscalYear>> YearsAsync(DbConnection connection)
    {
        var current = FiscalYear.Of(question.UtcNow).Year;
        var firstChange = await ScalarAsync(connection, """SELECT MIN("AtUtc") FROM "StatusChanges" """);
        var firstVolume = await ScalarAsync(connection, """SELECT MIN("FiscalYear") FROM "ProcedureVolumes" WHERE "Total" IS NOT NULL""");
        var candidates = new List<int>();
        if (firstChange is not null and not DBNull)
            candidates.Add(FiscalYear.Of(ToUtc(firstChange)).Year);
        if (firstVolume is not null and not DBNull)
            candidates.Add(Convert.ToInt32(firstVolume, CultureInfo.InvariantCulture));
        var first = Math.Clamp(candidates.Count > 0 ? candidates.Min() : current, current - BoardQuery.MaxTrendYears + 1, current);
        return Enumerable.Range(first, current - first + 1).Select(y => new FiscalYear(y)).ToList();
    }

    /// <summary>Per department (or for the office): count, the count in each status as of the year's end, unknown volumes,
    /// and the volume sums of the three metrics. Columns: [department,] count, six statuses, unknown, volume all, volume
    /// digitized, online, online base.</summary>
    private static async Task<List<object?[]>> DepartmentFactsAsync(DbConnection connection, FiscalYear year, bool byDepartment = true)
    {
        var statusColumns = string.Join(",\n", StatusNames.Select(s => $"SUM(CASE WHEN status = '{s}' THEN 1 ELSE 0 END)"));
        var rows = await QueryAsync(connection, $"""
            {FactsCte}
            SELECT {(byDepartment ? "department" : "0")}, COUNT(*),
                {statusColumns},
                SUM(CASE WHEN status <> 'Exempt' AND total IS NULL THEN 1 ELSE 0 END),
                SUM(CASE WHEN status <> 'Exempt' AND total IS NOT NULL THEN total ELSE 0 END),
                SUM(CASE WHEN status = 'Digitized' AND total IS NOT NULL THEN total ELSE 0 END),
                SUM(CASE WHEN status = 'Digitized' AND online IS NOT NULL THEN online ELSE 0 END),
                SUM(CASE WHEN status = 'Digitized' AND online IS NOT NULL THEN total ELSE 0 END)
            FROM facts {(byDepartment ? "GROUP BY department" : "")}
            """, ("end", year.EndUtc), ("fy", year.Year));
        return rows.Select(r => r[1..]).ToList();
    }

    private static Task<List<object?[]>> DigitizedInYearAsync(DbConnection connection, FiscalYear year, bool byDepartment) =>
        QueryAsync(connection, $"""
            SELECT {(byDepartment ? "p.\"DepartmentId\"" : "0")}, COUNT(DISTINCT s."ProcedureId")
            FROM "StatusChanges" s JOIN "Procedures" p ON p."Id" = s."ProcedureId"
            WHERE s."ToStatus" = 'Digitized' AND s."AtUtc" >= @start AND s."AtUtc" < @end
            {(byDepartment ? "GROUP BY p.\"DepartmentId\"" : "")}
            """, ("start", year.StartUtc), ("end", year.EndUtc));

    private async Task<long> StalledByDepartmentAsync(DbConnection connection)
    {
        var now = question.UtcNow;
        var days = await ThresholdsAsync(connection);
        DateTime Cutoff(ProcedureStatus s) => now.AddDays(-days[s]);
        var rows = await QueryAsync(connection, """
            SELECT p."DepartmentId", COUNT(*) FROM "Procedures" p
            WHERE (p."Status" = 'UnderReview' AND p."StatusChangedAtUtc" < @review)
               OR (p."Status" = 'ObjectionRaised' AND p."StatusChangedAtUtc" < @objection)
               OR (p."Status" = 'InProgress' AND p."StatusChangedAtUtc" < @progress)
               OR (p."Status" = 'NotConsidered' AND p."StatusChangedAtUtc" < @notConsidered
                   AND EXISTS (SELECT 1 FROM "HearingSessions" h WHERE h."DepartmentId" = p."DepartmentId" AND h."HeldOn" < @firstHearingBy))
            GROUP BY p."DepartmentId"
            """,
            ("review", Cutoff(ProcedureStatus.UnderReview)), ("objection", Cutoff(ProcedureStatus.ObjectionRaised)),
            ("progress", Cutoff(ProcedureStatus.InProgress)), ("notConsidered", Cutoff(ProcedureStatus.NotConsidered)),
            ("firstHearingBy", JapanDate(Cutoff(ProcedureStatus.NotConsidered))));
        return rows.Sum(r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture));
    }

    private static async Task<Dictionary<ProcedureStatus, int>> ThresholdsAsync(DbConnection connection)
    {
        var days = StallThreshold.Defaults.ToDictionary();
        foreach (var row in await QueryAsync(connection, """SELECT "Status", "Days" FROM "StallThresholds" """))
            days[Enum.Parse<ProcedureStatus>((string)row[0]!)] = Convert.ToInt32(row[1], CultureInfo.InvariantCulture);
        return days;
    }

    /// <summary>"facts": one row per procedure that existed at @end — procedure_id, department, status as of @end (the last move before it;
    /// before any move, the first move's origin; with no history, today's), and the volume of fiscal year @fy (else the latest
    /// known before it).</summary>
    internal const string FactsCte = """
            WITH facts AS (
                SELECT p."Id" AS procedure_id, p."DepartmentId" AS department,
                       COALESCE((SELECT s."ToStatus" FROM "StatusChanges" s WHERE s."ProcedureId" = p."Id" AND s."AtUtc" < @end ORDER BY s."AtUtc" DESC, s."Id" DESC LIMIT 1),
                                (SELECT s."FromStatus" FROM "StatusChanges" s WHERE s."ProcedureId" = p."Id" ORDER BY s."AtUtc", s."Id" LIMIT 1),
                                p."Status") AS status,
                       v."Total" AS total, v."Online" AS online
                FROM "Procedures" p
                  LEFT JOIN "ProcedureVolumes" v ON v."Id" = (SELECT x."Id" FROM "ProcedureVolumes" x
                      WHERE x."ProcedureId" = p."Id" AND x."FiscalYear" <= @fy AND x."Total" IS NOT NULL ORDER BY x."FiscalYear" DESC LIMIT 1)
                WHERE p."CreatedAtUtc" < @end)
            """;

    private static long Sum(List<object?[]> rows, int column) => rows.Sum(r => Convert.ToInt64(r[column], CultureInfo.InvariantCulture));

    internal static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    internal static async Task<object?> ScalarAsync(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync();
    }

    internal static async Task<List<object?[]>> QueryAsync(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        return await ReadAsync(reader);
    }

    private static async Task<List<object?[]>> ReadAsync(DbDataReader reader)
    {
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>SQLite hands dates back as text, PostgreSQL as DateTime.</summary>
    internal static DateTime ToUtc(object? value) => value switch
    {
        DateTime d => DateTime.SpecifyKind(d, DateTimeKind.Utc),
        string s => DateTime.SpecifyKind(DateTime.Parse(s, CultureInfo.InvariantCulture), DateTimeKind.Utc),
        _ => throw new InvalidCastException($"Not a date: {value}"),
    };

    internal static DateOnly ToDate(object? value) => value switch
    {
        DateOnly d => d,
        DateTime d => DateOnly.FromDateTime(d),
        string s => DateOnly.Parse(s, CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"Not a date: {value}"),
    };

    private static DateOnly JapanDate(DateTime utc) => DateOnly.FromDateTime(FiscalYear.ToJapan(utc));

    private static DateTime JapanMidnightUtc(DateOnly day) => DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc) - FiscalYear.JapanOffset;

    private static string Text(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
