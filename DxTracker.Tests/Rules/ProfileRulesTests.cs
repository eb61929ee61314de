using DxTracker.Domain;
using DxTracker.Domain.Identity;
using DxTracker.Domain.National;
using DxTracker.Domain.Procedures;
using static DxTracker.Domain.Procedures.ProcedureStatus;

namespace DxTracker.Tests.Rules;

/// <summary>The profile's rules on the entity (docs/DOMAIN.md#procedure-profile): telework reasons, the seal's date, counts,
/// re-assessing telework when going online, and life events carried from the national survey.</summary>
[Trait("Kind", "Pure")]
public sealed class ProfileRulesTests
{
    private static readonly DateTime T0 = new(2025, 5, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly Actor Dx = new("dx", "DX担当", Role.DxTeam, null);
    private static readonly Actor Head = new("h", "課長", Role.DepartmentHead, 1);
    private static readonly Actor OtherHead = new("o", "他課長", Role.DepartmentHead, 2);

    private static readonly ProcedureFields Base = new() { Code = "P-1", Name = "転入届" };

    private static readonly ProcedureFields Profiled = Base with
    {
        Telework = Telework.Partly,
        TeleworkBarriers = TeleworkBarriers.PersonalData | TeleworkBarriers.Other,
        TeleworkOtherReason = " 端末が庁内のみ ",
        Seal = SealRequirement.Abolished,
        SealAbolishedOn = new DateOnly(2024, 4, 1),
        AttachmentCount = 2,
        AbolishedAttachmentCount = 1,
        InPerson = InPersonRequirement.Ordinance,
        FeePayment = FeePaymentMethod.Cashless,
        StandardProcessingDays = 14,
        LifeEvents = LifeEvents.Moving | LifeEvents.Birth,
    };

    private static Procedure New(ProcedureFields fields) => Procedure.Create(1, fields, Dx, T0);

    private static DomainError Refusal(Action action) => Assert.ThrowsAny<DomainException>(action).Error;

    [Fact]
    public void A_full_profile_is_stored_trimmed_and_read_back_as_fields()
    {
        var p = New(Profiled);
        Assert.Equal(Profiled with { TeleworkOtherReason = "端末が庁内のみ" }, p.Fields);
        p.Update(p.Fields with { Telework = Telework.Possible, TeleworkBarriers = TeleworkBarriers.None, TeleworkOtherReason = null }, Head, T0.AddDays(1));
        Assert.Equal((Telework.Possible, TeleworkBarriers.None, (string?)null), (p.Telework, p.TeleworkBarriers, p.TeleworkOtherReason));
    }

    [Fact]
    public void Telework_reasons_need_partly_or_not_possible_and_other_needs_its_text()
    {
        Assert.Equal(DomainError.TeleworkBarriersNeedNotPossible, Refusal(() => New(Base with { Telework = Telework.Possible, TeleworkBarriers = TeleworkBarriers.CounterWork })));
        Assert.Equal(DomainError.TeleworkBarriersNeedNotPossible, Refusal(() => New(Base with { TeleworkBarriers = TeleworkBarriers.CounterWork })));
        Assert.Equal(DomainError.TeleworkOtherReasonRequired, Refusal(() => New(Base with { Telework = Telework.NotPossible, TeleworkBarriers = TeleworkBarriers.Other, TeleworkOtherReason = "  " })));
        Assert.Equal(DomainError.TeleworkOtherReasonRequired, Refusal(() => New(Base with { Telework = Telework.NotPossible, TeleworkBarriers = TeleworkBarriers.LgwanOnly, TeleworkOtherReason = "理由" })));
        Assert.Equal(DomainError.FieldTooLong, Refusal(() => New(Profiled with { TeleworkOtherReason = new string('x', Procedure.LongTextMaxLength + 1) })));
        // 不可 without reasons is an answer too (the reasons may not be known yet).
        Assert.Equal(Telework.NotPossible, New(Base with { Telework = Telework.NotPossible }).Telework);
    }

    [Fact]
    public void The_seal_date_needs_abolished_and_counts_and_days_stay_in_range()
    {
        Assert.Equal(DomainError.SealDateNeedsAbolished, Refusal(() => New(Profiled with { Seal = SealRequirement.Required })));
        Assert.Equal(DomainError.SealDateNeedsAbolished, Refusal(() => New(Profiled with { Seal = null })));
        Assert.Null(New(Profiled with { SealAbolishedOn = null }).SealAbolishedOn);
        Assert.Equal(DomainError.CountOutOfRange, Refusal(() => New(Profiled with { AttachmentCount = -1 })));
        Assert.Equal(DomainError.CountOutOfRange, Refusal(() => New(Profiled with { AbolishedAttachmentCount = Profile.MaxCount + 1 })));
        Assert.Equal(DomainError.CountOutOfRange, Refusal(() => New(Profiled with { StandardProcessingDays = Profile.MaxProcessingDays + 1 })));
        Assert.Equal(Profile.MaxProcessingDays, New(Profiled with { StandardProcessingDays = Profile.MaxProcessingDays }).StandardProcessingDays);
        // A refused edit leaves every field as it was.
        var p = New(Profiled);
        Refusal(() => p.Update(Profiled with { AttachmentCount = 5, StandardProcessingDays = -1 }, Dx, T0));
        Assert.Equal(2, p.AttachmentCount);
    }

    [Fact]
    public void Going_online_re_assesses_telework_and_a_bad_answer_refuses_the_move()
    {
        var p = New(Profiled with { Telework = Telework.NotPossible, TeleworkBarriers = TeleworkBarriers.PaperOriginals, TeleworkOtherReason = null });
        p.MoveTo(InProgress, Head, T0);

        Assert.Equal(DomainError.TeleworkOtherReasonRequired, Refusal(() => p.MoveTo(Digitized, Head, T0.AddDays(1),
            new MoveDetails(OnlineFormUrl: "https://example.jp/f", Telework: new TeleworkAssessment(Telework.Partly, TeleworkBarriers.Other, null)))));
        Assert.Equal((InProgress, Telework.NotPossible, 1), (p.Status, p.Telework, p.History.Count));

        p.MoveTo(Digitized, Head, T0.AddDays(1), new MoveDetails(OnlineFormUrl: "https://example.jp/f", Telework: new TeleworkAssessment(Telework.Possible, TeleworkBarriers.None, null)));
        Assert.Equal((Digitized, Telework.Possible, TeleworkBarriers.None), (p.Status, p.Telework, p.TeleworkBarriers));
    }

    [Fact]
    public void A_heard_telework_answer_is_set_by_the_own_head_and_an_unchanged_one_touches_nothing()
    {
        var p = New(Base);
        p.AssessTelework(new TeleworkAssessment(Telework.NotPossible, TeleworkBarriers.CounterWork, null), Head, T0.AddDays(1));
        Assert.Equal((Telework.NotPossible, TeleworkBarriers.CounterWork, T0.AddDays(1)), (p.Telework, p.TeleworkBarriers, p.UpdatedAtUtc));

        p.AssessTelework(new TeleworkAssessment(Telework.NotPossible, TeleworkBarriers.CounterWork, null), Dx, T0.AddDays(2));
        Assert.Equal(T0.AddDays(1), p.UpdatedAtUtc);

        Assert.Equal(DomainError.OtherDepartment, Refusal(() => p.AssessTelework(new TeleworkAssessment(Telework.Possible, TeleworkBarriers.None, null), OtherHead, T0)));
        Assert.Equal(DomainError.TeleworkBarriersNeedNotPossible, Refusal(() => p.AssessTelework(new TeleworkAssessment(null, TeleworkBarriers.CounterWork, null), Dx, T0)));
    }

    [Theory]
    [InlineData("", LifeEvents.None)]
    [InlineData("引越し", LifeEvents.Moving)]
    [InlineData("出生・こども; 妊娠", LifeEvents.Birth | LifeEvents.Pregnancy)]
    [InlineData("その他(個人も法人にもあてはまらない)", LifeEvents.None)]
    [InlineData("その他イベント(個人); 死亡・相続", LifeEvents.Other | LifeEvents.Death)]
    public void The_surveys_life_events_map_to_flags(string survey, LifeEvents expected) =>
        Assert.Equal(expected, Profile.FromSurvey(survey));

    [Fact]
    public void Every_life_event_word_of_the_real_catalogue_is_known()
    {
        var words = NationalCatalogue.ReadEmbedded()
            .SelectMany(n => n.LifeEvents.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Distinct()
            .Where(w => w != "その他(個人も法人にもあてはまらない)")
            .ToList();
        Assert.NotEmpty(words);
        Assert.All(words, w => Assert.True(Profile.SurveyWords.ContainsKey(w), $"unknown life event {w}"));
    }

    [Fact]
    public void A_link_carries_the_surveys_life_events_unless_the_procedure_has_its_own()
    {
        var national = new NationalProcedure { NationalId = "N1", Name = "転入届", LifeEvents = "引越し; 税金" };
        Assert.Equal(LifeEvents.Moving | LifeEvents.Tax, national.Link(Base).LifeEvents);
        Assert.Equal("N1", national.Link(Base).NationalProcedureId);
        Assert.Equal(LifeEvents.Care, national.Link(Base with { LifeEvents = LifeEvents.Care }).LifeEvents);
        Assert.Equal(LifeEvents.Moving | LifeEvents.Tax, national.ToFields("X1").LifeEvents);
    }

    [Theory]
    [InlineData(InPersonRequirement.Law, BarrierOwner.Nation)]
    [InlineData(InPersonRequirement.Ordinance, BarrierOwner.Ward)]
    [InlineData(InPersonRequirement.Regulation, BarrierOwner.Ward)]
    [InlineData(InPersonRequirement.Practice, BarrierOwner.Ward)]
    [InlineData(InPersonRequirement.NotRequired, null)]
    [InlineData(null, null)]
    public void Each_source_is_removed_by_the_ward_or_by_a_national_request(InPersonRequirement? source, BarrierOwner? owner)
    {
        Assert.Equal(owner, Profile.OwnerOf(source));
        Assert.Equal(owner is not null, source is { } s && Profile.RuleSources.Contains(s));
        if (owner is { } o)
            Assert.Contains(source!.Value, Profile.SourcesOf(o));
    }

    [Fact]
    public void An_objection_records_the_rule_behind_it_and_only_its_own_department_may_set_it()
    {
        var p = New(Base);
        var objection = p.RaiseObjection(new NewObjection(ObjectionCategory.Seal, "条例で押印が必要", Source: InPersonRequirement.Ordinance), Head, T0);
        Assert.Equal(InPersonRequirement.Ordinance, objection.Source);
        Assert.Null(p.RaiseObjection(new NewObjection(ObjectionCategory.Other, "不明"), Head, T0).Source);

        // なし is no rule: not an objection's source, when raised or set.
        Assert.Equal(DomainError.ObjectionSourceNotARule,
            Refusal(() => p.RaiseObjection(new NewObjection(ObjectionCategory.Seal, "x", Source: InPersonRequirement.NotRequired), Head, T0)));
        Assert.Equal(DomainError.ObjectionSourceNotARule, Refusal(() => p.SetObjectionSource(objection.Id, InPersonRequirement.NotRequired, Dx, T0)));
        Assert.Equal(DomainError.OtherDepartment, Refusal(() => p.SetObjectionSource(objection.Id, InPersonRequirement.Law, OtherHead, T0)));
        Assert.Equal(InPersonRequirement.Ordinance, objection.Source);

        p.SetObjectionSource(objection.Id, null, Head, T0);
        Assert.Null(objection.Source);
    }

    [Fact]
    public void Counts_and_days_accept_their_bounds_zero_and_the_maximum()
    {
        var low = New(Profiled with { AttachmentCount = 0, AbolishedAttachmentCount = 0, StandardProcessingDays = 0 });
        Assert.Equal((0, 0, 0), (low.AttachmentCount, low.AbolishedAttachmentCount, low.StandardProcessingDays));
        var high = New(Profiled with { AttachmentCount = Profile.MaxCount, AbolishedAttachmentCount = Profile.MaxCount });
        Assert.Equal((Profile.MaxCount, Profile.MaxCount), (high.AttachmentCount, high.AbolishedAttachmentCount));
        Assert.Equal(DomainError.CountOutOfRange, Refusal(() => New(Profiled with { AbolishedAttachmentCount = -1 })));
        Assert.Equal(DomainError.CountOutOfRange, Refusal(() => New(Profiled with { AttachmentCount = Profile.MaxCount + 1 })));
    }

    [Fact]
    public void Setting_an_objections_source_records_who_changed_the_procedure_and_when()
    {
        var p = New(Base);
        var objection = p.RaiseObjection(new NewObjection(ObjectionCategory.Seal, "押印が必要"), Dx, T0);
        p.SetObjectionSource(objection.Id, InPersonRequirement.Regulation, Head, T0.AddDays(2));
        Assert.Equal((InPersonRequirement.Regulation, T0.AddDays(2), "課長"), (objection.Source, p.UpdatedAtUtc, p.UpdatedByName));
    }
}
