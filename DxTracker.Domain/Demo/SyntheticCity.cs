using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using DxTracker.Domain.Data;
using DxTracker.Domain.National;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reminders;
using DxTracker.Domain.Reporting;
using Microsoft.EntityFrameworkCore;
using static DxTracker.Domain.Procedures.ProcedureStatus;

namespace DxTracker.Domain.Demo;

/// <summary>How big a synthetic city is. Scale 1: 200 departments, 10,000 procedures, ~100,000 status changes, 3,000
/// hearings, 10 fiscal years of volumes; scale N multiplies every count but the years.</summary>
public sealed record SyntheticCityShape(int Divisions, int Departments, int Procedures, int Hearings, int FiscalYears)
{
    public const int ChangesPerProcedure = 10;

    public static SyntheticCityShape ForScale(double scale)
    {
        if (!(scale > 0) || scale > 100)
            throw new ArgumentOutOfRangeException(nameof(scale), "The scale must be above 0 and at most 100.");
        var departments = Math.Max(1, (int)Math.Round(200 * scale));
        return new SyntheticCityShape(
            Math.Max(1, (int)Math.Round(departments / 8.0)),
            departments,
            Math.Max(1, (int)Math.Round(10_000 * scale)),
            Math.Max(1, (int)Math.Round(3_000 * scale)),
            10);
    }
}

/// <summary>What <see cref="SyntheticCity.GenerateAsync"/> wrote, and how long it took.</summary>
public sealed record SyntheticCityResult(
    int Divisions, int Departments, int Users, int Procedures, int StatusChanges, int Objections, int Volumes,
    int Hearings, int HearingItems, int FollowUps, TimeSpan Elapsed)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Departments:N0} departments, {Procedures:N0} procedures, {StatusChanges:N0} status changes, {Objections:N0} objections, " +
        $"{Hearings:N0} hearings, {Volumes:N0} volumes");
}

/// <summary>
/// A large synthetic city for benchmarks and big demos, written with raw ADO.NET (multi-row prepared INSERTs in one
/// transaction) instead of EF change tracking: seconds, not minutes, at scale 1. Deterministic: the same seed, scale and
/// <c>utcNow</c> give the same rows. Histories are valid workflow walks (each move allowed by <see cref="Workflow"/>, From of
/// each change = To of the previous, the last To = the current status, StatusChangedAtUtc = the last move); an objection is
/// raised on every move into ObjectionRaised and closed on the way out (Accepted into Exempt, Countered otherwise); a
/// Digitized procedure has its form URL, an Exempt one its reason. Adds to what the database holds (ids continue after the
/// highest existing ones); codes carry the seed, so the same seed cannot be loaded twice.
/// </summary>
public static class SyntheticCity
{
    private static readonly ObjectionCategory[] Categories = Enum.GetValues<ObjectionCategory>();

    /// <summary>Final statuses of procedures with a history, and their weights (NotConsidered = no history).</summary>
    private static readonly (ProcedureStatus Status, double Weight)[] Finals =
        [(UnderReview, 0.16), (ObjectionRaised, 0.14), (InProgress, 0.16), (Digitized, 0.46), (Exempt, 0.08)];

    public static string CodePrefix(int seed) => Text.Invariant($"S{seed}-");

    /// <summary>The first of the city's three DX team members (no password; for running services as the DX team).</summary>
    public static string DxTeamUserId(int seed) => CodePrefix(seed) + "dx1";

