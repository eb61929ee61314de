using DxTracker.Domain.Procedures;
using DxTracker.Domain.Reminders;

namespace DxTracker.Tests.Rules;

/// <summary>When a stall begins (the part of the stall rule that is not SQL): a NotConsidered procedure waits for its
/// department's first hearing, counted from 00:00 Japan time of that day.</summary>
[Trait("Kind", "Pure")]
public sealed class StallRuleTests
{
    private static readonly DateTime Changed = new(2026, 4, 10, 1, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_NotConsidered_procedure_stalls_from_its_departments_first_hearing_when_that_came_later()
    {
        // The hearing on May 1 (Japan) begins at April 30 15:00 UTC.
        Assert.Equal(new DateTime(2026, 4, 30, 15, 0, 0, DateTimeKind.Utc),
            StallRule.StallStartUtc(ProcedureStatus.NotConsidered, Changed, new DateOnly(2026, 5, 1)));
    }

    [Fact]
    public void A_hearing_before_the_status_change_leaves_the_change_as_the_start()
    {
        Assert.Equal(Changed, StallRule.StallStartUtc(ProcedureStatus.NotConsidered, Changed, new DateOnly(2026, 4, 1)));
        // The hearing day of the change itself: its midnight (April 9 15:00 UTC) is before the change (April 10 01:00 UTC).
        Assert.Equal(Changed, StallRule.StallStartUtc(ProcedureStatus.NotConsidered, Changed, new DateOnly(2026, 4, 10)));
    }

    [Fact]
    public void A_hearing_whose_midnight_is_the_change_itself_keeps_the_change()
    {
        var atMidnight = new DateTime(2026, 4, 30, 15, 0, 0, DateTimeKind.Utc);
        Assert.Equal(atMidnight, StallRule.StallStartUtc(ProcedureStatus.NotConsidered, atMidnight, new DateOnly(2026, 5, 1)));
    }

    [Fact]
    public void Without_a_hearing_or_in_any_other_status_the_change_is_the_start()
    {
        Assert.Equal(Changed, StallRule.StallStartUtc(ProcedureStatus.NotConsidered, Changed, null));
        foreach (var status in Enum.GetValues<ProcedureStatus>().Where(s => s != ProcedureStatus.NotConsidered))
            Assert.Equal(Changed, StallRule.StallStartUtc(status, Changed, new DateOnly(2026, 6, 1)));
    }

    [Theory]
    [InlineData(2026, 3, 31, 14, 59, 2026, 3, 31)]
    [InlineData(2026, 3, 31, 15, 0, 2026, 4, 1)]
    [InlineData(2026, 12, 31, 23, 0, 2027, 1, 1)]
    public void The_Japanese_calendar_day_of_an_instant_turns_at_15_00_UTC(int y, int mo, int d, int h, int mi, int jy, int jm, int jd) =>
        Assert.Equal(new DateOnly(jy, jm, jd), StallRule.JapanDate(new DateTime(y, mo, d, h, mi, 0, DateTimeKind.Utc)));

    [Fact]
    public void Japan_midnight_is_15_00_UTC_of_the_day_before_and_is_a_UTC_time()
    {
        var midnight = StallRule.JapanMidnightUtc(new DateOnly(2027, 1, 1));
        Assert.Equal(new DateTime(2026, 12, 31, 15, 0, 0, DateTimeKind.Utc), midnight);
        Assert.Equal(DateTimeKind.Utc, midnight.Kind);
        Assert.Equal(new DateOnly(2027, 1, 1), StallRule.JapanDate(midnight));
    }
}
