using System.Globalization;
using DxTracker.Domain;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Procedures;
using DxTracker.Tests.Support;
using static DxTracker.Domain.Procedures.ProcedureStatus;

namespace DxTracker.Tests.Rules;

/// <summary>Every (from, to, role, own/other department) combination against the workflow of docs/DOMAIN.md#status-workflow, written out here
/// independently of the domain's table.</summary>
[Trait("Kind", "Pure")]
public sealed class WorkflowTests
{
    private const int OwnDepartment = 1;
    private const int OtherDepartment = 2;
    private static readonly DateTime T0 = new(2025, 5, 1, 0, 0, 0, DateTimeKind.Utc);

    // docs/DOMAIN.md#status-workflow, the table, verbatim.
    private static readonly (ProcedureStatus From, ProcedureStatus To)[] Allowed =
    [
        (NotConsidered, UnderReview), (NotConsidered, ObjectionRaised), (NotConsidered, InProgress),
        (UnderReview, ObjectionRaised), (UnderReview, InProgress), (UnderReview, Exempt),
        (ObjectionRaised, UnderReview), (ObjectionRaised, InProgress), (ObjectionRaised, Exempt),
        (InProgress, Digitized), (InProgress, ObjectionRaised),
        (Digitized, InProgress),
        (Exempt, UnderReview),
    ];

    // Into Exempt, withdrawing a form, reopening an exemption: DxTeam only.
    private static bool DxTeamOnly(ProcedureStatus from, ProcedureStatus to) => to == Exempt || from == Digitized || from == Exempt;

