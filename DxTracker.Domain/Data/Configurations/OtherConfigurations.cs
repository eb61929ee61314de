using DxTracker.Domain.Audit;
using DxTracker.Domain.Hearings;
using DxTracker.Domain.National;
using DxTracker.Domain.Reminders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DxTracker.Domain.Data.Configurations;

internal sealed class HearingSessionConfiguration : IEntityTypeConfiguration<HearingSession>
{
    public void Configure(EntityTypeBuilder<HearingSession> b)
    {
        b.Property(h => h.DepartmentAttendees).HasMaxLength(1000);
        b.Property(h => h.DxTeamMembers).HasMaxLength(1000);
        b.Property(h => h.Summary).HasMaxLength(8000);
        b.Property(h => h.RecordedByName).HasMaxLength(100);
        b.HasIndex(h => new { h.DepartmentId, h.HeldOn });
        b.HasOne(h => h.Department).WithMany().HasForeignKey(h => h.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(h => h.Items).WithOne(i => i.HearingSession).HasForeignKey(i => i.HearingSessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(h => h.FollowUps).WithOne(f => f.HearingSession).HasForeignKey(f => f.HearingSessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class HearingItemConfiguration : IEntityTypeConfiguration<HearingItem>
{
    public void Configure(EntityTypeBuilder<HearingItem> b)
    {
        b.Property(i => i.OutcomeNote).HasMaxLength(4000);
        b.HasIndex(i => i.ProcedureId);
        b.HasOne(i => i.Procedure).WithMany().HasForeignKey(i => i.ProcedureId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FollowUpActionConfiguration : IEntityTypeConfiguration<FollowUpAction>
{
    public void Configure(EntityTypeBuilder<FollowUpAction> b)
    {
        b.Property(f => f.Description).HasMaxLength(2000);
        b.HasIndex(f => new { f.DoneAtUtc, f.DueOn });
        b.HasOne(f => f.Owner).WithMany().HasForeignKey(f => f.OwnerUserId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class ReminderConfiguration : IEntityTypeConfiguration<Reminder>
{
    public void Configure(EntityTypeBuilder<Reminder> b)
    {
        b.Property(r => r.Title).HasMaxLength(Reminder.TitleMaxLength);
        b.HasIndex(r => new { r.Kind, r.ItemId, r.StallStartUtc, r.UserId }).IsUnique();
        b.HasIndex(r => new { r.UserId, r.ReadAtUtc });
        b.HasOne(r => r.Department).WithMany().HasForeignKey(r => r.DepartmentId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Identity.AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ReminderMail>().WithMany().HasForeignKey(r => r.MailId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class ReminderMailConfiguration : IEntityTypeConfiguration<ReminderMail>
{
    public void Configure(EntityTypeBuilder<ReminderMail> b)
    {
        b.Property(m => m.MessageId).HasMaxLength(ReminderMail.MessageIdMaxLength);
        b.HasIndex(m => m.MessageId).IsUnique();
        b.HasIndex(m => new { m.SentAtUtc, m.UserId });
        b.HasOne<Identity.AppUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Identity.Invitation>
{
    public void Configure(EntityTypeBuilder<Identity.Invitation> b)
    {
        b.Property(i => i.TokenHash).HasMaxLength(Identity.Invitation.TokenHashLength);
        b.Property(i => i.PendingToken).HasMaxLength(Identity.Invitation.PendingTokenMaxLength);
        b.Property(i => i.MessageId).HasMaxLength(Identity.Invitation.MessageIdMaxLength);
        b.HasIndex(i => i.TokenHash).IsUnique();
        b.HasIndex(i => i.MessageId).IsUnique();
        b.HasIndex(i => new { i.UserId, i.CreatedAtUtc });
        b.HasIndex(i => new { i.SentAtUtc, i.RevokedAtUtc });
        b.HasOne<Identity.AppUser>().WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StallThresholdConfiguration : IEntityTypeConfiguration<StallThreshold>
{
    public void Configure(EntityTypeBuilder<StallThreshold> b)
    {
        b.HasIndex(t => t.Status).IsUnique();
    }
}

internal sealed class NationalProcedureConfiguration : IEntityTypeConfiguration<NationalProcedure>
{
    public void Configure(EntityTypeBuilder<NationalProcedure> b)
    {
        b.HasIndex(n => new { n.SurveyDate, n.NationalId }).IsUnique();
        b.HasIndex(n => n.NationalId);
        b.Property(n => n.NationalId).HasMaxLength(50);
        b.Property(n => n.Name).HasMaxLength(500);
        b.Property(n => n.ConcernCodes).HasMaxLength(50);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(a => a.Action).HasMaxLength(60);
        b.Property(a => a.UserName).HasMaxLength(256);
        b.Property(a => a.Target).HasMaxLength(400);
        b.Property(a => a.Detail).HasMaxLength(4000);
        b.Property(a => a.RemoteIp).HasMaxLength(64);
        b.HasIndex(a => a.AtUtc);
        b.HasIndex(a => new { a.Action, a.AtUtc });
    }
}
