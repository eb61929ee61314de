using DxTracker.Domain.Audit;
using DxTracker.Domain.Hearings;
using DxTracker.Domain.National;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Procedures;
using DxTracker.Domain.Publication;
using DxTracker.Domain.Reminders;
using DxTracker.Domain.Reporting;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DxTracker.Domain.Data;

/// <summary>The app's data. Provider-neutral: the host chooses the provider and the migrations assembly.</summary>
public sealed class DxDbContext(DbContextOptions<DxDbContext> options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    /// <summary>Data Protection keys, shared by every app instance on the same database (cookies survive a switch of instance).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Division> Divisions => Set<Division>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<Procedure> Procedures => Set<Procedure>();
    public DbSet<ProcedureVolume> ProcedureVolumes => Set<ProcedureVolume>();
    public DbSet<StatusChange> StatusChanges => Set<StatusChange>();
    public DbSet<Objection> Objections => Set<Objection>();
    public DbSet<HearingSession> HearingSessions => Set<HearingSession>();
    public DbSet<HearingItem> HearingItems => Set<HearingItem>();
    public DbSet<FollowUpAction> FollowUpActions => Set<FollowUpAction>();
    public DbSet<Reminder> Reminders => Set<Reminder>();
    public DbSet<ReminderMail> ReminderMails => Set<ReminderMail>();
    public DbSet<StallThreshold> StallThresholds => Set<StallThreshold>();
    public DbSet<NationalProcedure> NationalProcedures => Set<NationalProcedure>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<DepartmentYearFigures> ClosedYearFigures => Set<DepartmentYearFigures>();
    public DbSet<HistoryStamp> HistoryStamps => Set<HistoryStamp>();
    public DbSet<ShareDraft> ShareDrafts => Set<ShareDraft>();
    public DbSet<Invitation> Invitations => Set<Invitation>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(DxDbContext).Assembly);
        TextFold.Map(builder, Database.ProviderName);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }

    /// <summary>Bumps the concurrency token of every modified procedure, so a save from a stale copy fails;
    /// refuses to change or remove audit rows (the audit log is append-only); invalidates the stored closed-year figures
    /// (<see cref="DepartmentYearFigures"/>) in the same save when the changes alter a stored year.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (BeforeSave() is { } from && await ClosedYearFigures.AnyAsync(f => f.Year >= from, cancellationToken))
            ClosedYears.Invalidate(this);
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <inheritdoc cref="SaveChangesAsync(bool, CancellationToken)"/>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (BeforeSave() is { } from && ClosedYearFigures.Any(f => f.Year >= from))
            ClosedYears.Invalidate(this);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>Everything a save does before it writes. Returns the earliest fiscal year the pending changes alter when only
    /// the database can tell whether figures of that year or later are stored (then the caller asks it, and invalidates if
    /// so); null when nothing is left to check: no figures change, or a change alters a closed year (invalidated here).</summary>
    private int? BeforeSave()
    {
        if (ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
            throw new InvalidOperationException("Audit entries are append-only: they cannot be changed or deleted.");
        BumpVersions();
        if (ClosedYears.PendingAlterations(ChangeTracker) is not { } altered)
            return null;
        if (!altered.AltersClosedYear)
            return altered.From;
        ClosedYears.Invalidate(this);
        return null;
    }

    /// <summary>Every domain write touches the procedure (UpdatedAtUtc), so a modified row is the signal to bump.</summary>
    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<Procedure>().Where(e => e.State == EntityState.Modified))
        {
            var version = entry.Property(p => p.Version);
            version.CurrentValue = version.OriginalValue + 1;
        }
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v == null ? v : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
        v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
}