    public static TheoryData<ProcedureStatus, ProcedureStatus, Role, bool> Cases()
    {
        var data = new TheoryData<ProcedureStatus, ProcedureStatus, Role, bool>();
        foreach (var from in Enum.GetValues<ProcedureStatus>())
            foreach (var to in Enum.GetValues<ProcedureStatus>())
                foreach (var role in Enum.GetValues<Role>())
                    foreach (var own in new[] { true, false })
                        data.Add(from, to, role, own);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MoveTo_follows_the_table_roles_and_department_scope(ProcedureStatus from, ProcedureStatus to, Role role, bool ownDepartment)
    {
        using var _ = new CultureScope("ja-JP");
        var procedure = ProcedureIn(from);
        var actor = new Actor("u", "利用者", role, role == Role.DepartmentHead ? (ownDepartment ? OwnDepartment : OtherDepartment) : null);
        var mayWrite = role == Role.DxTeam || (role == Role.DepartmentHead && ownDepartment);
        var expected = mayWrite && Allowed.Contains((from, to)) && (role == Role.DxTeam || !DxTeamOnly(from, to));

        var historyBefore = procedure.History.Count;
        var objectionsBefore = procedure.Objections.Count;
        var details = new MoveDetails("コメント", "https://example.jp/form", "法令上、対面での確認が必須", new NewObjection(ObjectionCategory.Seal, "押印が必要"));
        var act = () => procedure.MoveTo(to, actor, T0.AddDays(10), details);

        if (expected)
        {
            act();
            Assert.Equal(to, procedure.Status);
            var change = procedure.History[^1];
            Assert.Equal((from, to, "u"), (change.FromStatus, change.ToStatus, change.ByUserId));
            Assert.Equal(T0.AddDays(10), procedure.StatusChangedAtUtc);
            return;
        }
        var refusal = Assert.ThrowsAny<DomainException>(act);
        Assert.Equal(from, procedure.Status);
        Assert.Equal(historyBefore, procedure.History.Count);
        Assert.Equal(objectionsBefore, procedure.Objections.Count);
        var expectedError = !mayWrite
            ? (role == Role.DepartmentHead ? DomainError.OtherDepartment : DomainError.NotPermitted)
            : !Allowed.Contains((from, to)) ? DomainError.MoveNotAllowed : DomainError.DxTeamOnlyMove;
        Assert.Equal(expectedError, refusal.Error);
        Assert.False(string.IsNullOrWhiteSpace(refusal.Message));
        Assert.DoesNotContain("Error_", refusal.Message);
    }

    [Fact]
    public void MoveTo_not_allowed_names_the_allowed_moves_in_Japanese()
    {
        using var _ = new CultureScope("ja-JP");
        var procedure = ProcedureIn(UnderReview);
        var e = Assert.Throws<DomainException>(() => procedure.MoveTo(Digitized, DxTeam, T0, new MoveDetails(OnlineFormUrl: "https://x.jp")));
        Assert.Equal("「検討中」から「電子化済」へは移せません。移せる先：課題あり、電子化作業中、対象外", e.Message);
    }

    [Fact]
    public void MoveTo_not_allowed_message_is_English_under_an_English_culture()
    {
        using var _ = new CultureScope("en-US");
        var procedure = ProcedureIn(NotConsidered);
        var e = Assert.Throws<DomainException>(() => procedure.MoveTo(Digitized, DxTeam, T0, new MoveDetails(OnlineFormUrl: "https://x.jp")));
        Assert.Equal("A procedure cannot move from \"Not considered\" to \"Digitized\". Allowed: Under review, Objection raised, In progress", e.Message);
    }

    [Fact]
    public void MoveTo_ObjectionRaised_without_an_open_objection_is_refused()
    {
        var procedure = ProcedureIn(UnderReview);
        var e = Assert.Throws<DomainException>(() => procedure.MoveTo(ObjectionRaised, DxTeam, T0));
        Assert.Equal(DomainError.ObjectionRequired, e.Error);
        Assert.Equal(UnderReview, Assert.Single(procedure.History).ToStatus);
    }

    [Fact]
    public void MoveTo_ObjectionRaised_with_an_existing_open_objection_needs_no_new_one()
    {
        var procedure = ProcedureIn(UnderReview);
        procedure.RaiseObjection(new NewObjection(ObjectionCategory.NoSystem, "システムがない"), DxTeam, T0);
        procedure.MoveTo(ObjectionRaised, DxTeam, T0.AddDays(1));
        Assert.Equal(ObjectionRaised, procedure.Status);
    }

    [Theory]
    [InlineData(null, DomainError.UrlRequired)]
    [InlineData("  ", DomainError.UrlRequired)]
    [InlineData("ftp://example.jp/form", DomainError.UrlInvalid)]
    [InlineData("javascript:alert(1)", DomainError.UrlInvalid)]
    [InlineData("example.jp/form", DomainError.UrlInvalid)]
    public void MoveTo_Digitized_without_an_http_url_is_refused(string? url, DomainError error)
    {
        var procedure = ProcedureIn(InProgress);
        var e = Assert.Throws<DomainException>(() => procedure.MoveTo(Digitized, DxTeam, T0, new MoveDetails(OnlineFormUrl: url)));
        Assert.Equal(error, e.Error);
        Assert.Equal(InProgress, procedure.Status);
    }

    [Fact]
    public void MoveTo_Digitized_stores_the_url()
    {
        var procedure = ProcedureIn(InProgress);
        procedure.MoveTo(Digitized, DxTeam, T0, new MoveDetails(OnlineFormUrl: " https://shinsei.example.jp/f/1 "));
        Assert.Equal("https://shinsei.example.jp/f/1", procedure.OnlineFormUrl);
    }

    [Fact]
    public void MoveTo_Exempt_without_a_reason_is_refused_and_with_one_records_it()
    {
        var procedure = ProcedureIn(UnderReview);
        Assert.Equal(DomainError.ExemptReasonRequired, Assert.Throws<DomainException>(() => procedure.MoveTo(Exempt, DxTeam, T0, new MoveDetails(ExemptReason: " "))).Error);
        procedure.MoveTo(Exempt, DxTeam, T0, new MoveDetails(ExemptReason: "現地確認が法定されている"));
        Assert.Equal("現地確認が法定されている", procedure.ExemptReason);
        Assert.Equal("現地確認が法定されている", procedure.History[^1].Comment);
        procedure.MoveTo(UnderReview, DxTeam, T0.AddDays(1));
        Assert.Null(procedure.ExemptReason);
    }

    [Fact]
    public void Targets_offered_to_a_department_head_exclude_DxTeam_only_moves()
    {
        var head = new Actor("h", "課長", Role.DepartmentHead, OwnDepartment);
        Assert.Equal([ObjectionRaised, InProgress], Workflow.TargetsFor(UnderReview, head, OwnDepartment));
        Assert.Empty(Workflow.TargetsFor(UnderReview, head, OtherDepartment));
        Assert.Empty(Workflow.TargetsFor(Digitized, head, OwnDepartment));
        Assert.Equal([InProgress], Workflow.TargetsFor(Digitized, DxTeam, OtherDepartment));
        Assert.Empty(Workflow.TargetsFor(UnderReview, new Actor("m", "部長", Role.Manager, null), OwnDepartment));
    }

    [Fact]
    public void Objections_rebuttals_and_closing_follow_the_roles()
    {
        var head = new Actor("h", "課長", Role.DepartmentHead, OwnDepartment);
        var procedure = ProcedureIn(UnderReview);
        var objection = procedure.RaiseObjection(new NewObjection(ObjectionCategory.Seal, "押印が条例で必要"), head, T0);
        Assert.Equal("課長", objection.RaisedByName);
        Assert.Throws<AccessDeniedException>(() => procedure.RaiseObjection(new NewObjection(ObjectionCategory.Seal, "x", "反論"), head, T0));
        Assert.Throws<AccessDeniedException>(() => procedure.RaiseObjection(new NewObjection(ObjectionCategory.Seal, "x"), new Actor("o", "他課長", Role.DepartmentHead, OtherDepartment), T0));
        Assert.Throws<AccessDeniedException>(() => procedure.CloseObjection(objection.Id, ObjectionOutcome.Countered, head, T0));
        Assert.Throws<DomainException>(() => procedure.RaiseObjection(new NewObjection(ObjectionCategory.Seal, "  "), head, T0));
    }

    private static readonly Actor DxTeam = new("dx", "DX担当", Role.DxTeam, null);

    /// <summary>A procedure of department 1 driven into <paramref name="status"/> through allowed moves.</summary>
    internal static Procedure ProcedureIn(ProcedureStatus status)
    {
        var p = Procedure.Create(OwnDepartment, new ProcedureFields { Code = "P-1", Name = "住民票の写しの交付請求" }, DxTeam, T0.AddDays(-100));
        var path = status switch
        {
            NotConsidered => [],
            UnderReview => new[] { UnderReview },
            ObjectionRaised => [UnderReview, ObjectionRaised],
            InProgress => [InProgress],
            Digitized => [InProgress, Digitized],
            _ => [UnderReview, Exempt],
        };
        var at = T0.AddDays(-90);
        foreach (var next in path)
        {
            p.MoveTo(next, DxTeam, at = at.AddDays(1), new MoveDetails(OnlineFormUrl: "https://example.jp/old", ExemptReason: "理由", Objection: new NewObjection(ObjectionCategory.Other, "既存の課題")));
        }
        return p;
    }
}
