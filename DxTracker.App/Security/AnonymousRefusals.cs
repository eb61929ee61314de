using System.Collections.Concurrent;

namespace DxTracker.App.Security;

/// <summary>Keeps anonymous refusals (requests to /jobs without a sign-in) from growing the append-only audit log without
/// bound: one row per client address per minute; the refusals in between are counted and the count goes into that
/// address's next row. Addresses idle for a minute are forgotten once many are held, so memory stays bounded too.</summary>
public sealed class AnonymousRefusals(TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const int ForgetAbove = 10_000;

    private readonly ConcurrentDictionary<string, Tally> _tallies = new();

    private sealed class Tally
    {
        public DateTimeOffset Since;
        public int Uncounted;
    }

    /// <summary>For a refusal from <paramref name="remoteIp"/>: null when it is only counted, otherwise "write a row now",
    /// with the number of refusals from that address since its previous row that have none.</summary>
    public int? Admit(string remoteIp)
    {
        var now = clock.GetUtcNow();
        if (_tallies.Count > ForgetAbove)
        {
            foreach (var (ip, idle) in _tallies)
            {
                if (now - idle.Since >= Window)
                    _tallies.TryRemove(ip, out _);
            }
        }
        var tally = _tallies.GetOrAdd(remoteIp, _ => new Tally { Since = DateTimeOffset.MinValue });
        lock (tally)
        {
            if (now - tally.Since < Window)
            {
                tally.Uncounted++;
                return null;
            }
            var uncounted = tally.Uncounted;
            (tally.Since, tally.Uncounted) = (now, 0);
            return uncounted;
        }
    }
}
