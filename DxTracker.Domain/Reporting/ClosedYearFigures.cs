using DxTracker.Domain.Procedures;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace DxTracker.Domain.Reporting;

/// <summary>
/// One department's figures of a closed fiscal year (its March-31 state, volumes and moves into Digitized), stored by
/// <see cref="BoardQuery"/> on first use: a closed year's March-31 state only changes when a write alters the past (a
/// volume of a closed year, a procedure moved to another department), so a past year's board and the trend are a lookup.
/// A row counts only while its <see cref="Stamp"/> equals <see cref="HistoryStamp.Value"/>; such writes give the stamp a
/// new value in their own transaction (<see cref="ClosedYears"/>). Also the shape in which the live figures come back.
/// </summary>
public sealed class DepartmentYearFigures
{
    public int Year { get; internal set; }
    public int DepartmentId { get; init; }
    public Guid Stamp { get; internal set; }
    public int Count { get; init; }
    public int NotConsidered { get; init; }
    public int UnderReview { get; init; }
    public int ObjectionRaised { get; init; }
    public int InProgress { get; init; }
    public int Digitized { get; init; }
    public int Exempt { get; init; }
    public int Unknown { get; init; }
    public long VolumeAll { get; init; }
    public long VolumeDigitized { get; init; }
    public long Online { get; init; }
    public long OnlineBase { get; init; }
    public int DigitizedInYear { get; internal set; }
}

/// <summary>The single row whose value every stored <see cref="DepartmentYearFigures"/> row must carry to count.</summary>
public sealed class HistoryStamp
{
    public const int SingletonId = 1;

    /// <summary>The value of a new database.</summary>
    public static readonly Guid Initial = new("0b0a7d1e-5c1f-4d8e-9a4b-2f6c3e8d1a01");

    public int Id { get; init; }
    public Guid Value { get; internal set; }
}

/// <summary>Keeps stored closed-year figures honest: finds the pending writes that alter a fiscal year's March-31 figures
/// and, when a stored year may be among them, gives <see cref="HistoryStamp"/> a new value in the same save.</summary>
internal static class ClosedYears
{
    /// <summary>The earliest fiscal year whose figures the pending changes alter, and whether any of them alters a year that
    /// was already closed for the writer (its clock: the procedure's UpdatedAtUtc, which every domain write sets). Null when
    /// no figures change.</summary>
    public static (int From, bool AltersClosedYear)? PendingAlterations(ChangeTracker tracker)
    {
        var writerYears = new Dictionary<int, int>();
        int? from = null;
        var altersClosed = false;
        void Alter(int year, bool closed)
        {
            from = Math.Min(from ?? year, year);
            altersClosed |= closed;
        }

        foreach (var entry in tracker.Entries<Procedure>())
        {
            writerYears[entry.Property(p => p.Id).CurrentValue] = FiscalYear.Of(entry.Entity.UpdatedAtUtc).Year;
            var department = entry.Property(p => p.DepartmentId);
            if (entry.State == EntityState.Deleted || (entry.State == EntityState.Modified && department.OriginalValue != department.CurrentValue))
                Alter(int.MinValue, closed: true); // every year's per-department figures
            else if (entry.State == EntityState.Added)
                Alter(FiscalYear.Of(entry.Entity.CreatedAtUtc).Year, closed: false);
        }
        foreach (var entry in tracker.Entries<StatusChange>().Where(Pending))
            Alter(FiscalYear.Of(entry.Entity.AtUtc).Year, closed: false); // a first import's dated move: the stored years are asked
        foreach (var entry in tracker.Entries<ProcedureVolume>().Where(Pending))
        {
            var year = entry.Entity.FiscalYear;
            // A volume without its procedure in the save has no writer's clock: treated as altering a closed year.
            var closed = !writerYears.TryGetValue(entry.Property(v => v.ProcedureId).CurrentValue, out var writerYear) || year < writerYear;
            Alter(year, closed);
        }
        return from is { } year0 ? (year0, altersClosed) : null;
    }

    /// <summary>Gives the stamp a new value (saved with the pending changes), so every stored row stops counting.</summary>
    public static void Invalidate(DbContext db)
    {
        var entry = db.ChangeTracker.Entries<HistoryStamp>().FirstOrDefault() ?? db.Attach(new HistoryStamp { Id = HistoryStamp.SingletonId });
        entry.Entity.Value = Guid.NewGuid();
        entry.Property(s => s.Value).IsModified = true;
    }

    private static bool Pending(EntityEntry entry) => entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted;
}