    public static async Task<SyntheticCityResult> GenerateAsync(DxDbContext db, double scale, int seed, DateTime utcNow, CancellationToken ct = default)
    {
        var shape = SyntheticCityShape.ForScale(scale);
        var watch = Stopwatch.StartNew();
        var prefix = CodePrefix(seed);
        if (await db.Departments.AnyAsync(d => d.Code.StartsWith(prefix), ct))
            throw new InvalidOperationException($"A synthetic city with seed {seed} is already in this database (department codes {prefix}…).");
        var thresholds = await StallRule.ThresholdsAsync(db, ct);
        var catalogue = NationalCatalogue.ReadEmbedded();
        var roles = await EnsureRolesAsync(db, ct);

        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
            await connection.OpenAsync(ct);
        try
        {
            var start = new Offsets(
                await MaxIdAsync(connection, "Divisions", ct), await MaxIdAsync(connection, "Departments", ct),
                await MaxIdAsync(connection, "Procedures", ct), await MaxIdAsync(connection, "StatusChanges", ct),
                await MaxIdAsync(connection, "Objections", ct), await MaxIdAsync(connection, "ProcedureVolumes", ct),
                await MaxIdAsync(connection, "HearingSessions", ct), await MaxIdAsync(connection, "HearingItems", ct),
                await MaxIdAsync(connection, "FollowUpActions", ct));
            await using var tx = await connection.BeginTransactionAsync(ct);
            var writer = new Writer(connection, tx, shape, new Random(seed), prefix, DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), thresholds, catalogue, roles, start);
            var result = await writer.WriteAsync();
            if (db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true)
                await ResetSequencesAsync(connection, tx, ct);
            await tx.CommitAsync(ct);
            return result with { Elapsed = watch.Elapsed };
        }
        finally
        {
            if (opened)
                await connection.CloseAsync();
        }
    }

    private sealed record Offsets(long Division, long Department, long Procedure, long StatusChange, long Objection, long Volume, long Hearing, long HearingItem, long FollowUp);

    private static async Task<long> MaxIdAsync(DbConnection connection, string table, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COALESCE(MAX(\"Id\"), 0) FROM \"{table}\"";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>PostgreSQL identity columns do not move when ids are given explicitly: set them past the new rows.</summary>
    private static async Task ResetSequencesAsync(DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        foreach (var table in new[] { "Divisions", "Departments", "Procedures", "StatusChanges", "Objections", "ProcedureVolumes", "HearingSessions", "HearingItems", "FollowUpActions" })
        {
            await using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = $"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), (SELECT MAX(\"Id\") FROM \"{table}\"))";
            await command.ExecuteScalarAsync(ct);
        }
    }

    /// <summary>The Identity role ids by role, creating the roles that are missing (a fresh benchmark database has none).</summary>
    private static async Task<Dictionary<Role, string>> EnsureRolesAsync(DxDbContext db, CancellationToken ct)
    {
        var existing = await db.Roles.AsNoTracking().ToListAsync(ct);
        foreach (var role in Enum.GetValues<Role>())
        {
            if (existing.All(r => r.Name != role.ToString()))
                db.Roles.Add(new Microsoft.AspNetCore.Identity.IdentityRole(role.ToString()) { NormalizedName = role.ToString().ToUpperInvariant() });
        }
        await db.SaveChangesAsync(ct);
        return (await db.Roles.AsNoTracking().ToListAsync(ct)).ToDictionary(r => Enum.Parse<Role>(r.Name!), r => r.Id);
    }

    private sealed record Person(string Id, string Name);

    private sealed record ProcedurePlan(long Id, long DepartmentId, NationalProcedure National, List<ProcedureStatus> Walk, DateTime[] Times, DateTime? FirstDigitized);

    private sealed class Writer(
        DbConnection connection, DbTransaction tx, SyntheticCityShape shape, Random rng, string prefix, DateTime utcNow,
        IReadOnlyDictionary<ProcedureStatus, int> thresholds, IReadOnlyList<NationalProcedure> catalogue, Dictionary<Role, string> roles, Offsets start)
    {
        private readonly int _currentYear = FiscalYear.Of(utcNow).Year;
        private readonly DateOnly _today = DateOnly.FromDateTime(FiscalYear.ToJapan(utcNow));
        private DateTime FirstDayUtc => new FiscalYear(_currentYear - shape.FiscalYears + 1).StartUtc;

        public async Task<SyntheticCityResult> WriteAsync()
        {
            var departments = await OrganisationAsync();
            var (dxTeam, heads) = await UsersAsync(departments);
            var byDepartment = await ProceduresAsync(departments, dxTeam, heads);
            var (hearings, items, followUps) = await HearingsAsync(departments, byDepartment, dxTeam);
            return new SyntheticCityResult(shape.Divisions, departments.Length, dxTeam.Length + heads.Count, _procedures, _changes, _objections, _volumes,
                hearings, items, followUps, TimeSpan.Zero);
        }

        private int _procedures, _changes, _objections, _volumes;

        private BulkInsert Insert(string table, params string[] columns) => new(connection, tx, table, columns);

        private async Task<long[]> OrganisationAsync()
        {
            await using (var divisions = Insert("Divisions", "Id", "Code", "Name", "SortOrder"))
            {
                for (var i = 1; i <= shape.Divisions; i++)
                    await divisions.AddAsync(start.Division + i, Text.Invariant($"{prefix}{i:000}"), Text.Invariant($"第{i}部"), 1000 + i);
                await divisions.FlushAsync();
            }
            var ids = new long[shape.Departments];
            await using var departments = Insert("Departments", "Id", "DivisionId", "Code", "Name", "SortOrder");
            for (var i = 0; i < shape.Departments; i++)
            {
                ids[i] = start.Department + i + 1;
                var division = i * shape.Divisions / shape.Departments + 1;
                await departments.AddAsync(ids[i], start.Division + division, Text.Invariant($"{prefix}{i + 1:0000}"),
                    Text.Invariant($"第{division}部 {DemoText.Teams[i % DemoText.Teams.Length]}第{i + 1}課"), 1000 + i);
            }
            await departments.FlushAsync();
            return ids;
        }

        /// <summary>Three DX team members and one DepartmentHead per department (no password: they cannot sign in).</summary>
        private async Task<(Person[] DxTeam, Dictionary<long, Person> Heads)> UsersAsync(long[] departments)
        {
            var dxTeam = new[] { new Person($"{prefix}dx1", "山田 花子"), new Person($"{prefix}dx2", "佐藤 健"), new Person($"{prefix}dx3", "鈴木 美咲") };
            var heads = departments.Select((id, i) => (id, new Person(Text.Invariant($"{prefix}head{i + 1}"), Text.Invariant($"課長 {i + 1}"))))
                .ToDictionary(x => x.id, x => x.Item2);
            await using var users = Insert("AspNetUsers", "Id", "DisplayName", "DepartmentId", "UserName", "NormalizedUserName", "Email", "NormalizedEmail",
                "EmailConfirmed", "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount");
            await using var userRoles = Insert("AspNetUserRoles", "UserId", "RoleId");
            var everyone = dxTeam.Select(p => (Person: p, DepartmentId: (long?)null, Role: Role.DxTeam))
                .Concat(heads.Select(h => (Person: h.Value, DepartmentId: (long?)h.Key, Role: Role.DepartmentHead)))
                .ToList();
            foreach (var (p, departmentId, _) in everyone)
            {
                var email = $"{p.Id.ToLowerInvariant()}@synthetic.example.jp";
                await users.AddAsync(p.Id, p.Name, departmentId, email, email.ToUpperInvariant(), email, email.ToUpperInvariant(),
                    true, p.Id, p.Id, false, false, true, 0);
            }
            await users.FlushAsync();
            foreach (var (p, _, role) in everyone)
                await userRoles.AddAsync(p.Id, roles[role]);
            await userRoles.FlushAsync();
            return (dxTeam, heads);
        }

        private async Task<Dictionary<long, List<long>>> ProceduresAsync(long[] departments, Person[] dxTeam, Dictionary<long, Person> heads)
        {
            var byDepartment = departments.ToDictionary(d => d, _ => new List<long>());
            await using var procedures = Insert("Procedures", "Id", "DepartmentId", "Code", "Name", "NationalProcedureId", "LawName", "LawArticle",
                "AdministrativeCategory", "IdentityCheck", "HasFee", "Attachments", "TargetFiscalYear", "OnlineFormUrl", "CounterTablet",
                "SmartphoneClass", "Translation", "Notes", "ExemptReason", "Status", "StatusChangedAtUtc", "CreatedAtUtc", "UpdatedAtUtc",
                "UpdatedByName", "Version", "Telework", "TeleworkBarriers", "Seal", "InPerson", "LifeEvents");
            await using var changes = Insert("StatusChanges", "Id", "ProcedureId", "FromStatus", "ToStatus", "AtUtc", "ByUserId", "ByName", "Comment");
            await using var objections = Insert("Objections", "Id", "ProcedureId", "Category", "Description", "RaisedByUserId", "RaisedByName",
                "RaisedAtUtc", "Rebuttal", "RebuttalByName", "RebuttalAtUtc", "Outcome", "ClosedAtUtc");
            await using var volumes = Insert("ProcedureVolumes", "Id", "ProcedureId", "FiscalYear", "Total", "Online");

            // Parents before children (foreign keys are checked per statement): every procedure row first, then the histories.
            var plans = new List<ProcedurePlan>(shape.Procedures);
            for (var i = 0; i < shape.Procedures; i++)
            {
                var id = start.Procedure + i + 1;
                var departmentId = departments[(int)((long)i * departments.Length / shape.Procedures)];
                byDepartment[departmentId].Add(id);
                var n = catalogue[rng.Next(catalogue.Count)];
                var created = RandomTime(FirstDayUtc, FirstDayUtc + (utcNow - FirstDayUtc) * 0.6);
                var walk = Walk();
                var times = Times(walk, created);
                var final = walk.Count == 0 ? NotConsidered : walk[^1];
                var firstDigitized = walk.Select((s, k) => (s, k)).Where(x => x.s == Digitized).Select(x => (DateTime?)times[x.k]).FirstOrDefault();
                var statusAt = walk.Count == 0 ? created : times[^1];
                plans.Add(new ProcedurePlan(id, departmentId, n, walk, times, firstDigitized));

                var dx = dxTeam[rng.Next(dxTeam.Length)];
                await procedures.AddAsync(id, departmentId, Text.Invariant($"{prefix}{i + 1:000000}"), n.Name, n.NationalId,
                    Nullable(n.LawName), Nullable(n.LawArticle),
                    n.AdministrativeCategory is >= 1 and <= 4 ? ((AdministrativeCategory)n.AdministrativeCategory).ToString() : null,
                    n.IdentityCheck is >= 1 and <= 6 ? ((IdentityCheck)n.IdentityCheck).ToString() : null,
                    n.HasFee, Nullable(n.Attachments),
                    final is UnderReview or InProgress ? _currentYear + rng.Next(0, 2) : firstDigitized is { } fd ? FiscalYear.Of(fd).Year : null,
                    walk.Contains(Digitized) ? Text.Invariant($"https://shinsei.example-city.lg.jp/forms/{prefix}{i + 1:000000}") : null,
                    final == Digitized && rng.NextDouble() < 0.4, final == Digitized && rng.NextDouble() < 0.25, final == Digitized && rng.NextDouble() < 0.15,
                    null, final == Exempt ? DemoText.DirectExemptReasons[rng.Next(DemoText.DirectExemptReasons.Length)] : null,
                    final.ToString(), statusAt, created, statusAt, dx.Name, walk.Count + 1,
                    // The profile spread evenly (not from rng, so the rest of the city stays as it was): every answer and
                    // reason occurs; the survey's life events as a link carries them.
                    ((Telework)(i % 3 + 1)).ToString(), i % 3 == 0 ? 0 : i % 15 + 1,
                    n.IdentityCheck is 1 or 2 ? (final == Digitized ? SealRequirement.Abolished : SealRequirement.Required).ToString() : SealRequirement.NotRequired.ToString(),
                    ((InPersonRequirement)(i % 5 + 1)).ToString(), (int)Profile.FromSurvey(n.LifeEvents));
                _procedures++;
            }
            await procedures.FlushAsync();

            foreach (var plan in plans)
            {
                var (id, walk, times) = (plan.Id, plan.Walk, plan.Times);
                var head = heads[plan.DepartmentId];
                var from = NotConsidered;
                var openSince = (DateTime?)null;
                var category = ObjectionCategory.Other;
                for (var k = 0; k < walk.Count; k++)
                {
                    var to = walk[k];
                    var by = Workflow.IsDxTeamOnly(from, to) || rng.NextDouble() < 0.5 ? dxTeam[rng.Next(dxTeam.Length)] : head;
                    if (from == ObjectionRaised)
                        await CloseObjectionAsync(objections, id, category, openSince!.Value, times[k], to == Exempt ? ObjectionOutcome.Accepted : ObjectionOutcome.Countered, dxTeam);
                    if (to == ObjectionRaised)
                    {
                        category = Categories[rng.Next(Categories.Length)];
                        openSince = times[k];
                        if (k == walk.Count - 1)
                            await OpenObjectionAsync(objections, id, category, openSince.Value, by, dxTeam);
                    }
                    await changes.AddAsync(start.StatusChange + ++_changes, id, from.ToString(), to.ToString(), times[k], by.Id, by.Name,
                        DemoText.MoveComment(from, to, rng) is { Length: > 0 } comment ? comment : null);
                    from = to;
                }

                var n = plan.National;
                var volumeBase = n.TotalCount > 0 ? Math.Max(1.0, n.TotalCount.Value * DemoCity.VolumeShare) : 3 + rng.NextDouble() * 800;
                if (rng.NextDouble() < 0.08)
                    continue; // volume unknown in every year
                for (var y = _currentYear - shape.FiscalYears + 1; y <= _currentYear; y++)
                {
                    if (rng.NextDouble() < 0.03)
                        continue;
                    var total = (long)Math.Round(volumeBase * (0.9 + rng.NextDouble() * 0.2));
                    var fy = new FiscalYear(y);
                    var online = plan.FirstDigitized is { } d && d < fy.EndUtc
                        ? (long)Math.Round(total * Math.Min(0.9, 0.15 + (fy.EndUtc - d).TotalDays / 365.0 * 0.15))
                        : 0;
                    await volumes.AddAsync(start.Volume + ++_volumes, id, y, total, online);
                }
            }
            await changes.FlushAsync();
            await objections.FlushAsync();
            await volumes.FlushAsync();
            return byDepartment;
        }

        private async Task OpenObjectionAsync(BulkInsert objections, long procedureId, ObjectionCategory category, DateTime raisedAt, Person by, Person[] dxTeam)
        {
            var rebuttalAt = raisedAt + (utcNow - raisedAt) * 0.5;
            var withRebuttal = rng.NextDouble() < 0.6;
            var rebuttals = DemoText.Rebuttals[category];
            await objections.AddAsync(start.Objection + ++_objections, procedureId, category.ToString(), Pick(DemoText.Objections[category]), by.Id, by.Name, raisedAt,
                withRebuttal ? rebuttals[rng.Next(rebuttals.Length)] : null, withRebuttal ? dxTeam[rng.Next(dxTeam.Length)].Name : null,
                withRebuttal ? rebuttalAt : null, nameof(ObjectionOutcome.Open), null);
        }

        private async Task CloseObjectionAsync(BulkInsert objections, long procedureId, ObjectionCategory category, DateTime raisedAt, DateTime movedOnAt,
            ObjectionOutcome outcome, Person[] dxTeam)
        {
            var closedAt = movedOnAt.AddSeconds(-1);
            var rebuttalAt = raisedAt + (closedAt - raisedAt) * 0.5;
            var dx = dxTeam[rng.Next(dxTeam.Length)];
            await objections.AddAsync(start.Objection + ++_objections, procedureId, category.ToString(), Pick(DemoText.Objections[category]), dx.Id, dx.Name, raisedAt,
                Pick(DemoText.Rebuttals[category]), dx.Name, rebuttalAt, outcome.ToString(), closedAt);
        }

        /// <summary>A valid walk through the workflow from NotConsidered: random allowed moves, then the shortest way to a
        /// chosen final status. Empty (NotConsidered, no history) for ~5%; ~10 moves on average.</summary>
        private List<ProcedureStatus> Walk()
        {
            var walk = new List<ProcedureStatus>();
            if (rng.NextDouble() < 0.05)
                return walk;
            var x = rng.NextDouble();
            var final = Finals[^1].Status;
            foreach (var (status, weight) in Finals)
            {
                if ((x -= weight) < 0)
                {
                    final = status;
                    break;
                }
            }
            var length = rng.Next(1, 2 * SyntheticCityShape.ChangesPerProcedure + 2);
            var at = NotConsidered;
            while (walk.Count < length - 2)
            {
                var targets = Workflow.AllowedTargets(at);
                at = targets[rng.Next(targets.Count)];
                walk.Add(at);
            }
            walk.AddRange(ShortestPath(at, final));
            return walk;
        }

        /// <summary>Distinct, increasing move times after creation; an active final status moved recently for most
        /// procedures (so a realistic share, not all, is stalled).</summary>
        private DateTime[] Times(List<ProcedureStatus> walk, DateTime created)
        {
            if (walk.Count == 0)
                return [];
            var latest = utcNow.AddHours(-1);
            var final = walk[^1];
            var last = Workflow.Active.Contains(final) && rng.NextDouble() < 0.85 && thresholds.TryGetValue(final, out var days)
                ? utcNow.AddDays(-0.05 - rng.NextDouble() * Math.Max(1, days - 1))
                : RandomTime(created + (latest - created) * 0.5, latest);
            if (last <= created)
                last = created.AddMinutes(walk.Count + 1);
            var times = new DateTime[walk.Count];
            times[^1] = last;
            var span = (last - created).Ticks;
            var offsets = Enumerable.Range(0, walk.Count - 1).Select(_ => (long)(rng.NextDouble() * span)).Order().ToArray();
            for (var k = 0; k < offsets.Length; k++)
                times[k] = created.AddTicks(offsets[k]);
            for (var k = 1; k < times.Length; k++)
            {
                if (times[k] <= times[k - 1].AddSeconds(2))
                    times[k] = times[k - 1].AddSeconds(2 + k);
            }
            return times;
        }

        private async Task<(int Hearings, int Items, int FollowUps)> HearingsAsync(long[] departments, Dictionary<long, List<long>> byDepartment, Person[] dxTeam)
        {
            await using var hearings = Insert("HearingSessions", "Id", "DepartmentId", "HeldOn", "DepartmentAttendees", "DxTeamMembers", "Summary", "RecordedAtUtc", "RecordedByName");
            await using var items = Insert("HearingItems", "Id", "HearingSessionId", "ProcedureId", "OutcomeNote");
            await using var followUps = Insert("FollowUpActions", "Id", "HearingSessionId", "Description", "OwnerUserId", "DueOn", "DoneAtUtc");
            var first = DateOnly.FromDateTime(FiscalYear.ToJapan(FirstDayUtc));
            var planned = new List<(long Id, long DepartmentId, DateOnly HeldOn, Person Recorder)>(shape.Hearings);
            for (var i = 0; i < shape.Hearings; i++)
            {
                var hearing = (Id: start.Hearing + i + 1, DepartmentId: departments[rng.Next(departments.Length)],
                    HeldOn: DateOnly.FromDayNumber(rng.Next(first.DayNumber, _today.DayNumber)), Recorder: dxTeam[rng.Next(dxTeam.Length)]);
                planned.Add(hearing);
                await hearings.AddAsync(hearing.Id, hearing.DepartmentId, hearing.HeldOn, "課長、係長", string.Join("、", dxTeam.Take(2).Select(p => p.Name)),
                    DemoText.LaterHearingSummary, hearing.HeldOn.ToDateTime(new TimeOnly(8, 0), DateTimeKind.Utc), hearing.Recorder.Name);
            }
            await hearings.FlushAsync();
            foreach (var (id, departmentId, heldOn, recorder) in planned)
            {
                var own = byDepartment[departmentId];
                foreach (var procedureId in Enumerable.Range(0, Math.Min(own.Count, rng.Next(1, 5))).Select(_ => own[rng.Next(own.Count)]).Distinct())
                    await items.AddAsync(start.HearingItem + items.Count + 1, id, procedureId, Pick(DemoText.DiscussionOnlyOutcomes));
                var due = heldOn.AddDays(rng.Next(14, 46));
                var done = due < _today && rng.NextDouble() < 0.9 ? due.AddDays(-rng.Next(0, 10)).ToDateTime(new TimeOnly(6, 0), DateTimeKind.Utc) : (DateTime?)null;
                await followUps.AddAsync(start.FollowUp + followUps.Count + 1, id, Pick(DemoText.FollowUps), recorder.Id, due, done);
            }
            await items.FlushAsync();
            await followUps.FlushAsync();
            return (hearings.Count, items.Count, followUps.Count);
        }

        private DateTime RandomTime(DateTime from, DateTime to) => from.AddTicks((long)(rng.NextDouble() * Math.Max(0, (to - from).Ticks)));

        private string Pick(string[] options) => options[rng.Next(options.Length)];

        private static string? Nullable(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>The fewest allowed moves from one status to another (empty when they are the same).</summary>
    private static List<ProcedureStatus> ShortestPath(ProcedureStatus from, ProcedureStatus to)
    {
        var previous = new Dictionary<ProcedureStatus, ProcedureStatus> { [from] = from };
        var queue = new Queue<ProcedureStatus>([from]);
        while (queue.Count > 0 && !previous.ContainsKey(to))
        {
            var at = queue.Dequeue();
            foreach (var next in Workflow.AllowedTargets(at).Where(n => !previous.ContainsKey(n)))
            {
                previous[next] = at;
                queue.Enqueue(next);
            }
        }
        var path = new List<ProcedureStatus>();
        for (var at = to; at != from; at = previous[at])
            path.Insert(0, at);
        return path;
    }
}
