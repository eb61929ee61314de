using DxTracker.Domain.Procedures;
using DxTracker.Domain.Publication;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DxTracker.Domain.Data.Configurations;

internal sealed class ProcedureConfiguration : IEntityTypeConfiguration<Procedure>
{
    public void Configure(EntityTypeBuilder<Procedure> b)
    {
        b.Property(p => p.Code).HasMaxLength(Procedure.CodeMaxLength);
        b.HasIndex(p => p.Code).IsUnique();
        b.Property(p => p.Name).HasMaxLength(Procedure.NameMaxLength);
        b.Property(p => p.NationalProcedureId).HasMaxLength(Procedure.CodeMaxLength);
        b.Property(p => p.LawName).HasMaxLength(Procedure.LawMaxLength);
        b.Property(p => p.LawArticle).HasMaxLength(Procedure.LawMaxLength);
        b.Property(p => p.OnlineFormUrl).HasMaxLength(Procedure.UrlMaxLength);
        b.Property(p => p.Attachments).HasMaxLength(Procedure.LongTextMaxLength);
        b.Property(p => p.Notes).HasMaxLength(Procedure.LongTextMaxLength);
        b.Property(p => p.ExemptReason).HasMaxLength(Procedure.LongTextMaxLength);
        b.Property(p => p.PublicationWithheldReason).HasMaxLength(Procedure.LongTextMaxLength);
        b.Property(p => p.TeleworkOtherReason).HasMaxLength(Procedure.LongTextMaxLength);
        // Flags are stored as their number (not the convention's text) so a filter is a bitwise test in SQL.
        b.Property(p => p.TeleworkBarriers).HasConversion<int>();
        b.Property(p => p.LifeEvents).HasConversion<int>();
        b.Property(p => p.UpdatedByName).HasMaxLength(100);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasIndex(p => new { p.DepartmentId, p.Status });
        b.HasIndex(p => new { p.Status, p.StatusChangedAtUtc });
        b.HasIndex(p => p.NationalProcedureId);
        b.HasIndex(p => p.Name);
        b.HasIndex(p => p.TargetFiscalYear);
        b.HasOne(p => p.Department).WithMany().HasForeignKey(p => p.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.History).WithOne().HasForeignKey(h => h.ProcedureId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Objections).WithOne(o => o.Procedure).HasForeignKey(o => o.ProcedureId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(p => p.Volumes).WithOne().HasForeignKey(v => v.ProcedureId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(p => p.History).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(p => p.Objections).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(p => p.Volumes).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class StatusChangeConfiguration : IEntityTypeConfiguration<StatusChange>
{
    public void Configure(EntityTypeBuilder<StatusChange> b)
    {
        b.Property(s => s.ByUserId).HasMaxLength(450);
        b.Property(s => s.ByName).HasMaxLength(100);
        b.Property(s => s.Comment).HasMaxLength(Procedure.LongTextMaxLength);
        b.HasIndex(s => new { s.ProcedureId, s.AtUtc });
        b.HasIndex(s => new { s.AtUtc, s.ToStatus });
        b.HasOne(s => s.HearingSession).WithMany().HasForeignKey(s => s.HearingSessionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ObjectionConfiguration : IEntityTypeConfiguration<Objection>
{
    public void Configure(EntityTypeBuilder<Objection> b)
    {
        b.Property(o => o.Description).HasMaxLength(Objection.MaxTextLength);
        b.Property(o => o.Rebuttal).HasMaxLength(Objection.MaxTextLength);
        b.Property(o => o.RaisedByUserId).HasMaxLength(450);
        b.Property(o => o.RaisedByName).HasMaxLength(100);
        b.Property(o => o.RebuttalByName).HasMaxLength(100);
        b.Property(o => o.ClosedByName).HasMaxLength(100);
        b.HasIndex(o => new { o.Outcome, o.Category });
        b.HasOne(o => o.HearingSession).WithMany().HasForeignKey(o => o.HearingSessionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProcedureVolumeConfiguration : IEntityTypeConfiguration<ProcedureVolume>
{
    public void Configure(EntityTypeBuilder<ProcedureVolume> b)
    {
        b.HasIndex(v => new { v.ProcedureId, v.FiscalYear }).IsUnique();
    }
}

internal sealed class ShareDraftConfiguration : IEntityTypeConfiguration<ShareDraft>
{
    public void Configure(EntityTypeBuilder<ShareDraft> b)
    {
        b.Property(d => d.Text).HasMaxLength(ShareDraft.TextMaxLength);
        b.Property(d => d.CreatedByUserId).HasMaxLength(450);
        b.Property(d => d.CreatedByName).HasMaxLength(100);
        b.Property(d => d.PostedByName).HasMaxLength(100);
        b.Ignore(d => d.Period);
        b.HasIndex(d => d.CreatedAtUtc);
    }
}
