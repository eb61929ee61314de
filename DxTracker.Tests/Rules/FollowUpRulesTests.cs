using DxTracker.Domain;
using DxTracker.Domain.Hearings;
using DxTracker.Domain.Identity;

namespace DxTracker.Tests.Rules;

/// <summary>Who may mark a hearing's follow-up done or open it again, and when it is overdue.</summary>
[Trait("Kind", "Pure")]
public sealed class FollowUpRulesTests
{
    private const int Department = 7;
    private static readonly DateTime Now = new(2026, 6, 1, 3, 0, 0, DateTimeKind.Utc);
    private static readonly Actor DxTeam = new("dx", "DX", Role.DxTeam, null);
    private static readonly Actor Owner = new("head", "課長", Role.DepartmentHead, Department);

    private static FollowUpAction Action(string? owner = "head") => new()
    {
        Description = "様式の見直し",
        OwnerUserId = owner,
        DueOn = new DateOnly(2026, 6, 30),
        HearingSession = new HearingSession { DepartmentId = Department },
    };

    [Fact]
    public void The_owner_in_the_hearings_department_marks_it_done_and_opens_it_again()
    {
        var action = Action();
        action.MarkDone(Owner, Now);
        Assert.True(action.IsDone);
        Assert.Equal(Now, action.DoneAtUtc);
        action.Reopen(Owner);
        Assert.False(action.IsDone);
        Assert.Null(action.DoneAtUtc);
    }

    [Fact]
    public void Marking_done_again_keeps_the_first_done_time()
    {
        var action = Action();
        action.MarkDone(Owner, Now);
        action.MarkDone(DxTeam, Now.AddDays(3));
        Assert.Equal(Now, action.DoneAtUtc);
    }

    [Fact]
    public void The_DX_team_may_complete_anyones_action_even_without_the_hearing_loaded()
    {
        var action = Action(owner: null);
        action.HearingSession = null;
        action.MarkDone(DxTeam, Now);
        Assert.Equal(Now, action.DoneAtUtc);
        action.Reopen(DxTeam);
        Assert.Null(action.DoneAtUtc);
    }

    public static TheoryData<Actor> Refused => new()
    {
        new Actor("other", "別の課長", Role.DepartmentHead, Department),
        new Actor("head", "課長", Role.DepartmentHead, Department + 1),
        new Actor("head", "課長", Role.Manager, null),
        new Actor("head", "課長", Role.DepartmentHead, null),
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Anyone_else_is_refused_and_nothing_changes(Actor actor)
    {
        var action = Action();
        Assert.Equal(DomainError.NotPermitted, Assert.Throws<AccessDeniedException>(() => action.MarkDone(actor, Now)).Error);
        Assert.Null(action.DoneAtUtc);
        action.MarkDone(DxTeam, Now);
        Assert.Throws<AccessDeniedException>(() => action.Reopen(actor));
        Assert.Equal(Now, action.DoneAtUtc);
    }

    [Fact]
    public void A_head_needs_the_hearing_loaded_to_be_judged()
    {
        var action = Action();
        action.HearingSession = null;
        var e = Assert.Throws<InvalidOperationException>(() => action.MarkDone(Owner, Now));
        Assert.Contains("hearing", e.Message, StringComparison.Ordinal);
        Assert.Null(action.DoneAtUtc);
    }

    [Theory]
    [InlineData(29, false, false)]
    [InlineData(30, false, false)]
    [InlineData(31, false, true)]
    [InlineData(31, true, false)]
    public void Overdue_means_past_the_due_day_and_not_done_alike_in_memory_and_in_the_query(int day, bool done, bool expected)
    {
        // Due June 30; "today" is counted from June: 29 → June 29, 30 → June 30, 31 → July 1.
        var today = new DateOnly(2026, 6, 1).AddDays(day - 1);
        var action = Action();
        if (done)
            action.MarkDone(DxTeam, Now);
        Assert.Equal(expected, FollowUpAction.IsOverdue(action.DueOn, action.DoneAtUtc, today));
        Assert.Equal(expected, FollowUpAction.OverdueOn(today).Compile()(action));
    }

    [Fact]
    public void A_new_hearing_its_items_and_follow_ups_start_with_empty_texts_for_their_required_columns()
    {
        // The demo city and the hearing form leave some of them unset; the columns are NOT NULL and the pages show them as is.
        var hearing = new HearingSession();
        Assert.Equal(("", "", "", ""), (hearing.DepartmentAttendees, hearing.DxTeamMembers, hearing.Summary, hearing.RecordedByName));
        Assert.Empty(hearing.Items);
        Assert.Empty(hearing.FollowUps);
        Assert.Equal("", new HearingItem().OutcomeNote);
        var action = new FollowUpAction();
        Assert.Equal(("", false), (action.Description, action.IsDone));
    }
}
