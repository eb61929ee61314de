using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DxTracker.Domain.Identity;

/// <summary>What an invitation link is worth right now.</summary>
public enum InvitationState
{
    Valid,
    Unknown,
    Used,
    Expired,
    Replaced,
}

/// <summary>An invitation link looked up: its state, and for a valid one whose account it is.</summary>
public sealed record InvitationCheck(InvitationState State, long Id, string? UserId, string? Email, string? DisplayName, DateTime? ExpiresAtUtc);

/// <summary>One invitation mail to send (the token in clear, only in memory, for the link).</summary>
public sealed record InvitationMail(long Id, string MessageId, string Email, string DisplayName, string Token, DateTime ExpiresAtUtc);

/// <summary>Invitations for accounts without a password (DepartmentHead accounts made by the organisation import, or any
/// account the DX team made without one): the DX team issues them (one account, or everyone still without a password and
/// without a live invitation); the mailer sends each once; the person follows the link and sets their own password. The DX
/// team never sees a password or a token. Tokens: 32 random bytes, kept only as SHA-256, compared in constant time, never
/// logged. Issuing and every re-issue are in the audit log, as is each accepted invitation and each password change.</summary>
public sealed class InvitationService(
    IDbContextFactory<DxDbContext> dbFactory,
    IServiceScopeFactory scopes,
    IDataProtectionProvider protection,
    IOptions<IdentityOptions> identityOptions,
    TimeProvider clock,
    AuditLog audit,
    ILogger<InvitationService> logger)
{
    private IDataProtector Protector => protection.CreateProtector("DxTracker.Invitations.PendingToken");

    /// <summary>Issues a new invitation to each of <paramref name="userIds"/> (each must be an enabled account without a
    /// password; a live invitation of theirs dies), or — <paramref name="userIds"/> null — to every enabled account with a
    /// role, without a password and without a live unexpired invitation. DxTeam only. One transaction. Returns how many.</summary>
    public Task<int> IssueAsync(string callerId, IReadOnlyCollection<string>? userIds, string messageIdDomain, CancellationToken ct = default) =>
        audit.RefusalsAuditedAsync(callerId, "Issue invitations", async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var actor = await Actors.LoadDxTeamAsync(db, callerId, logger, "issue invitations", ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var candidates = Actors.WithRole(db).Where(x => x.RoleName != null);
            if (userIds is null)
                candidates = candidates.Where(x => x.User.PasswordHash == null
                    && !db.Invitations.Any(i => i.UserId == x.User.Id && i.UsedAtUtc == null && i.RevokedAtUtc == null && i.ExpiresAtUtc > now));
            else
                candidates = candidates.Where(x => userIds.Contains(x.User.Id));
            var users = (await candidates.Select(x => x.User).OrderBy(u => u.DepartmentId).ThenBy(u => u.Email).ToListAsync(ct))
                .Where(u => !AppUser.IsDisabled(u.LockoutEnd) && u.Email != null).ToList();
            if (userIds is not null)
            {
                if (users.Count != userIds.Count)
                    throw new DomainException(DomainError.NotFound);
                if (users.FirstOrDefault(u => u.PasswordHash != null) is { } withPassword)
                    throw new DomainException(DomainError.InvitationHasPassword, withPassword.DisplayName);
            }
            if (users.Count == 0)
                return 0;

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var ids = users.Select(u => u.Id).ToList();
            var replaced = await db.Invitations.Where(i => ids.Contains(i.UserId) && i.UsedAtUtc == null && i.RevokedAtUtc == null)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAtUtc, now).SetProperty(i => i.PendingToken, (string?)null), ct);
            var protector = Protector;
            foreach (var user in users)
            {
                var token = NewToken();
                db.Invitations.Add(new Invitation
                {
                    UserId = user.Id,
                    TokenHash = Hash(token),
                    PendingToken = protector.Protect(token),
                    MessageId = Text.Invariant($"{Guid.NewGuid():N}@{messageIdDomain}"),
                    IssuedByUserId = actor.UserId,
                    CreatedAtUtc = now,
                    ExpiresAtUtc = now.AddDays(Invitation.ValidDays),
                });
                audit.Append(db, AuditActions.InvitationIssued, actor.UserId, actor.DisplayName, AuditLog.UserTarget(user),
                    Text.Invariant($"valid until {now.AddDays(Invitation.ValidDays):yyyy-MM-ddTHH:mm}Z"), succeeded: true);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            logger.LogInformation("{Count} invitations issued by {ActorId} ({Replaced} earlier ones replaced)", users.Count, actor.UserId, replaced);
            return users.Count;
        });

    /// <summary>The invitation mails not sent yet (of live invitations), oldest first, each with its token decrypted.</summary>
    public async Task<IReadOnlyList<InvitationMail>> PendingMailsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.Invitations.AsNoTracking()
            .Where(i => i.SentAtUtc == null && i.UsedAtUtc == null && i.RevokedAtUtc == null && i.PendingToken != null && i.ExpiresAtUtc > now)
            .Join(db.Users.Where(u => u.Email != null), i => i.UserId, u => u.Id, (i, u) => new { i.Id, i.MessageId, i.PendingToken, u.Email, u.DisplayName, i.ExpiresAtUtc })
            .OrderBy(x => x.Id)
            .ToListAsync(ct);
        var protector = Protector;
        return rows.Select(r => new InvitationMail(r.Id, r.MessageId, r.Email!, r.DisplayName, protector.Unprotect(r.PendingToken!), r.ExpiresAtUtc)).ToList();
    }

    /// <summary>Marks a mail sent (the mail server accepted it) and forgets its token.</summary>
    public async Task MarkSentAsync(long invitationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Invitations.Where(i => i.Id == invitationId && i.SentAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.SentAtUtc, now).SetProperty(i => i.PendingToken, (string?)null), ct);
    }

    /// <summary>How many invitation mails wait to be sent (for the progress shown to the DX team).</summary>
    public async Task<int> WaitingCountAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Invitations.CountAsync(i => i.SentAtUtc == null && i.UsedAtUtc == null && i.RevokedAtUtc == null && i.ExpiresAtUtc > now, ct);
    }

    /// <summary>Looks a link's token up (by its hash; the stored hash compared in constant time).</summary>
    public async Task<InvitationCheck> CheckAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
            return new(InvitationState.Unknown, 0, null, null, null, null);
        var hash = Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Invitations.AsNoTracking().Where(i => i.TokenHash == hash)
            .Join(db.Users, i => i.UserId, u => u.Id, (i, u) => new { i.Id, i.TokenHash, i.UserId, i.UsedAtUtc, i.RevokedAtUtc, i.ExpiresAtUtc, u.Email, u.DisplayName, u.LockoutEnd })
            .FirstOrDefaultAsync(ct);
        if (row is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(row.TokenHash), Encoding.ASCII.GetBytes(hash)) || AppUser.IsDisabled(row.LockoutEnd))
            return new(InvitationState.Unknown, 0, null, null, null, null);
        var state = row.UsedAtUtc is not null ? InvitationState.Used
            : row.RevokedAtUtc is not null ? InvitationState.Replaced
            : row.ExpiresAtUtc <= clock.GetUtcNow().UtcDateTime ? InvitationState.Expired
            : InvitationState.Valid;
        return new(state, row.Id, row.UserId, row.Email, row.DisplayName, row.ExpiresAtUtc);
    }

    /// <summary>Sets the invited account's password (the app's password policy applies) and uses up the invitation, in one
    /// transaction: a refused password leaves the invitation usable; two tabs racing use it once. Returns the account's
    /// e-mail address (to sign in with).</summary>
    public async Task<string> AcceptAsync(string? token, string password, string confirmation, string? remoteIp, CancellationToken ct = default)
    {
        var check = await CheckAsync(token, ct);
        Refuse(check);
        if (password != confirmation)
            throw new DomainException(DomainError.PasswordsDiffer);

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<DxDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.Invitations.Where(i => i.Id == check.Id && i.UsedAtUtc == null && i.RevokedAtUtc == null && i.ExpiresAtUtc > now)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.UsedAtUtc, now).SetProperty(i => i.PendingToken, (string?)null), ct);
        if (claimed == 0)
        {
            // Used, replaced or expired between the check and now (another tab, a re-issue).
            var again = await CheckAsync(token, ct);
            Refuse(again.State == InvitationState.Valid ? again with { State = InvitationState.Used } : again);
        }
        var user = await users.FindByIdAsync(check.UserId!) ?? throw new DomainException(DomainError.InvitationUnknown);
        if (user.PasswordHash is not null)
            throw new DomainException(DomainError.InvitationUsed);
        PasswordErrors.Ensure(await users.AddPasswordAsync(user, password), identityOptions.Value.Password.RequiredLength);
        audit.Append(db, AuditActions.InvitationAccepted, user.Id, user.DisplayName, AuditLog.UserTarget(user), null, succeeded: true, remoteIp);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Invitation {InvitationId} accepted: user {UserId} set their password", check.Id, user.Id);
        return user.Email!;
    }

    /// <summary>A signed-in user changes their own password: the current one required, the policy applies; audited. The
    /// security stamp changes, so the user's other sessions end at their next check.</summary>
    public async Task ChangeOwnPasswordAsync(string userId, string current, string password, string confirmation, string? remoteIp, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DxDbContext>();
        var actor = await Actors.LoadAsync(db, userId, ct);
        if (password != confirmation)
            throw new DomainException(DomainError.PasswordsDiffer);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(actor.UserId) ?? throw new AccessDeniedException(DomainError.NotPermitted);
        var result = await users.ChangePasswordAsync(user, current, password);
        if (!result.Succeeded && result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
            await audit.WriteAsync(AuditActions.PasswordChanged, user.Id, user.DisplayName, AuditLog.UserTarget(user), "current password wrong", succeeded: false, remoteIp, ct);
        PasswordErrors.Ensure(result, identityOptions.Value.Password.RequiredLength);
        await audit.WriteAsync(AuditActions.PasswordChanged, user.Id, user.DisplayName, AuditLog.UserTarget(user), null, succeeded: true, remoteIp, ct);
        logger.LogInformation("User {UserId} changed their password", user.Id);
    }

    /// <summary>Why a link cannot be used now, as the exception to show (null: it can).</summary>
    public static DomainException? Refusal(InvitationCheck check) => check.State switch
    {
        InvitationState.Valid => null,
        InvitationState.Used => new DomainException(DomainError.InvitationUsed),
        InvitationState.Replaced => new DomainException(DomainError.InvitationReplaced),
        InvitationState.Expired => new DomainException(DomainError.InvitationExpired, Resources.DomainText.DateTime(check.ExpiresAtUtc)),
        _ => new DomainException(DomainError.InvitationUnknown),
    };

    private static void Refuse(InvitationCheck check)
    {
        if (Refusal(check) is { } refusal)
            throw refusal;
    }

    /// <summary>32 random bytes, base64url (43 characters, safe in a URL).</summary>
    private static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    internal static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

/// <summary>Identity's password results as the app's localised messages.</summary>
public static class PasswordErrors
{
    public static void Ensure(IdentityResult result, int minLength)
    {
        if (result.Succeeded)
            return;
        var codes = result.Errors.Select(e => e.Code).ToList();
        if (codes.Contains(nameof(IdentityErrorDescriber.PasswordMismatch)))
            throw new DomainException(DomainError.CurrentPasswordWrong);
        if (codes.Contains(nameof(IdentityErrorDescriber.PasswordTooShort)))
            throw new DomainException(DomainError.PasswordTooShortForSignIn, minLength);
        throw new DomainException(DomainError.PasswordRefused, string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
