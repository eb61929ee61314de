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

    [Fact]
    public void An_inventory_may_date_a_new_procedure_earlier_but_never_later_than_now()
    {
        var earlier = T0.AddYears(-2);
        var old = Procedure.Create(1, Full, Dx, T0, existedSinceUtc: earlier);
        Assert.Equal((earlier, earlier, T0), (old.CreatedAtUtc, old.StatusChangedAtUtc, old.UpdatedAtUtc));
        var future = Procedure.Create(1, Full, Dx, T0, existedSinceUtc: T0.AddDays(1));
        Assert.Equal((T0, T0), (future.CreatedAtUtc, future.StatusChangedAtUtc));
    }

    [Fact]
    public void A_first_import_dates_a_move_when_it_happened_between_the_procedures_start_and_the_import()
    {
        var imported = T0.AddDays(30);
        var p = Procedure.Create(1, Full, Dx, imported, existedSinceUtc: T0);
        var happened = T0.AddDays(10);
        var change = p.ImportMove(UnderReview, Dx, imported, happened, new MoveDetails());
        Assert.Equal((happened, imported), (change.AtUtc, change.ImportedAtUtc));
        Assert.Equal((happened, imported), (p.StatusChangedAtUtc, p.UpdatedAtUtc));
        // Never before the previous move: dated at it.
        var second = p.ImportMove(InProgress, Dx, imported, T0.AddDays(5), new MoveDetails());
        Assert.Equal(happened, second.AtUtc);
        // At the import itself is not in the future.
        Assert.Equal(imported, p.ImportMove(Digitized, Dx, imported, imported, new MoveDetails()).AtUtc);
    }

    [Fact]
    public void An_import_without_a_date_dates_the_move_at_the_import()
    {
        var imported = T0.AddDays(30);
        var p = Procedure.Create(1, Full, Dx, imported, existedSinceUtc: T0);
        var change = p.ImportMove(UnderReview, Head, imported, null, new MoveDetails());
        Assert.Equal((imported, imported, "課長"), (change.AtUtc, change.ImportedAtUtc, change.ByName));
    }

    [Fact]
    public void A_move_dated_after_the_import_is_refused_and_nothing_moves()
    {
        var imported = T0.AddDays(30);
        var p = Procedure.Create(1, Full, Dx, imported, existedSinceUtc: T0);
        Assert.Equal(DomainError.DateInFuture, Refusal(() => p.ImportMove(UnderReview, Dx, imported, imported.AddSeconds(1), new MoveDetails())));
        Assert.Equal((NotConsidered, T0), (p.Status, p.StatusChangedAtUtc));
        Assert.Empty(p.History);
    }

    [Fact]
    public void A_saved_procedures_imported_moves_are_dated_at_the_import_whatever_date_the_sheet_gives()
    {
        var imported = T0.AddDays(30);
        var p = Procedure.Create(1, Full, Dx, T0);
        // What EF Core does when it saves or loads the procedure.
        typeof(Procedure).GetProperty(nameof(Procedure.Id))!.SetValue(p, 42);
        Assert.Equal(imported, p.ImportMove(UnderReview, Dx, imported, T0.AddDays(10), new MoveDetails()).AtUtc);
        Assert.Equal(imported, p.ImportMove(InProgress, Dx, imported, imported.AddDays(5), new MoveDetails()).AtUtc);
    }

    [Fact]
    public void Going_online_with_a_new_url_replaces_the_recorded_one()
    {
        var p = New(Full);
        p.MoveTo(InProgress, Dx, T0);
        p.MoveTo(Digitized, Dx, T0.AddDays(1), new MoveDetails(OnlineFormUrl: " https://example.jp/new "));
        Assert.Equal("https://example.jp/new", p.OnlineFormUrl);
        var q = New();
        q.MoveTo(InProgress, Dx, T0);
        Assert.Equal(DomainError.UrlInvalid, Refusal(() => q.MoveTo(Digitized, Dx, T0.AddDays(1), new MoveDetails(OnlineFormUrl: "example.jp/form"))));
        Assert.Equal(InProgress, q.Status);
    }

    [Fact]
    public void Exempting_records_the_reason_and_uses_it_as_the_comment_only_when_none_is_given()
    {
        var p = New();
        p.MoveTo(UnderReview, Dx, T0);
        var withComment = p.MoveTo(Exempt, Dx, T0.AddDays(1), new MoveDetails(Comment: "課長と合意", ExemptReason: " 法令で対面が必須 "));
        Assert.Equal(("課長と合意", "法令で対面が必須"), (withComment.Comment, p.ExemptReason));
        p.MoveTo(UnderReview, Dx, T0.AddDays(2));
        Assert.Null(p.ExemptReason);
        var without = p.MoveTo(Exempt, Dx, T0.AddDays(3), new MoveDetails(ExemptReason: "国の様式が紙のみ"));
        Assert.Equal(("国の様式が紙のみ", "国の様式が紙のみ"), (without.Comment, p.ExemptReason));
        p.MoveTo(UnderReview, Dx, T0.AddDays(4));
        Assert.Equal(DomainError.ExemptReasonRequired, Refusal(() => p.MoveTo(Exempt, Dx, T0.AddDays(5), new MoveDetails(Comment: "理由なし"))));
        Assert.Equal(UnderReview, p.Status);
    }

    [Fact]
    public void Raising_an_objection_and_setting_a_volume_record_who_changed_the_procedure_and_when()
    {
        var p = New();
        p.RaiseObjection(new NewObjection(ObjectionCategory.Seal, "押印が必要"), Head, T0.AddDays(1));
        Assert.Equal((T0.AddDays(1), "課長"), (p.UpdatedAtUtc, p.UpdatedByName));
        p.SetVolume(2025, 10, 1, Dx, T0.AddDays(2));
        Assert.Equal((T0.AddDays(2), "DX担当"), (p.UpdatedAtUtc, p.UpdatedByName));
        p.SetVolume(2025, 20, 2, Head, T0.AddDays(3));
        Assert.Equal((T0.AddDays(3), "課長"), (p.UpdatedAtUtc, p.UpdatedByName));
        Assert.Equal(DomainError.NotPermitted, Refusal(() => p.RaiseObjection(new NewObjection(ObjectionCategory.Seal, "x", "反論"), Head, T0)));
    }

    [Fact]
    public void Only_the_DX_team_withholds_a_procedure_from_publication_with_a_reason_and_releases_it()
    {
        var p = New();
        Assert.Equal(DomainError.NotPermitted, Refusal(() => p.WithholdFromPublication("理由", Head, T0)));
        Assert.Equal(DomainError.WithholdReasonRequired, Refusal(() => p.WithholdFromPublication("  ", Dx, T0)));
        Assert.Null(p.PublicationWithheldReason);
        p.WithholdFromPublication(" 公開準備中 ", new Actor("dx2", "DX二号", Role.DxTeam, null), T0.AddDays(1));
        Assert.Equal(("公開準備中", T0.AddDays(1), "DX二号"), (p.PublicationWithheldReason, p.UpdatedAtUtc, p.UpdatedByName));
        Assert.Equal(DomainError.NotPermitted, Refusal(() => p.ReleaseForPublication(Head, T0.AddDays(2))));
        Assert.Equal(DomainError.NotPermitted, Refusal(() => p.ReleaseForPublication(Manager, T0.AddDays(2))));
        Assert.Equal("公開準備中", p.PublicationWithheldReason);
        p.ReleaseForPublication(Dx, T0.AddDays(2));
        Assert.Equal((null, T0.AddDays(2), "DX担当"), (p.PublicationWithheldReason, p.UpdatedAtUtc, p.UpdatedByName));
    }
}
