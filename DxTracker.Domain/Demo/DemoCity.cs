using System.Globalization;
using DxTracker.Domain.Data;
using DxTracker.Domain.Hearings;
using DxTracker.Domain.National;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reminders;
using DxTracker.Domain.Reporting;
using Microsoft.EntityFrameworkCore;
using static DxTracker.Domain.Procedures.ProcedureStatus;

namespace DxTracker.Domain.Demo;

/// <summary>The people the demo city's history is written by: the DX team, and the DepartmentHead of each department
/// (by department code; a department without a head has its moves made by the DX team).</summary>
public sealed record DemoPeople(IReadOnlyList<Actor> DxTeam, IReadOnlyDictionary<string, Actor> DepartmentHeads);

/// <summary>What <see cref="DemoCity.SeedProceduresAsync"/> created. <see cref="Skipped"/>: procedures existed, nothing was written.</summary>
public sealed record DemoCityResult(int Procedures, int StatusChanges, int Objections, int Volumes, int Hearings, int FollowUps, bool Skipped = false);

/// <summary>
/// Builds a demo ward office (~900,000 residents) from the national catalogue, deterministically: the same seed and
/// <c>utcNow</c> give the same city. Two steps, because the caller creates one DepartmentHead user per department in
/// between: <see cref="BuildOrganisationAsync"/>, then <see cref="SeedProceduresAsync"/>. Every status change goes
/// through <see cref="Procedure.MoveTo"/> with backdated times; nothing depends on the clock but <c>utcNow</c>.
/// </summary>
public static class DemoCity
{
    public const string FormUrlBase = "https://shinsei.example-ward.lg.jp/forms/";

    /// <summary>A ward of ~900,000 people sees about 0.7% of the national counts.</summary>
    public const double VolumeShare = 0.007;

    /// <summary>The programme starts in FY2019 (令和元年度).</summary>
    public const int FirstFiscalYear = 2019;

    private const int TargetProcedures = 1200;
    private const int TargetHearings = 60;

    /// <summary>Each department gets at least this many procedures (fewer only when the catalogue has fewer for it).</summary>
    private const int MinProceduresPerDepartment = 8;

    /// <summary>Follow-ups due more than this many days before now are done; later ones may still be open.</summary>
    private const int FollowUpsOpenDays = 120;

    /// <summary>Creates the 8 divisions and 40 departments (codes "D01", "D0101" …). If any division exists, creates
    /// nothing and returns the departments already there.</summary>
    public static async Task<IReadOnlyList<Department>> BuildOrganisationAsync(DxDbContext db, CancellationToken ct = default)
    {
        if (!await db.Divisions.AnyAsync(ct))
        {
            var sort = 0;
            foreach (var spec in DemoOrganisation.Divisions)
            {
                var division = new Division { Code = spec.Code, Name = spec.Name, SortOrder = ++sort };
                foreach (var d in spec.Departments)
                    division.Departments.Add(new Department { Code = d.Code, Name = d.Name, SortOrder = ++sort });
                db.Divisions.Add(division);
            }
            await db.SaveChangesAsync(ct);
        }
        return await db.Departments.OrderBy(d => d.SortOrder).ToListAsync(ct);
    }

