using DxTracker.App.Security;
using Microsoft.Extensions.Time.Testing;

namespace DxTracker.Tests.Security;

public sealed class AnonymousRefusalsTests
{
    [Fact]
    public void A_flood_of_anonymous_refusals_gets_one_row_per_address_per_minute_and_the_next_row_counts_the_rest()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 3, 0, 0, TimeSpan.Zero));
        var refusals = new AnonymousRefusals(clock);

        Assert.Equal(0, refusals.Admit("192.0.2.1"));
        for (var i = 0; i < 500; i++)
            Assert.Null(refusals.Admit("192.0.2.1"));
        // Another address has its own minute.
        Assert.Equal(0, refusals.Admit("192.0.2.2"));

        clock.Advance(AnonymousRefusals.Window - TimeSpan.FromSeconds(1));
        Assert.Null(refusals.Admit("192.0.2.1"));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(501, refusals.Admit("192.0.2.1"));
        Assert.Null(refusals.Admit("192.0.2.1"));
    }
}
