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
        var code = $"Q{++_serial:D3}";
        var p = Procedure.Create(department, profile(new ProcedureFields { Code = code, Name = $"手続{_serial}" }), _dx, T0);
        if (objection)
            p.RaiseObjection(new NewObjection(ObjectionCategory.Seal, "条例で押印が必要"), _dx, T0);
        foreach (var source in objectionSources)
            p.RaiseObjection(new NewObjection(ObjectionCategory.LegalChange, $"根拠 {source}", Source: source), _dx, T0);
        if (status is Digitized or Exempt)
        {
            p.MoveTo(UnderReview, _dx, T0);
            if (status == Exempt)
                p.MoveTo(Exempt, _dx, T0, new MoveDetails(ExemptReason: "対象外"));
            else
            {
                p.MoveTo(InProgress, _dx, T0);
                p.MoveTo(Digitized, _dx, T0, new MoveDetails(OnlineFormUrl: $"https://example.jp/{code}"));
            }
        }
        db.Procedures.Add(p);
        await db.SaveChangesAsync(Ct);
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
}