    /// <summary>
    /// Loads the national catalogue if needed, then creates ~1,200 procedures with volumes FY2019–FY(utcNow), status
    /// histories, objections, ~60 hearings and follow-ups, all before <paramref name="utcNow"/>, in one save.
    /// Does nothing (Skipped) when procedures exist. <see cref="BuildOrganisationAsync"/> must have run first.
    /// </summary>
    public static async Task<DemoCityResult> SeedProceduresAsync(DxDbContext db, DemoPeople people, int seed, DateTime utcNow, CancellationToken ct = default)
    {
        utcNow = DateTime.SpecifyKind(utcNow, DateTimeKind.Utc);
        if (utcNow < new FiscalYear(FirstFiscalYear + 1).EndUtc)
            throw new ArgumentOutOfRangeException(nameof(utcNow), "The demo history needs at least two fiscal years after FY2019.");
        if (people.DxTeam.Count == 0 || people.DxTeam.Any(a => !a.IsDxTeam))
            throw new ArgumentException("DxTeam must hold at least one actor, all with the DxTeam role.", nameof(people));
        if (await db.Procedures.AnyAsync(ct))
            return new DemoCityResult(0, 0, 0, 0, 0, 0, Skipped: true);

        var departments = await db.Departments.ToDictionaryAsync(d => d.Code, ct);
        var missing = DemoOrganisation.Divisions.SelectMany(d => d.Departments).Where(d => !departments.ContainsKey(d.Code)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException("Run BuildOrganisationAsync first; missing departments " + string.Join(", ", missing.Select(d => d.Code)));
        foreach (var (code, head) in people.DepartmentHeads)
        {
            if (head.Role != Role.DepartmentHead || !departments.TryGetValue(code, out var dept) || head.DepartmentId != dept.Id)
                throw new ArgumentException($"The head given for {code} is not a DepartmentHead of that department.", nameof(people));
        }

        await NationalCatalogue.LoadAsync(db, ct);
        var builder = new Builder(NationalCatalogue.ReadEmbedded(), departments, people, new Random(seed), utcNow);
        var (procedures, hearings) = builder.Build();

        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            db.Procedures.AddRange(procedures);
            db.HearingSessions.AddRange(hearings);
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
        return new DemoCityResult(
            procedures.Count,
            procedures.Sum(p => p.History.Count),
            procedures.Sum(p => p.Objections.Count),
            procedures.Sum(p => p.Volumes.Count),
            hearings.Count,
            hearings.Sum(h => h.FollowUps.Count));
    }

    /// <summary>One procedure's planned life: its final status, creation time and the moves that lead there.</summary>
    private sealed class Plan(NationalProcedure national, Department department, bool byRule)
    {
        public NationalProcedure National { get; } = national;
        public Department Department { get; } = department;
        public bool ByRule { get; } = byRule;
        public string Code { get; set; } = "";
        public ProcedureStatus Final { get; set; } = NotConsidered;
        public DateTime Created { get; set; }
        public List<Step> Steps { get; } = [];
    }

    private sealed class Step(ProcedureStatus to)
    {
        public ProcedureStatus To { get; } = to;
        public DateTime At { get; set; }
        public HearingSession? Hearing { get; set; }
    }

    private sealed class HearingPlan(HearingSession session, Department department, DateTime startUtc, bool first)
    {
        public HearingSession Session { get; } = session;
        public Department Department { get; } = department;
        public DateTime StartUtc { get; } = startUtc;
        public bool First { get; } = first;
        public Actor Recorder { get; set; } = null!;
        public int NextMinute { get; set; }
        public HashSet<Procedure> Discussed { get; } = [];
    }

    private sealed class Builder(IReadOnlyList<NationalProcedure> catalogue, Dictionary<string, Department> departments, DemoPeople people, Random rng, DateTime utcNow)
    {
        private readonly DateOnly _today = DateOnly.FromDateTime(FiscalYear.ToJapan(utcNow));
        private readonly DateOnly _programmeStart = new FiscalYear(FirstFiscalYear).FirstDay;
        private readonly int _currentFiscalYear = FiscalYear.Of(utcNow).Year;
        private readonly Dictionary<Department, List<HearingPlan>> _hearings = [];

        public (List<Procedure> Procedures, List<HearingSession> Hearings) Build()
        {
            var plans = Pick();
            var late = ChooseLateDepartments(plans);
            PlanHearings(late, plans.GroupBy(p => p.Department).ToDictionary(g => g.Key, g => g.Count()));
            AssignFinalStatuses(plans, late);
            foreach (var plan in plans)
                PlanTimeline(plan, late.Contains(plan.Department));

            var procedures = new List<Procedure>(plans.Count);
            foreach (var plan in plans)
                procedures.Add(Execute(plan));

            var hearingPlans = _hearings.Values.SelectMany(h => h).OrderBy(h => h.StartUtc).ToList();
            foreach (var hearing in hearingPlans)
                CompleteHearing(hearing, procedures);
            return (procedures, hearingPlans.Select(h => h.Session).ToList());
        }

        // ---- which procedures, in which department -------------------------------------------------------------

        private List<Plan> Pick()
        {
            var candidates = new List<(double Key, Plan Plan)>();
            foreach (var n in catalogue)
            {
                if (DemoOrganisation.Assign(n) is not { } assigned)
                    continue;
                var weight = (assigned.ByRule ? 3.0 : 1.0) * (n.TotalCount > 0 ? 3.0 : 1.0);
                var key = Math.Pow(rng.NextDouble(), 1.0 / weight); // weighted sampling without replacement
                candidates.Add((key, new Plan(n, departments[assigned.Department], assigned.ByRule)));
            }
            // every department owns a few procedures (a head with an empty landing page looks broken), the rest by weight
            var ranked = candidates.OrderByDescending(c => c.Key).Select(c => c.Plan).ToList();
            var guaranteed = ranked.GroupBy(p => p.Department).SelectMany(g => g.Take(MinProceduresPerDepartment)).ToHashSet();
            var picked = guaranteed.Concat(ranked.Where(p => !guaranteed.Contains(p)).Take(TargetProcedures - guaranteed.Count))
                .OrderBy(p => p.Department.Code, StringComparer.Ordinal)
                .ThenBy(p => long.TryParse(p.National.NationalId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : long.MaxValue)
                .ThenBy(p => p.National.NationalId, StringComparer.Ordinal)
                .ToList();
            for (var i = 0; i < picked.Count; i++)
                picked[i].Code = string.Create(CultureInfo.InvariantCulture, $"P-{i + 1:000000}");
            return picked;
        }

        /// <summary>Departments the programme has not reached yet (no hearing, or a first hearing in the last weeks): their
        /// procedures are the NotConsidered ones, so NotConsidered does not mean "stalled" everywhere.</summary>
        private HashSet<Department> ChooseLateDepartments(List<Plan> plans)
        {
            var counts = plans.GroupBy(p => p.Department).Select(g => (Department: g.Key, Count: g.Count()))
                .OrderBy(g => g.Department.Code, StringComparer.Ordinal).ToList();
            Shuffle(counts);
            var late = new HashSet<Department>();
            var sum = 0;
            foreach (var (department, count) in counts)
            {
                if (sum + count > plans.Count * 0.12)
                    continue;
                late.Add(department);
                sum += count;
            }
            return late;
        }

        // ---- hearings --------------------------------------------------------------------------------------------

        private void PlanHearings(HashSet<Department> late, Dictionary<Department, int> procedureCounts)
        {
            // a hearing is about the department's procedures: departments with (almost) none get none
            var ordered = departments.Values.Where(d => procedureCounts.GetValueOrDefault(d) >= 3).OrderBy(d => d.Code, StringComparer.Ordinal).ToList();
            var lateOrdered = ordered.Where(late.Contains).ToList();
            for (var i = 0; i < lateOrdered.Count; i++)
            {
                if (i % 5 < 2)
                    continue; // not reached yet
                AddHearing(lateOrdered[i], Weekday(_today.AddDays(-rng.Next(7, 45))), first: true);
            }
            var regular = ordered.Where(d => !late.Contains(d)).ToList();
            var firstRoundEnd = Min(new DateOnly(2023, 3, 31), _today.AddDays(-400));
            foreach (var department in regular)
                AddHearing(department, Weekday(RandomDay(new DateOnly(2019, 6, 3), firstRoundEnd)), first: true);
            var total = _hearings.Values.Sum(h => h.Count);
            for (var guard = 0; total < TargetHearings && guard < 1000; guard++)
            {
                var department = WeightedPick(regular, d => Math.Sqrt(procedureCounts[d]));
                var from = _hearings[department][^1].Session.HeldOn.AddDays(120);
                var to = _today.AddDays(-3);
                if (from >= to)
                    continue;
                var day = Weekday(RandomDay(from, to));
                if (_hearings[department].Any(h => h.Session.HeldOn == day))
                    continue;
                AddHearing(department, day, first: false);
                total++;
            }
        }

        private void AddHearing(Department department, DateOnly heldOn, bool first)
        {
            var recorder = people.DxTeam[rng.Next(people.DxTeam.Count)];
            var members = people.DxTeam.Count > 1
                ? new[] { recorder, people.DxTeam.Where(a => a != recorder).ElementAt(rng.Next(people.DxTeam.Count - 1)) }
                : [recorder];
            var head = people.DepartmentHeads.GetValueOrDefault(department.Code);
            var team = DemoText.Teams[rng.Next(DemoText.Teams.Length)];
            var start = JapanTime(heldOn, 14 * 60);
            var session = new HearingSession
            {
                DepartmentId = department.Id,
                HeldOn = heldOn,
                DepartmentAttendees = $"{head?.DisplayName ?? department.Name + "長"}（課長）、{team}係長、{team}係主任",
                DxTeamMembers = string.Join("、", members.Select(m => m.DisplayName)),
                RecordedAtUtc = start.AddHours(3),
                RecordedByName = recorder.DisplayName,
            };
            if (!_hearings.TryGetValue(department, out var list))
                _hearings[department] = list = [];
            list.Add(new HearingPlan(session, department, start, first) { Recorder = recorder });
            list.Sort((a, b) => a.StartUtc.CompareTo(b.StartUtc));
        }

        private void CompleteHearing(HearingPlan hearing, List<Procedure> procedures)
        {
            var session = hearing.Session;
            if (session.Items.Count == 0)
            {
                var existing = procedures.Where(p => p.DepartmentId == hearing.Department.Id && p.CreatedAtUtc < hearing.StartUtc).ToList();
                foreach (var p in existing.OrderBy(_ => rng.Next()).Take(rng.Next(2, 5)))
                    session.Items.Add(new HearingItem { Procedure = p, OutcomeNote = DemoText.DiscussionOnlyOutcomes[rng.Next(DemoText.DiscussionOnlyOutcomes.Length)] });
            }
            var count = procedures.Count(p => p.DepartmentId == hearing.Department.Id && p.CreatedAtUtc < hearing.StartUtc);
            session.Summary = hearing.First ? DemoText.FirstHearingSummary(hearing.Department.Name, count) : DemoText.LaterHearingSummary;

            var followUps = rng.Next(1, 4);
            var used = new HashSet<int>();
            for (var i = 0; i < followUps; i++)
            {
                var text = rng.Next(DemoText.FollowUps.Length);
                if (!used.Add(text))
                    continue;
                var due = session.HeldOn.AddDays(rng.Next(14, 46));
                DateTime? done = null;
                var dueUtc = JapanTime(due, 17 * 60);
                var doneCandidate = hearing.StartUtc.AddDays(rng.Next(3, (due.DayNumber - session.HeldOn.DayNumber) + 10)).AddHours(rng.Next(0, 4));
                // an office finishes its follow-ups: those due long ago are done, only recent ones are still open or overdue
                var doneShare = dueUtc < utcNow.AddDays(-FollowUpsOpenDays) ? 1.0 : dueUtc < utcNow ? 0.4 : 0.25;
                if (rng.NextDouble() < doneShare)
                    done = doneCandidate < utcNow ? doneCandidate : JapanTime(_today.AddDays(-1), rng.Next(0, 8 * 60)); // hearings are at least 3 days old
                session.FollowUps.Add(new FollowUpAction
                {
                    Description = DemoText.FollowUps[text],
                    OwnerUserId = people.DxTeam[rng.Next(people.DxTeam.Count)].UserId,
                    DueOn = due,
                    DoneAtUtc = done,
                });
            }
        }

        // ---- statuses and timelines -----------------------------------------------------------------------------

        private void AssignFinalStatuses(List<Plan> plans, HashSet<Department> late)
        {
            var n = plans.Count;
            var remaining = plans.ToList();
            Shuffle(remaining);

            var notConsidered = (int)Math.Round(n * 0.16);
            foreach (var plan in remaining.Where(p => late.Contains(p.Department)).Concat(remaining.Where(p => !late.Contains(p.Department))).Take(notConsidered).ToList())
            {
                plan.Final = NotConsidered;
                remaining.Remove(plan);
            }
            Take(remaining, (int)Math.Round(n * 0.04), Exempt, p =>
                (p.National.OnlineStatus == 3 ? 3 : 0) + (Concerns(p).Contains(5) ? 2 : 0) + (Concerns(p).Contains(6) ? 0.5 : 0) + rng.NextDouble() * 1.5);
            Take(remaining, (int)Math.Round(n * 0.35), Digitized, p =>
                (p.National.IsOnline ? 2 : 0) + (Concerns(p).Contains(0) ? 1 : 0) + rng.NextDouble() * 2);
            Take(remaining, (int)Math.Round(n * 0.15), InProgress, _ => rng.NextDouble());
            Take(remaining, (int)Math.Round(n * 0.15), ObjectionRaised, _ => rng.NextDouble());
            foreach (var plan in remaining)
                plan.Final = UnderReview;
        }

        private static void Take(List<Plan> remaining, int count, ProcedureStatus status, Func<Plan, double> score)
        {
            var chosen = remaining.Select(p => (Plan: p, Score: score(p))).OrderByDescending(x => x.Score).Take(count).Select(x => x.Plan).ToList();
            foreach (var plan in chosen)
            {
                plan.Final = status;
                remaining.Remove(plan);
            }
        }

        private ProcedureStatus[] PathTo(ProcedureStatus final)
        {
            var x = rng.NextDouble();
            return final switch
            {
                NotConsidered => [],
                UnderReview => x < 0.70 ? [UnderReview] : x < 0.90 ? [UnderReview, ObjectionRaised, UnderReview] : x < 0.97 ? [ObjectionRaised, UnderReview] : [UnderReview, Exempt, UnderReview],
                ObjectionRaised => x < 0.55 ? [UnderReview, ObjectionRaised] : x < 0.80 ? [ObjectionRaised] : x < 0.95 ? [UnderReview, InProgress, ObjectionRaised] : [UnderReview, ObjectionRaised, UnderReview, ObjectionRaised],
                InProgress => x < 0.50 ? [UnderReview, InProgress] : x < 0.60 ? [InProgress] : x < 0.85 ? [UnderReview, ObjectionRaised, InProgress] : x < 0.95 ? [UnderReview, InProgress, Digitized, InProgress] : [ObjectionRaised, InProgress],
                Digitized => x < 0.50 ? [UnderReview, InProgress, Digitized] : x < 0.65 ? [InProgress, Digitized] : x < 0.90 ? [UnderReview, ObjectionRaised, InProgress, Digitized] : x < 0.97 ? [UnderReview, InProgress, Digitized, InProgress, Digitized] : [UnderReview, ObjectionRaised, UnderReview, InProgress, Digitized],
                _ => x < 0.70 ? [UnderReview, ObjectionRaised, Exempt] : x < 0.90 ? [UnderReview, Exempt] : [ObjectionRaised, Exempt],
            };
        }

        private void PlanTimeline(Plan plan, bool lateDepartment)
        {
            var end = _today.AddDays(-1);
            var path = PathTo(plan.Final);
            DateOnly created;
            if (plan.Final == NotConsidered && !lateDepartment && rng.NextDouble() < 0.7)
                created = _today.AddDays(-rng.Next(5, 50)); // added to the inventory recently
            else if (rng.NextDouble() < 0.75)
                created = RandomDay(new DateOnly(2019, 4, 15), new DateOnly(2019, 9, 30));
            else
                created = RandomDay(new DateOnly(2019, 10, 1), Max(new DateOnly(2019, 10, 2), end.AddDays(-90)));
            if (path.Length == 0)
            {
                plan.Created = JapanTime(created, rng.Next(0, 8 * 60));
                return;
            }

            DateOnly last;
            if (Workflow.Active.Contains(plan.Final))
            {
                var threshold = StallThreshold.Defaults[plan.Final];
                var daysAgo = rng.NextDouble() < 0.05 ? threshold + rng.Next(10, 300) : rng.Next(1, threshold - 4);
                last = _today.AddDays(-daysAgo);
            }
            else if (plan.Final == Digitized)
            {
                var years = Enumerable.Range(FirstFiscalYear + 1, _currentFiscalYear - FirstFiscalYear).ToList();
                var year = WeightedPick(years, y => Math.Min(y - FirstFiscalYear, 4));
                var fy = new FiscalYear(year);
                last = RandomDay(fy.FirstDay, Min(fy.LastDay, end));
            }
            else
            {
                last = RandomDay(Min(created.AddDays(path.Length * 30), end.AddDays(-1)), end);
            }
            var minSpan = path.Length + 2;
            if (last.DayNumber - created.DayNumber < minSpan)
                created = Max(_programmeStart, last.AddDays(-minSpan * rng.Next(10, 40)));
            if (last.DayNumber - created.DayNumber < minSpan)
                last = created.AddDays(minSpan);

            // k-1 distinct days strictly between creation and the last move
            var span = last.DayNumber - created.DayNumber;
            var days = new SortedSet<int>();
            while (days.Count < path.Length - 1)
                days.Add(rng.Next(1, span));
            days.Add(span);
            plan.Created = JapanTime(created, rng.Next(0, 60));
            foreach (var (status, offset) in path.Zip(days))
                plan.Steps.Add(new Step(status) { At = JapanTime(created.AddDays(offset), rng.Next(30, 8 * 60 + 30)) });

            LinkHearings(plan);
        }

        /// <summary>Moves some steps onto a hearing of the department held between the neighbouring steps, so the history
        /// links to the hearing the move was decided in.</summary>
        private void LinkHearings(Plan plan)
        {
            if (!_hearings.TryGetValue(plan.Department, out var hearings))
                return;
            for (var i = 0; i < plan.Steps.Count; i++)
            {
                if (rng.NextDouble() > 0.6)
                    continue;
                var previous = i == 0 ? plan.Created : plan.Steps[i - 1].At;
                var next = i == plan.Steps.Count - 1 ? utcNow.AddHours(-1) : plan.Steps[i + 1].At;
                var step = plan.Steps[i];
                var candidate = hearings
                    .Where(h => h.StartUtc.AddMinutes(h.NextMinute) > previous.AddHours(2) && h.StartUtc.AddMinutes(h.NextMinute) < next.AddHours(-2))
                    .OrderBy(h => Math.Abs((h.StartUtc - step.At).TotalDays))
                    .FirstOrDefault();
                if (candidate is null)
                    continue;
                var at = candidate.StartUtc.AddMinutes(candidate.NextMinute);
                if (i == plan.Steps.Count - 1 && IsStalled(plan.Final, at) != IsStalled(plan.Final, step.At))
                    continue;
                candidate.NextMinute++;
                step.At = at;
                step.Hearing = candidate.Session;
            }
        }

        // The profile's own random numbers, so the rest of the city stays as it was before the profile existed.
        private readonly Random _profileRng = new(19);

        /// <summary>A plausible profile: the back office of an online procedure more often works from home; a seal where the
        /// survey's 本人確認手法 asks one (abolished when the procedure went online); the survey's attachments; in-person
        /// requirements mostly from national law; no payment method without a fee.</summary>
        private ProcedureFields Profiled(ProcedureFields f, DateTime? digitizedAt)
        {
            var r = _profileRng;
            var telework = r.NextDouble() switch
            {
                var x when x < (digitizedAt is null ? 0.2 : 0.45) => Telework.Possible,
                < 0.7 => Telework.Partly,
                _ => Telework.NotPossible,
            };
            var barriers = TeleworkBarriers.None;
            if (telework != Telework.Possible)
            {
                foreach (var (barrier, share) in new[] { (TeleworkBarriers.PersonalData, 0.7), (TeleworkBarriers.CounterWork, 0.5), (TeleworkBarriers.PaperOriginals, 0.3), (TeleworkBarriers.LgwanOnly, 0.4) })
                {
                    if (r.NextDouble() < share)
                        barriers |= barrier;
                }
                if (barriers == TeleworkBarriers.None)
                    barriers = TeleworkBarriers.PersonalData;
            }
            var asksSeal = f.IdentityCheck is IdentityCheck.Seal or IdentityCheck.SealWithCertificate;
            var attachments = f.Attachments?.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Length;
            return f with
            {
                Telework = telework,
                TeleworkBarriers = barriers,
                Seal = !asksSeal ? SealRequirement.NotRequired : digitizedAt is null ? SealRequirement.Required : SealRequirement.Abolished,
                SealAbolishedOn = asksSeal && digitizedAt is { } at ? DateOnly.FromDateTime(FiscalYear.ToJapan(at)) : null,
                AttachmentCount = attachments,
                AbolishedAttachmentCount = attachments is > 0 && digitizedAt is not null ? r.Next(0, attachments.Value + 1) : attachments is null ? null : 0,
                InPerson = r.NextDouble() switch
                {
                    < 0.55 => InPersonRequirement.NotRequired,
                    < 0.75 => InPersonRequirement.Law,
                    < 0.82 => InPersonRequirement.Ordinance,
                    < 0.9 => InPersonRequirement.Regulation,
                    _ => InPersonRequirement.Practice,
                },
                FeePayment = f.HasFee switch
                {
                    false => FeePaymentMethod.None,
                    true => digitizedAt is null ? (r.NextDouble() < 0.7 ? FeePaymentMethod.CounterCash : FeePaymentMethod.Cashless) : FeePaymentMethod.OnlinePayment,
                    null => null,
                },
                StandardProcessingDays = r.NextDouble() < 0.6 ? r.Next(1, 31) : null,
            };
        }

        private bool IsStalled(ProcedureStatus status, DateTime since) =>
            StallThreshold.Defaults.TryGetValue(status, out var days) && status != NotConsidered && (utcNow - since).TotalDays > days;

        // ---- writing the history through the domain ---------------------------------------------------------------

        private Procedure Execute(Plan plan)
        {
            var n = plan.National;
            var dx = RandomDx();
            var head = people.DepartmentHeads.GetValueOrDefault(plan.Department.Code);
            var firstDigitized = plan.Steps.FirstOrDefault(s => s.To == Digitized)?.At;
            var isDigitized = plan.Final == Digitized;
            var fields = n.ToFields(plan.Code) with
            {
                TargetFiscalYear = plan.Final switch
                {
                    Digitized => FiscalYear.Of(firstDigitized!.Value).Year,
                    InProgress => _currentFiscalYear + rng.Next(0, 2),
                    UnderReview or ObjectionRaised => n.TargetFiscalYear ?? (rng.NextDouble() < 0.3 ? _currentFiscalYear + 1 : null),
                    _ => null,
                },
                CounterTablet = isDigitized && rng.NextDouble() < 0.4,
                SmartphoneClass = isDigitized && rng.NextDouble() < 0.25,
                Translation = isDigitized && rng.NextDouble() < 0.15,
            };
            fields = Profiled(fields, isDigitized ? firstDigitized : null);
            var procedure = Procedure.Create(plan.Department.Id, fields, dx, plan.Created);

            var events = new List<(DateTime At, int Seq, Action Run)>();
            var seq = 0;
            void At(DateTime at, Action run) => events.Add((at, seq++, run));

            Objection? open = null; // the open objection while executing (events run in time order)
            ObjectionCategory? planned = null; // its category while planning
            for (var i = 0; i < plan.Steps.Count; i++)
            {
                var step = plan.Steps[i];
                var from = i == 0 ? NotConsidered : plan.Steps[i - 1].To;
                var nextAt = i + 1 < plan.Steps.Count ? plan.Steps[i + 1].At : (DateTime?)null;
                var hearing = step.Hearing;
                var hearingPlan = hearing is null ? null : _hearings[plan.Department].First(h => h.Session == hearing);

                if (from == ObjectionRaised)
                {
                    var outcome = step.To == Exempt ? ObjectionOutcome.Accepted : ObjectionOutcome.Countered;
                    At(step.At.AddMinutes(-1), () => procedure.CloseObjection(open!, outcome, RandomDx(), step.At.AddMinutes(-1)));
                }

                var actor = MoverFor(from, step.To, head, hearingPlan);
                ObjectionCategory? category = null;
                var details = new MoveDetails(Comment: DemoText.MoveComment(from, step.To, rng), Hearing: hearing);
                switch (step.To)
                {
                    case ObjectionRaised:
                        var toExempt = nextAt is not null && plan.Steps[i + 1].To == Exempt;
                        category = planned = ChooseCategory(n, toExempt);
                        var texts = DemoText.Objections[category.Value];
                        details = details with { Objection = new NewObjection(category.Value, texts[rng.Next(texts.Length)], Source: DemoSource(category.Value)) };
                        break;
                    case Digitized:
                        details = details with { OnlineFormUrl = FormUrlBase + plan.Code };
                        break;
                    case Exempt:
                        var reason = from == ObjectionRaised
                            ? DemoText.AcceptedExemptReasons[planned!.Value]
                            : DemoText.DirectExemptReasons[rng.Next(DemoText.DirectExemptReasons.Length)];
                        details = details with { ExemptReason = reason, Comment = null };
                        break;
                }
                var raisedCategory = category;
                At(step.At, () =>
                {
                    procedure.MoveTo(step.To, actor, step.At, details);
                    if (step.To == ObjectionRaised)
                        open = procedure.Objections[^1];
                    if (hearingPlan is not null && hearingPlan.Discussed.Add(procedure))
                        hearingPlan.Session.Items.Add(new HearingItem { Procedure = procedure, OutcomeNote = DemoText.HearingOutcome(from, step.To, raisedCategory) });
                });

                if (step.To == ObjectionRaised)
                {
                    var until = nextAt ?? utcNow.AddDays(-1);
                    var rebuttalAt = step.At + (until - step.At) * (0.2 + rng.NextDouble() * 0.4);
                    var writeRebuttal = nextAt is not null || rng.NextDouble() < 0.6;
                    if (nextAt is not null || (writeRebuttal && rebuttalAt > step.At.AddHours(1)))
                    {
                        var rebuttals = DemoText.Rebuttals[category!.Value];
                        var text = rebuttals[rng.Next(rebuttals.Length)];
                        At(rebuttalAt, () => procedure.WriteRebuttal(open!, text, RandomDx(), rebuttalAt));
                    }
                }
            }

            foreach (var (year, total, online, recordedAt) in PlanVolumes(plan))
                At(recordedAt, () => procedure.SetVolume(year, total, online, RandomDx(), recordedAt));

            foreach (var e in events.OrderBy(e => e.At).ThenBy(e => e.Seq))
                e.Run();
            return procedure;
        }

        private Actor MoverFor(ProcedureStatus from, ProcedureStatus to, Actor? head, HearingPlan? hearing)
        {
            if (Workflow.IsDxTeamOnly(from, to) || head is null)
                return hearing?.Recorder ?? RandomDx();
            if (to == ObjectionRaised)
                return head;
            if (hearing is not null)
                return hearing.Recorder;
            return to switch
            {
                Digitized => RandomDx(),
                UnderReview when from == NotConsidered => rng.NextDouble() < 0.6 ? head : RandomDx(),
                _ => rng.NextDouble() < 0.4 ? head : RandomDx(),
            };
        }

        /// <summary>The rule behind a demo objection, from its category (no random draw, so the rest of the demo stays as it was);
        /// the categories without a rule of their own (no system, cost, workload...) are left 未設定 as they often are.</summary>
        private static InPersonRequirement? DemoSource(ObjectionCategory category) => category switch
        {
            ObjectionCategory.LegalChange => InPersonRequirement.Law,
            ObjectionCategory.Seal or ObjectionCategory.IdentityVerification => InPersonRequirement.Regulation,
            ObjectionCategory.FeePayment => InPersonRequirement.Ordinance,
            ObjectionCategory.PaperOriginals or ObjectionCategory.NotSuitable => InPersonRequirement.Practice,
            _ => null,
        };

        private ObjectionCategory ChooseCategory(NationalProcedure n, bool forExempt)
        {
            var fromSurvey = Concerns(n).SelectMany(c => c switch
            {
                1 or 2 => new[] { ObjectionCategory.LegalChange },
                3 => [ObjectionCategory.NoSystem],
                4 => [ObjectionCategory.PaperOriginals],
                5 => [ObjectionCategory.NotSuitable],
                6 => [ObjectionCategory.LowCostEffectiveness],
                _ => [],
            }).Distinct().ToList();
            if (forExempt)
            {
                var justified = fromSurvey.Count > 0 ? fromSurvey : [ObjectionCategory.NotSuitable, ObjectionCategory.LegalChange, ObjectionCategory.LowCostEffectiveness, ObjectionCategory.PaperOriginals];
                return justified[rng.Next(justified.Count)];
            }
            if (fromSurvey.Count > 0 && rng.NextDouble() < 0.5)
                return fromSurvey[rng.Next(fromSurvey.Count)];
            ObjectionCategory[] everyday =
            [
                ObjectionCategory.Seal, ObjectionCategory.IdentityVerification, ObjectionCategory.FeePayment,
                ObjectionCategory.ResidentDigitalDivide, ObjectionCategory.StaffWorkload, ObjectionCategory.Other,
                ObjectionCategory.LegalChange, ObjectionCategory.NoSystem, ObjectionCategory.PaperOriginals,
                ObjectionCategory.NotSuitable, ObjectionCategory.LowCostEffectiveness,
            ];
            var pick = everyday[rng.Next(everyday.Length)];
            if (pick == ObjectionCategory.Seal && n.IdentityCheck is 1 or 2 or null && rng.NextDouble() < 0.5)
                return ObjectionCategory.Seal;
            if (pick == ObjectionCategory.FeePayment && n.HasFee == false && rng.NextDouble() < 0.7)
                return ObjectionCategory.StaffWorkload;
            return pick;
        }

        // ---- volumes --------------------------------------------------------------------------------------------

        /// <summary>Per fiscal year: national 総手続件数 × 0.007 with a yearly drift (a made-up small count where the survey
        /// gives 0); online applications grow after digitization, pro rata to the time the form was open that year.
        /// ~10% of procedures have no volume at all; some miss a year or two.</summary>
        private IEnumerable<(int Year, long Total, long Online, DateTime RecordedAt)> PlanVolumes(Plan plan)
        {
            if (rng.NextDouble() < 0.10)
                return [];
            var n = plan.National;
            var nationalBase = n.TotalCount > 0 ? n.TotalCount.Value * VolumeShare : Math.Exp(Math.Log(3) + rng.NextDouble() * (Math.Log(800) - Math.Log(3)));
            var drift = -0.04 + rng.NextDouble() * 0.08;
            var ceiling = n.TotalCount > 0 && n.OnlineCount > 0
                ? Math.Clamp((double)n.OnlineCount.Value / n.TotalCount.Value, 0.1, 0.9)
                : 0.25 + rng.NextDouble() * 0.6;
            var years = Enumerable.Range(FirstFiscalYear, _currentFiscalYear - FirstFiscalYear + 1).ToList();
            var skipped = new HashSet<int>();
            if (rng.NextDouble() < 0.2)
            {
                for (var i = rng.Next(1, 3); i > 0; i--)
                    skipped.Add(years[rng.Next(years.Count)]);
            }

            // intervals in Digitized
            var intervals = new List<(DateTime From, DateTime To)>();
            DateTime? since = null;
            foreach (var step in plan.Steps)
            {
                if (step.To == Digitized)
                    since = step.At;
                else if (since is { } s)
                {
                    intervals.Add((s, step.At));
                    since = null;
                }
            }
            if (since is { } stillOpen)
                intervals.Add((stillOpen, utcNow));
            var firstDigitized = intervals.Count > 0 ? intervals[0].From : (DateTime?)null;

            var result = new List<(int, long, long, DateTime)>();
            foreach (var year in years)
            {
                var noise = 0.95 + rng.NextDouble() * 0.1;
                if (skipped.Contains(year))
                    continue;
                var total = (long)Math.Round(nationalBase * Math.Pow(1 + drift, year - 2023) * noise);
                long online = 0;
                var fy = new FiscalYear(year);
                if (firstDigitized is { } first && total > 0)
                {
                    var open = intervals.Sum(iv => Math.Max(0, (Min(iv.To, fy.EndUtc) - Max(iv.From, fy.StartUtc)).TotalDays));
                    var fraction = open / (fy.EndUtc - fy.StartUtc).TotalDays;
                    var yearsOpen = Math.Max(0, (fy.EndUtc - first).TotalDays / 365.0);
                    var share = ceiling * (1 - Math.Exp(-yearsOpen / 1.5));
                    online = Math.Min(total, (long)Math.Round(total * fraction * share));
                }
                var recorded = fy.EndUtc < utcNow
                    ? JapanTime(fy.LastDay.AddDays(45 + rng.Next(0, 30)), rng.Next(0, 8 * 60))
                    : utcNow.AddDays(-1 - rng.NextDouble() * 5);
                recorded = Max(plan.Created.AddHours(1), Min(recorded, utcNow.AddHours(-2)));
                result.Add((year, total, online, recorded));
            }
            return result;
        }

        // ---- helpers ----------------------------------------------------------------------------------------------

        private static IReadOnlyList<int> Concerns(Plan plan) => Concerns(plan.National);

        private static IReadOnlyList<int> Concerns(NationalProcedure n) =>
            n.ConcernCodes.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();

        private Actor RandomDx() => people.DxTeam[rng.Next(people.DxTeam.Count)];

        private DateOnly RandomDay(DateOnly from, DateOnly to) =>
            to <= from ? from : DateOnly.FromDayNumber(rng.Next(from.DayNumber, to.DayNumber + 1));

        private static DateOnly Weekday(DateOnly day) => day.DayOfWeek switch
        {
            DayOfWeek.Saturday => day.AddDays(-1),
            DayOfWeek.Sunday => day.AddDays(-2),
            _ => day,
        };

        /// <summary>A UTC instant on a Japanese calendar day, <paramref name="minutesAfterNine"/> after 9:00 JST.</summary>
        private static DateTime JapanTime(DateOnly day, int minutesAfterNine) =>
            DateTime.SpecifyKind(day.ToDateTime(new TimeOnly(9, 0)).AddMinutes(minutesAfterNine) - FiscalYear.JapanOffset, DateTimeKind.Utc);

        private T WeightedPick<T>(IReadOnlyList<T> items, Func<T, double> weight)
        {
            var total = items.Sum(weight);
            var x = rng.NextDouble() * total;
            foreach (var item in items)
            {
                x -= weight(item);
                if (x < 0)
                    return item;
            }
            return items[^1];
        }

        private void Shuffle<T>(List<T> list)
        {
            for (var i = list.Count - 1; i > 0; i--)
            {
                var j = rng.Next(i + 1);
                (list[i], list[j]) = (list[j], list[i]);
            }
        }

        private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
        private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
        private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
        private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
    }
}
