using DxTracker.Domain.Data;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Procedures;

namespace DxTracker.Domain.Reporting;

/// <summary>The last <see cref="ProfileBoard"/> read on this instance, shared by every user: the panel is the same for everyone
/// (no year, filter, role or department scope goes into it), so a repeated board open costs no query. One per app (a
/// singleton, added to every <c>DxDbContext</c> as an interceptor): any save on this instance that tracks what the panel reads —
/// procedures (their status, profile answers and 対面要件 are the procedure's columns), objections, departments, divisions —
/// empties it at once (<see cref="EvictOnSave"/>; a status change is saved with its procedure). A save made by another instance
/// on the same PostgreSQL database is not seen here: the panel is kept at most <see cref="Lifetime"/>, so it is then at most a
/// minute old. A load that was under way while a save was written is not kept (each save moves the generation on).</summary>
public sealed class ProfileBoardCache(TimeProvider clock) : EvictOnSave
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private sealed record Entry(long Generation, DateTimeOffset LoadedAt, ProfileBoard Board);

    private long _generation;
    private Entry? _entry;

    /// <summary>The kept panel if no save touched it and it is younger than <see cref="Lifetime"/>; otherwise <paramref name="load"/>'s.</summary>
    public async Task<ProfileBoard> GetAsync(Func<CancellationToken, Task<ProfileBoard>> load, CancellationToken ct)
    {
        var generation = Interlocked.Read(ref _generation);
        var startedAt = clock.GetUtcNow();
        if (Volatile.Read(ref _entry) is { } kept && kept.Generation == generation && startedAt - kept.LoadedAt < Lifetime)
            return kept.Board;
        var board = await load(ct);
        Volatile.Write(ref _entry, new Entry(generation, startedAt, board));
        return board;
    }

    protected override bool Shows(object entity) => entity is Procedure or Objection or Department or Division;

    protected override ValueTask EvictAsync()
    {
        Interlocked.Increment(ref _generation);
        return ValueTask.CompletedTask;
    }
}
