using DxTracker.Domain;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using static DxTracker.Domain.Procedures.ProcedureStatus;

namespace DxTracker.Tests.Rules;

/// <summary>The procedure entity's own rules, without a database: creating, editing, moving between departments, volumes,
/// objections, fields and what each records.</summary>
[Trait("Kind", "Pure")]
public sealed class ProcedureRulesTests
{
    private static readonly DateTime T0 = new(2025, 5, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly Actor Dx = new("dx", "DX担当", Role.DxTeam, null);
    private static readonly Actor Head = new("h", "課長", Role.DepartmentHead, 1);
    private static readonly Actor OtherHead = new("o", "他課長", Role.DepartmentHead, 2);
    private static readonly Actor Manager = new("m", "部長", Role.Manager, null);

    private static readonly ProcedureFields Full = new()
    {
        Code = " P-1 ", Name = " 転入届 ", NationalProcedureId = " 9108 ", LawName = " 住民基本台帳法 ", LawArticle = " 第22条 ",
        AdministrativeCategory = AdministrativeCategory.Autonomous, IdentityCheck = IdentityCheck.IdDocument, HasFee = true,
        Attachments = " 本人確認書類 ", TargetFiscalYear = 2026, OnlineFormUrl = " https://example.jp/f ", CounterTablet = true,
        SmartphoneClass = true, Translation = true, Notes = " メモ ",
    };

    private static Procedure New(ProcedureFields? fields = null) => Procedure.Create(1, fields ?? new ProcedureFields { Code = "P-1", Name = "転入届" }, Dx, T0);

    private static DomainError Refusal(Action action) => Assert.ThrowsAny<DomainException>(action).Error;

    [Fact]
    public void Create_starts_in_NotConsidered_with_the_trimmed_fields_and_only_for_the_DX_team()
    {
        var p = New(Full);
        Assert.Equal((1, NotConsidered, T0, T0, T0, "DX担当"), (p.DepartmentId, p.Status, p.StatusChangedAtUtc, p.CreatedAtUtc, p.UpdatedAtUtc, p.UpdatedByName));
        Assert.Equal(Full with
        {
            Code = "P-1", Name = "転入届", NationalProcedureId = "9108", LawName = "住民基本台帳法", LawArticle = "第22条",
            Attachments = "本人確認書類", OnlineFormUrl = "https://example.jp/f", Notes = "メモ",
        }, p.Fields);
        Assert.Empty(p.History);
        Assert.Equal(DomainError.NotPermitted, Refusal(() => Procedure.Create(1, Full, Head, T0)));
        Assert.Equal(DomainError.NotPermitted, Refusal(() => Procedure.Create(1, Full, Manager, T0)));
    }

    [Fact]
    public void Fields_are_checked_required_lengths_url_and_year()
    {
        Assert.Equal(DomainError.FieldRequired, Refusal(() => New(new ProcedureFields { Code = " ", Name = "x" })));
        Assert.Equal(DomainError.FieldRequired, Refusal(() => New(new ProcedureFields { Code = "x", Name = "" })));
        Assert.Equal(DomainError.FieldTooLong, Refusal(() => New(new ProcedureFields { Code = new string('c', Procedure.CodeMaxLength + 1), Name = "x" })));
        New(new ProcedureFields { Code = new string('c', Procedure.CodeMaxLength), Name = new string('n', Procedure.NameMaxLength) });
        Assert.Equal(DomainError.FieldTooLong, Refusal(() => New(new ProcedureFields { Code = "x", Name = new string('n', Procedure.NameMaxLength + 1) })));
        Assert.Equal(DomainError.FieldTooLong, Refusal(() => New(Full with { LawName = new string('l', Procedure.LawMaxLength + 1) })));
        Assert.Equal(DomainError.FieldTooLong, Refusal(() => New(Full with { Notes = new string('l', Procedure.LongTextMaxLength + 1) })));
        Assert.Equal(DomainError.UrlInvalid, Refusal(() => New(Full with { OnlineFormUrl = "ftp://example.jp/f" })));
        Assert.Equal(DomainError.UrlInvalid, Refusal(() => New(Full with { OnlineFormUrl = "example.jp" })));
        Assert.Null(New(Full with { OnlineFormUrl = "  ", Notes = " " }).OnlineFormUrl);
        Assert.Equal(DomainError.FiscalYearOutOfRange, Refusal(() => New(Full with { TargetFiscalYear = 1988 })));
        Assert.Equal(DomainError.FiscalYearOutOfRange, Refusal(() => New(Full with { TargetFiscalYear = 2101 })));
        Assert.Equal(1989, New(Full with { TargetFiscalYear = 1989 }).TargetFiscalYear);
        Assert.Equal(2100, New(Full with { TargetFiscalYear = 2100 }).TargetFiscalYear);
        Assert.True(Procedure.IsHttpUrl(" http://example.jp "));
        Assert.False(Procedure.IsHttpUrl(null));
        Assert.False(Procedure.IsHttpUrl("mailto:a@example.jp"));
    }

    [Fact]
    public void Update_by_the_head_of_the_department_changes_all_but_the_code()
    {
        var p = New();
        var later = T0.AddDays(3);
        p.Update(Full with { Code = "P-1" }, Head, later);
        Assert.Equal(("転入届", true, later, "課長"), (p.Name, p.Translation, p.UpdatedAtUtc, p.UpdatedByName));
        Assert.Equal(DomainError.CodeDxTeamOnly, Refusal(() => p.Update(Full with { Code = "P-2" }, Head, later)));
        Assert.Equal(DomainError.OtherDepartment, Refusal(() => p.Update(Full, OtherHead, later)));
        Assert.Equal(DomainError.NotPermitted, Refusal(() => p.Update(Full, Manager, later)));
        p.Update(Full with { Code = "P-2" }, Dx, later.AddDays(1));
        Assert.Equal(("P-2", "DX担当"), (p.Code, p.UpdatedByName));
    }

    [Fact]
    public void A_digitized_procedure_keeps_a_url()
    {
        var p = WorkflowTests.ProcedureIn(Digitized);
        Assert.Equal(DomainError.UrlRequired, Refusal(() => p.Update(p.Fields with { OnlineFormUrl = " " }, Dx, T0)));
        // Into Digitized: the URL given with the move, else the one already recorded.
        var q = New(Full);
        q.MoveTo(InProgress, Dx, T0);
        q.MoveTo(Digitized, Dx, T0.AddDays(1));
        Assert.Equal("https://example.jp/f", q.OnlineFormUrl);
        var r = New();
        r.MoveTo(InProgress, Dx, T0);
        Assert.Equal(DomainError.UrlRequired, Refusal(() => r.MoveTo(Digitized, Dx, T0.AddDays(1))));
        Assert.Equal(InProgress, r.Status);
        Assert.Single(r.History);
    }

    [Fact]
    public void AssignTo_is_the_DX_teams_and_touches_the_procedure()
    {
        var p = New();
        Assert.Equal(DomainError.NotPermitted, Refusal(() => p.AssignTo(2, Head, T0)));
        p.AssignTo(2, Dx, T0.AddDays(1));
        Assert.Equal((2, T0.AddDays(1)), (p.DepartmentId, p.UpdatedAtUtc));
        Assert.Equal(DomainError.OtherDepartment, Refusal(() => p.Update(p.Fields, Head, T0)));
    }

    [Fact]
    public void A_move_records_from_to_when_who_and_comment_and_sets_the_status_time()
    {
        var p = New();
        var at = T0.AddDays(5);
        var change = p.MoveTo(UnderReview, Head, at, new MoveDetails(Comment: "  検討開始  "));
        Assert.Same(change, Assert.Single(p.History));
        Assert.Equal((NotConsidered, UnderReview, at, "h", "課長", "検討開始"), (change.FromStatus, change.ToStatus, change.AtUtc, change.ByUserId, change.ByName, change.Comment));
        Assert.Equal((UnderReview, at, at, "課長"), (p.Status, p.StatusChangedAtUtc, p.UpdatedAtUtc, p.UpdatedByName));
        Assert.Null(p.MoveTo(InProgress, Head, at.AddDays(1)).Comment);
        Assert.Equal(DomainError.OtherDepartment, Refusal(() => p.MoveTo(ObjectionRaised, OtherHead, at)));
        Assert.Equal(DomainError.NotPermitted, Refusal(() => p.MoveTo(ObjectionRaised, Manager, at)));
    }

    [Fact]
    public void A_move_into_ObjectionRaised_with_a_new_objection_raises_it_first()
    {
        var p = New();
        p.MoveTo(ObjectionRaised, Head, T0, new MoveDetails(Objection: new NewObjection(ObjectionCategory.Seal, " 押印が必要 ")));
        var objection = Assert.Single(p.Objections);
        Assert.Equal((ObjectionCategory.Seal, "押印が必要", true), (objection.Category, objection.Description, objection.IsOpen));
    }

    [Fact]
    public void Volumes_are_set_replaced_and_cleared_within_the_year_range()
    {
        var p = New();
        p.SetVolume(2025, 100, 10, Head, T0.AddDays(1));
        p.SetVolume(2025, 200, null, Head, T0.AddDays(2));
        p.SetVolume(1989, 1, 1, Dx, T0);
        p.SetVolume(2100, 2, 2, Dx, T0);
        Assert.Equal(new (int, long?, long?)[] { (1989, 1, 1), (2025, 200, null), (2100, 2, 2) },
            p.Volumes.OrderBy(v => v.FiscalYear).Select(v => (v.FiscalYear, v.Total, v.Online)));
        Assert.Equal((T0, "DX担当"), (p.UpdatedAtUtc, p.UpdatedByName));
        Assert.Equal(DomainError.FiscalYearOutOfRange, Refusal(() => p.SetVolume(1988, 1, 1, Dx, T0)));
        Assert.Equal(DomainError.FiscalYearOutOfRange, Refusal(() => p.SetVolume(2101, 1, 1, Dx, T0)));
        Assert.Equal(DomainError.OtherDepartment, Refusal(() => p.SetVolume(2025, 1, 1, OtherHead, T0)));
    }

    [Fact]
    public void Rebuttals_and_closing_go_through_the_procedure_and_only_its_own_objections()
    {
        var p = New();
        var objection = p.RaiseObjection(new NewObjection(ObjectionCategory.PaperOriginals, "原本が必要", "写しで足りる"), Dx, T0);
        Assert.Equal("写しで足りる", objection.Rebuttal);
        p.WriteRebuttal(objection, "電子署名で足りる", Dx, T0.AddDays(1));
        Assert.Equal(("電子署名で足りる", T0.AddDays(1)), (objection.Rebuttal, p.UpdatedAtUtc));
        Assert.Equal(DomainError.NotPermitted, Refusal(() => p.WriteRebuttal(objection, "x", Head, T0)));
        var foreign = New().RaiseObjection(new NewObjection(ObjectionCategory.Seal, "他の手続の課題"), Dx, T0);
        Assert.Equal(DomainError.ObjectionNotFound, Refusal(() => p.WriteRebuttal(foreign, "x", Dx, T0)));
        Assert.Equal(DomainError.ObjectionNotFound, Refusal(() => p.CloseObjection(foreign, ObjectionOutcome.Countered, Dx, T0)));
        Assert.Equal(DomainError.ObjectionNotFound, Refusal(() => p.WriteRebuttal(12345, "x", Dx, T0)));
        Assert.Equal(DomainError.ObjectionNotFound, Refusal(() => p.CloseObjection(12345, ObjectionOutcome.Countered, Dx, T0)));
        Assert.Equal(DomainError.NotPermitted, Refusal(() => p.CloseObjection(objection, ObjectionOutcome.Countered, Head, T0)));
        p.CloseObjection(objection, ObjectionOutcome.Countered, Dx, T0.AddDays(2));
        Assert.Equal((ObjectionOutcome.Countered, false, T0.AddDays(2)), (objection.Outcome, objection.IsOpen, p.UpdatedAtUtc));
        // Closed, it no longer lets the procedure into ObjectionRaised.
        Assert.Equal(DomainError.ObjectionRequired, Refusal(() => p.MoveTo(ObjectionRaised, Dx, T0.AddDays(3))));
    }
}
