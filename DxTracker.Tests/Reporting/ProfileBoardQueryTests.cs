using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reporting;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static DxTracker.Domain.Procedures.ProcedureStatus;

namespace DxTracker.Tests.Reporting;

/// <summary>The board's profile figures on hand-built data in the real database (docs/DOMAIN.md#procedure-profile).</summary>
public sealed class ProfileBoardQueryTests : IAsyncLifetime
{
    private static readonly DateTime T0 = new(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestDatabase _database = default!;
    private Actor _dx = default!;
    private int _dept, _otherDept;
    private int _serial;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var departments = await _database.AddDepartmentsAsync("B1", "B2");
        (_dept, _otherDept) = (departments[0].Id, departments[1].Id);
        _dx = await _database.AddUserAsync(Role.DxTeam);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private ProfileBoardQuery Query => new(_database);

    private async Task AddAsync(int department, ProcedureStatus status, Func<ProcedureFields, ProcedureFields> profile, bool objection = false,
        params InPersonRequirement?[] objectionSources)
    {
        await using var db = _database.CreateDbContext();
        var objections = objectionSources.Select(source => new NewObjection(ObjectionCategory.LegalChange, $"根拠 {source}", Source: source));
        db.Procedures.Add(NewProcedure(department, status, profile,
            objection ? objections.Prepend(new NewObjection(ObjectionCategory.Seal, "条例で押印が必要")) : objections));
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>A procedure with the next code, its objections raised while it was new, then walked to <paramref name="status"/>.</summary>
    private Procedure NewProcedure(int department, ProcedureStatus status, Func<ProcedureFields, ProcedureFields> profile, IEnumerable<NewObjection> objections)
    {
        var code = $"Q{++_serial:D3}";
        var p = Procedure.Create(department, profile(new ProcedureFields { Code = code, Name = $"手続{_serial}" }), _dx, T0);
        foreach (var objection in objections)
            p.RaiseObjection(objection, _dx, T0);
        ProcedureStatus[] walk = status switch
        {
            NotConsidered => [],
            UnderReview => [UnderReview],
            InProgress => [UnderReview, InProgress],
            Digitized => [UnderReview, InProgress, Digitized],
            Exempt => [UnderReview, Exempt],
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        foreach (var step in walk)
            p.MoveTo(step, _dx, T0, step switch
            {
                Exempt => new MoveDetails(ExemptReason: "対象外"),
                Digitized => new MoveDetails(OnlineFormUrl: $"https://example.jp/{code}"),
                _ => null,
            });
        return p;
    }

    [Fact]
    public async Task With_no_answers_every_share_shows_its_empty_denominator_not_zero_percent()
    {
        await AddAsync(_dept, NotConsidered, f => f);

        var board = await Query.LoadAsync(Ct);

        Assert.Equal(new Ratio(0, 0), board.Total.TeleworkPossible);
        Assert.Null(board.Total.TeleworkPossible.Value);
        Assert.Equal(1, board.Total.TeleworkUnanswered);
        Assert.Null(board.Total.CounterTablet.Value);
        Assert.Null(board.SealAbolished.Value);
        Assert.Null(board.AttachmentsAbolished.Value);
        Assert.All(board.LifeEvents, e => Assert.Null(e.Online.Value));
        Assert.Equal((0, 0, 0), (board.WardCanChange.Count, board.NationalLaw.Count, board.ObjectionsWithoutSource));
    }

    [Fact]
    public async Task Open_objections_join_the_barrier_list_of_their_source_and_unknown_sources_are_counted_apart()
    {
        await AddAsync(_dept, UnderReview, f => f with { InPerson = InPersonRequirement.Law }, objection: true,
            InPersonRequirement.Regulation, InPersonRequirement.Law, null);
        await AddAsync(_otherDept, NotConsidered, f => f, objectionSources: [InPersonRequirement.Practice, InPersonRequirement.Ordinance]);
        // Online or exempt: no barrier left, whatever the source.
        await AddAsync(_dept, Digitized, f => f, objectionSources: [InPersonRequirement.Ordinance, null]);
        await AddAsync(_dept, Exempt, f => f, objectionSources: [InPersonRequirement.Law]);
        // A closed objection is no barrier either.
        await using (var db = _database.CreateDbContext())
        {
            var p = await db.Procedures.Include(x => x.Objections).SingleAsync(x => x.Code == "Q002", Ct);
            p.CloseObjection(p.Objections.Single(o => o.Source == InPersonRequirement.Ordinance), ObjectionOutcome.Countered, _dx, T0);
            await db.SaveChangesAsync(Ct);
        }

        var board = await Query.LoadAsync(Ct);

        Assert.Equal((0, 2), (board.WardCanChange.InPersonCount, board.WardCanChange.ObjectionCount));
        Assert.Equal(new[] { ("Q001", InPersonRequirement.Regulation, (ObjectionCategory?)ObjectionCategory.LegalChange, 4), ("Q002", InPersonRequirement.Practice, ObjectionCategory.LegalChange, 1) },
            board.WardCanChange.Top.Select(b => (b.Code, b.Source, b.Objection, b.OpenObjections)));
        Assert.Equal((1, 1), (board.NationalLaw.InPersonCount, board.NationalLaw.ObjectionCount));
        Assert.Equal(new[] { ("Q001", (ObjectionCategory?)null), ("Q001", ObjectionCategory.LegalChange) },
            board.NationalLaw.Top.Select(b => (b.Code, b.Objection)));
        Assert.Equal(2, board.ObjectionsWithoutSource); // Q001's objection raised without a source and the one with null
    }

    [Fact]
    public async Task Telework_support_seals_attachments_life_events_and_barriers_are_counted_per_unit_without_exempt_procedures()
    {
        await AddAsync(_dept, Digitized, f => f with
        {
            Telework = Telework.Possible, CounterTablet = true, Translation = true, Seal = SealRequirement.Abolished,
            AttachmentCount = 1, AbolishedAttachmentCount = 2, LifeEvents = LifeEvents.Moving | LifeEvents.Birth,
        });
        await AddAsync(_dept, NotConsidered, f => f with
        {
            Telework = Telework.NotPossible, TeleworkBarriers = TeleworkBarriers.PersonalData | TeleworkBarriers.CounterWork,
            Seal = SealRequirement.Required, AttachmentCount = 3, LifeEvents = LifeEvents.Moving, InPerson = InPersonRequirement.Ordinance,
        }, objection: true);
        await AddAsync(_otherDept, Digitized, f => f with { Telework = Telework.Partly, TeleworkBarriers = TeleworkBarriers.PersonalData, InPerson = InPersonRequirement.Law });
        await AddAsync(_otherDept, UnderReview, f => f with { InPerson = InPersonRequirement.Law, Seal = SealRequirement.NotRequired });
        await AddAsync(_otherDept, UnderReview, f => f with { InPerson = InPersonRequirement.Practice });
        // Exempt: in no figure at all.
        await AddAsync(_dept, Exempt, f => f with
        {
            Telework = Telework.NotPossible, TeleworkBarriers = TeleworkBarriers.LgwanOnly, Seal = SealRequirement.Required,
            AttachmentCount = 9, LifeEvents = LifeEvents.Moving, InPerson = InPersonRequirement.Ordinance,
        });

        var board = await Query.LoadAsync(Ct);

        var mine = board.Divisions.SelectMany(d => d.Departments).Single(d => d.Id == _dept).Figures;
        var other = board.Divisions.SelectMany(d => d.Departments).Single(d => d.Id == _otherDept).Figures;
        Assert.Equal((new Ratio(1, 2), 0, 1, 0), (mine.TeleworkPossible, mine.TeleworkPartly, mine.TeleworkNotPossible, mine.TeleworkUnanswered));
        Assert.Equal((new Ratio(0, 1), 1, 2), (other.TeleworkPossible, other.TeleworkPartly, other.TeleworkUnanswered));
        Assert.Equal((new Ratio(1, 3), 2), (board.Total.TeleworkPossible, board.Total.TeleworkUnanswered));
        Assert.Equal((new Ratio(1, 1), new Ratio(0, 1), new Ratio(1, 1)), (mine.CounterTablet, mine.SmartphoneClass, mine.Translation));
        Assert.Equal((new Ratio(1, 2), new Ratio(1, 2)), (board.Total.CounterTablet, board.Total.Translation));

        Assert.Equal(new[] { (TeleworkBarriers.PersonalData, 2), (TeleworkBarriers.CounterWork, 1), (TeleworkBarriers.PaperOriginals, 0), (TeleworkBarriers.LgwanOnly, 0), (TeleworkBarriers.Other, 0) },
            board.TeleworkReasons);
        Assert.Equal(new Ratio(1, 2), board.SealAbolished);
        Assert.Equal(new Ratio(2, 6), board.AttachmentsAbolished);
        Assert.Equal(new Ratio(1, 2), board.LifeEvents.Single(e => e.Event == LifeEvents.Moving).Online);
        Assert.Equal(new Ratio(1, 1), board.LifeEvents.Single(e => e.Event == LifeEvents.Birth).Online);
        Assert.Equal(new Ratio(0, 0), board.LifeEvents.Single(e => e.Event == LifeEvents.Care).Online);

        // Barriers of procedures not yet online: the ward's own rules apart from national law; most open objections first.
        Assert.Equal(2, board.WardCanChange.Count);
        Assert.Equal(new[] { ("Q002", InPersonRequirement.Ordinance, 1), ("Q005", InPersonRequirement.Practice, 0) },
            board.WardCanChange.Top.Select(b => (b.Code, b.Source, b.OpenObjections)));
        Assert.Equal(new[] { "Q004" }, board.NationalLaw.Top.Select(b => b.Code));
    }

    [Theory]
    [InlineData(19)]
    [InlineData(2026)]
    public async Task Every_figure_equals_a_naive_count_over_the_procedures_on_random_data(int seed)
    {
        var random = new Random(seed);
        var departments = (await _database.AddDepartmentsAsync("R1", "R2")).Select(d => d.Id).Concat([_dept, _otherDept]).ToArray();
        T Pick<T>(params T[] values) => values[random.Next(values.Length)];
        TEnum SomeFlags<TEnum>() where TEnum : struct, Enum =>
            (TEnum)Enum.ToObject(typeof(TEnum), Profile.Flags((TEnum)Enum.ToObject(typeof(TEnum), -1))
                .Where(_ => random.Next(4) == 0).Sum(f => Convert.ToInt32(f, System.Globalization.CultureInfo.InvariantCulture)));
        InPersonRequirement?[] sources = [null, .. Enum.GetValues<InPersonRequirement>().Where(s => s != InPersonRequirement.NotRequired)];
        await using (var db = _database.CreateDbContext())
        {
            for (var i = 0; i < 90; i++)
            {
                var telework = Pick<Telework?>(null, Telework.Possible, Telework.Partly, Telework.NotPossible);
                var barriers = telework is Telework.Partly or Telework.NotPossible ? SomeFlags<TeleworkBarriers>() : TeleworkBarriers.None;
                var seal = Pick<SealRequirement?>(null, SealRequirement.Required, SealRequirement.Abolished, SealRequirement.NotRequired);
                var fields = (ProcedureFields f) => f with
                {
                    Telework = telework, TeleworkBarriers = barriers,
                    TeleworkOtherReason = barriers.HasFlag(TeleworkBarriers.Other) ? "庁外で扱えない台帳" : null,
                    Seal = seal, CounterTablet = random.Next(2) == 0, SmartphoneClass = random.Next(3) == 0, Translation = random.Next(4) == 0,
                    AttachmentCount = Pick<int?>(null, 0, 2, 5), AbolishedAttachmentCount = Pick<int?>(null, 0, 1, 3),
                    LifeEvents = SomeFlags<LifeEvents>(), InPerson = Pick<InPersonRequirement?>([.. sources, InPersonRequirement.NotRequired]),
                };
                var objections = Enumerable.Range(0, Pick(0, 0, 1, 2, 3))
                    .Select(_ => new NewObjection(Pick(Enum.GetValues<ObjectionCategory>()), "懸念", Source: Pick(sources))).ToList();
                var p = NewProcedure(Pick(departments), Pick(NotConsidered, UnderReview, InProgress, Digitized, Digitized, Exempt), fields, objections);
                foreach (var objection in p.Objections.Where(_ => random.Next(4) == 0).ToList())
                    p.CloseObjection(objection, Pick(ObjectionOutcome.Countered, ObjectionOutcome.Accepted), _dx, T0);
                db.Procedures.Add(p);
            }
            await db.SaveChangesAsync(Ct);
        }

        var board = await Query.LoadAsync(Ct);

        List<Procedure> all;
        await using (var db = _database.CreateDbContext())
            all = await db.Procedures.AsNoTracking().Include(p => p.Objections).ToListAsync(Ct);
        var live = all.Where(p => p.Status != Exempt).ToList();
        ProfileFigures Naive(IEnumerable<Procedure> procedures)
        {
            var list = procedures.ToList();
            var online = list.Where(p => p.Status == Digitized).ToList();
            return new ProfileFigures(new Ratio(list.Count(p => p.Telework == Telework.Possible), list.Count(p => p.Telework != null)),
                list.Count(p => p.Telework == Telework.Partly), list.Count(p => p.Telework == Telework.NotPossible), list.Count(p => p.Telework == null),
                online.Count, online.Count(p => p.CounterTablet), online.Count(p => p.SmartphoneClass), online.Count(p => p.Translation));
        }
        Assert.Equal(Naive(live), board.Total);
        foreach (var department in board.Divisions.SelectMany(d => d.Departments))
            Assert.Equal(Naive(live.Where(p => p.DepartmentId == department.Id)), department.Figures);
        foreach (var division in board.Divisions)
            Assert.Equal(Naive(live.Where(p => division.Departments.Any(d => d.Id == p.DepartmentId))), division.Figures);
        Assert.Equal(departments.Order(), board.Divisions.SelectMany(d => d.Departments).Select(d => d.Id).Order());

        var withReasons = live.Where(p => p.Telework is Telework.Partly or Telework.NotPossible).ToList();
        Assert.Equal(Profile.Flags((TeleworkBarriers)~0).Select(r => (r, withReasons.Count(p => p.TeleworkBarriers.HasFlag(r)))), board.TeleworkReasons);
        Assert.Equal(new Ratio(live.Count(p => p.Seal == SealRequirement.Abolished), live.Count(p => p.Seal is SealRequirement.Required or SealRequirement.Abolished)),
            board.SealAbolished);
        var counted = live.Where(p => p.AttachmentCount != null).ToList();
        Assert.Equal(new Ratio(counted.Sum(p => p.AbolishedAttachmentCount ?? 0), counted.Sum(p => p.AttachmentCount!.Value + (p.AbolishedAttachmentCount ?? 0))),
            board.AttachmentsAbolished);
        Assert.Equal(Profile.Flags((LifeEvents)~0).Select(e => new LifeEventFigures(e,
                new Ratio(live.Count(p => p.LifeEvents.HasFlag(e) && p.Status == Digitized), live.Count(p => p.LifeEvents.HasFlag(e))))),
            board.LifeEvents);

        var notOnline = live.Where(p => p.Status != Digitized).ToList();
        var open = notOnline.SelectMany(p => p.Objections.Where(o => o.IsOpen).Select(o => (Procedure: p, Objection: o))).ToList();
        foreach (var (owner, list) in new[] { (BarrierOwner.Ward, board.WardCanChange), (BarrierOwner.Nation, board.NationalLaw) })
        {
            var inPerson = notOnline.Where(p => Profile.OwnerOf(p.InPerson) == owner).ToList();
            var objections = open.Where(o => Profile.OwnerOf(o.Objection.Source) == owner).ToList();
            Assert.Equal((inPerson.Count, objections.Count), (list.InPersonCount, list.ObjectionCount));
            var expected = inPerson.Select(p => (p.Code, Source: p.InPerson!.Value, Objection: (ObjectionCategory?)null, Open: p.Objections.Count(o => o.IsOpen)))
                .Concat(objections.Select(o => (o.Procedure.Code, Source: o.Objection.Source!.Value, Objection: (ObjectionCategory?)o.Objection.Category,
                    Open: o.Procedure.Objections.Count(x => x.IsOpen))))
                .OrderByDescending(b => b.Open).ThenBy(b => b.Code, StringComparer.Ordinal).ThenBy(b => b.Objection.HasValue)
                .ThenBy(b => b.Objection?.ToString(), StringComparer.Ordinal)
                .Take(ProfileBoardQuery.BarrierListSize);
            Assert.Equal(expected, list.Top.Select(b => (b.Code, b.Source, b.Objection, b.OpenObjections)));
            Assert.True(inPerson.Count + objections.Count > ProfileBoardQuery.BarrierListSize, $"the {owner} list is cut on this data");
        }
        Assert.Equal(open.Count(o => o.Objection.Source is null), board.ObjectionsWithoutSource);
    }
}
