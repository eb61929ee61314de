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

/// <summary>An invitation link (or a setup code, <paramref name="ByCode"/>) looked up: its state, and for a valid one whose
/// account it is.</summary>
public sealed record InvitationCheck(InvitationState State, long Id, string? UserId, string? Email, string? DisplayName, DateTime? ExpiresAtUtc, bool ByCode = false);

/// <summary>One setup code just issued (the code in clear, only in memory, for the list the DX team hands out).</summary>
public sealed record SetupCode(string DisplayName, string Email, string? Department, string Code, DateTime ExpiresAtUtc);

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
    public async Task<int> IssueAsync(string callerId, IReadOnlyCollection<string>? userIds, string messageIdDomain, CancellationToken ct = default)
    {
        var protector = Protector;
        var issued = await IssueCoreAsync(callerId, userIds, "Issue invitations", "mail", _ =>
        {
            var token = NewToken();
            return (Hash(token), protector.Protect(token), Text.Invariant($"{Guid.NewGuid():N}@{messageIdDomain}"));
        }, ct);
        return issued.Count;
    }

    /// <summary>Issues setup codes instead of mails (no SMTP): the same accounts as <see cref="IssueAsync"/>, each a new
    /// invitation whose secret is a short code to type (<see cref="NewSetupCode"/>) — a live invitation of theirs dies, so
    /// issuing again is how a lost list is replaced. The codes are returned once, in clear, for the list to hand out; only
    /// their SHA-256 (salted with the account's id) is stored, and nothing can show them again. The invitation counts as
    /// delivered (<see cref="Invitation.SentAtUtc"/>) when issued: no mail waits for it. DxTeam only; audited.</summary>
    public async Task<IReadOnlyList<SetupCode>> IssueSetupCodesAsync(string callerId, IReadOnlyCollection<string>? userIds, CancellationToken ct = default)
    {
        var codes = new Dictionary<string, string>();
        var issued = await IssueCoreAsync(callerId, userIds, "Issue setup codes", "setup code", user =>
        {
            var code = NewSetupCode();
            codes[user.Id] = code;
            return (CodeHash(user.Id, NormalizeCode(code)!), null, Text.Invariant($"{Guid.NewGuid():N}@{SetupCodeMessageIdHost}"));
        }, ct);
        if (issued.Count == 0)
            return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var departmentIds = issued.Select(i => i.User.DepartmentId).OfType<int>().Distinct().ToList();
        var departments = await db.Departments.AsNoTracking().Where(d => departmentIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        return issued.Select(i => new SetupCode(i.User.DisplayName, i.User.Email!,
            i.User.DepartmentId is { } d && departments.TryGetValue(d, out var name) ? name : null, codes[i.User.Id], i.ExpiresAtUtc)).ToList();
    }

    /// <summary>The host part of a setup code invitation's <see cref="Invitation.MessageId"/> (unique, never sent).</summary>
    public const string SetupCodeMessageIdHost = "setup-code.invalid";

    private Task<List<(AppUser User, DateTime ExpiresAtUtc)>> IssueCoreAsync(string callerId, IReadOnlyCollection<string>? userIds, string what, string kind,
        Func<AppUser, (string TokenHash, string? PendingToken, string MessageId)> secret, CancellationToken ct) =>
        audit.RefusalsAuditedAsync(callerId, what, async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var actor = await Actors.LoadDxTeamAsync(db, callerId, logger, what.ToLowerInvariant(), ct);
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
                return [];

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var ids = users.Select(u => u.Id).ToList();
            var replaced = await db.Invitations.Where(i => ids.Contains(i.UserId) && i.UsedAtUtc == null && i.RevokedAtUtc == null)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAtUtc, now).SetProperty(i => i.PendingToken, (string?)null), ct);
            var expires = now.AddDays(Invitation.ValidDays);
            foreach (var user in users)
            {
                var (tokenHash, pendingToken, messageId) = secret(user);
                db.Invitations.Add(new Invitation
                {
                    UserId = user.Id,
                    TokenHash = tokenHash,
                    PendingToken = pendingToken,
                    MessageId = messageId,
                    IssuedByUserId = actor.UserId,
                    CreatedAtUtc = now,
                    ExpiresAtUtc = expires,
                    // A setup code is handed out with the list, not mailed.
                    SentAtUtc = pendingToken is null ? now : null,
                });
                audit.Append(db, AuditActions.InvitationIssued, actor.UserId, actor.DisplayName, AuditLog.UserTarget(user),
                    Text.Invariant($"{kind}, valid until {expires:yyyy-MM-ddTHH:mm}Z"), succeeded: true);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            logger.LogInformation("{Count} invitations ({Kind}) issued by {ActorId} ({Replaced} earlier ones replaced)", users.Count, kind, actor.UserId, replaced);
            return users.Select(u => (u, expires)).ToList();
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
        return new(State(row.UsedAtUtc, row.RevokedAtUtc, row.ExpiresAtUtc), row.Id, row.UserId, row.Email, row.DisplayName, row.ExpiresAtUtc);
    }

    /// <summary>Sets the invited account's password (the app's password policy applies) and uses up the invitation, in one
    /// transaction: a refused password leaves the invitation usable; two tabs racing use it once. Returns the account's
    /// e-mail address (to sign in with).</summary>
    public async Task<string> AcceptAsync(string? token, string password, string confirmation, string? remoteIp, CancellationToken ct = default)
    {
        var check = await CheckAsync(token, ct);
        Refuse(check);
        await using var scope = scopes.CreateAsyncScope();
        return await SetPasswordAsync(scope, check, () => CheckAsync(token, ct), password, confirmation, remoteIp, "link", ct);
    }

    /// <summary>Sets a password with a setup code from the DX team's list and the account's e-mail address: as
    /// <see cref="AcceptAsync"/>, and a wrong e-mail or code is refused with one message (which of the two is not said), is
    /// audited, and counts as a failed attempt on a known account (Identity's lockout: after 5 wrong codes no code is taken for
    /// 15 minutes); a used, expired or replaced code says so.</summary>
    public async Task<string> AcceptCodeAsync(string? email, string? code, string password, string confirmation, string? remoteIp, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        email = email?.Trim();
        var user = string.IsNullOrEmpty(email) || email.Length > 256 ? null : await users.FindByEmailAsync(email);
        if (user is not null && AppUser.IsDisabled(user.LockoutEnd))
            user = null;
        if (user is not null && await users.IsLockedOutAsync(user))
        {
            await audit.WriteAsync(AuditActions.SetupCodeRefused, user.Id, user.DisplayName, AuditLog.UserTarget(user), "locked out", succeeded: false, remoteIp, ct);
            throw new DomainException(DomainError.SetupCodeLockedOut, Resources.DomainText.DateTime(user.LockoutEnd!.Value.UtcDateTime));
        }
        var check = await CheckCodeAsync(user, code, ct);
        if (Refusal(check) is { } refusal)
        {
            if (check.State == InvitationState.Unknown && user is not null)
                await users.AccessFailedAsync(user);
            await audit.WriteAsync(AuditActions.SetupCodeRefused, user?.Id, user?.DisplayName,
                user is null ? "E-mail " + email : AuditLog.UserTarget(user), check.State.ToString(), succeeded: false, remoteIp, ct);
            logger.LogInformation("A setup code was refused ({State}) for {UserId}", check.State, user?.Id ?? "an unknown e-mail");
            throw refusal;
        }
        return await SetPasswordAsync(scope, check, () => CheckCodeAsync(user, code, ct), password, confirmation, remoteIp, "setup code", ct);
    }

    /// <summary>The invitation a setup code belongs to, among the account's (null: no such enabled account).</summary>
    private async Task<InvitationCheck> CheckCodeAsync(AppUser? user, string? code, CancellationToken ct)
    {
        var normalized = NormalizeCode(code);
        if (user is null || normalized is null)
            return new(InvitationState.Unknown, 0, null, null, null, null, ByCode: true);
        var hash = CodeHash(user.Id, normalized);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Invitations.AsNoTracking().Where(i => i.UserId == user.Id && i.TokenHash == hash)
            .Select(i => new { i.Id, i.UsedAtUtc, i.RevokedAtUtc, i.ExpiresAtUtc }).FirstOrDefaultAsync(ct);
        if (row is null)
            return new(InvitationState.Unknown, 0, null, null, null, null, ByCode: true);
        return new(State(row.UsedAtUtc, row.RevokedAtUtc, row.ExpiresAtUtc), row.Id, user.Id, user.Email, user.DisplayName, row.ExpiresAtUtc, ByCode: true);
    }

    private InvitationState State(DateTime? usedAtUtc, DateTime? revokedAtUtc, DateTime expiresAtUtc) =>
        usedAtUtc is not null ? InvitationState.Used
        : revokedAtUtc is not null ? InvitationState.Replaced
        : expiresAtUtc <= clock.GetUtcNow().UtcDateTime ? InvitationState.Expired
        : InvitationState.Valid;

    /// <summary>Uses up a valid invitation and sets its account's password, in one transaction (see <see cref="AcceptAsync"/>);
    /// <paramref name="recheck"/> says why, when the invitation was used, replaced or expired meanwhile.</summary>
    private async Task<string> SetPasswordAsync(AsyncServiceScope scope, InvitationCheck check, Func<Task<InvitationCheck>> recheck,
        string password, string confirmation, string? remoteIp, string how, CancellationToken ct)
    {
        if (password != confirmation)
            throw new DomainException(DomainError.PasswordsDiffer);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<DxDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.Invitations.Where(i => i.Id == check.Id && i.UsedAtUtc == null && i.RevokedAtUtc == null && i.ExpiresAtUtc > now)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.UsedAtUtc, now).SetProperty(i => i.PendingToken, (string?)null), ct);
        if (claimed == 0)
        {
            // Used, replaced or expired between the check and now (another tab, a re-issue).
            var again = await recheck();
            Refuse(again.State == InvitationState.Valid ? again with { State = InvitationState.Used } : again);
        }
        var user = await users.FindByIdAsync(check.UserId!) ?? throw new DomainException(DomainError.InvitationUnknown);
        if (user.PasswordHash is not null)
            Refuse(check with { State = InvitationState.Used });
        PasswordErrors.Ensure(await users.AddPasswordAsync(user, password), identityOptions.Value.Password.RequiredLength);
        if (check.ByCode)
            await users.ResetAccessFailedCountAsync(user);
        audit.Append(db, AuditActions.InvitationAccepted, user.Id, user.DisplayName, AuditLog.UserTarget(user), how, succeeded: true, remoteIp);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Invitation {InvitationId} accepted ({How}): user {UserId} set their password", check.Id, how, user.Id);
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

    /// <summary>Why a link (or a setup code) cannot be used now, as the exception to show (null: it can).</summary>
    public static DomainException? Refusal(InvitationCheck check) => check.State switch
    {
        InvitationState.Valid => null,
        InvitationState.Used => new DomainException(check.ByCode ? DomainError.SetupCodeUsed : DomainError.InvitationUsed),
        InvitationState.Replaced => new DomainException(check.ByCode ? DomainError.SetupCodeReplaced : DomainError.InvitationReplaced),
        InvitationState.Expired => new DomainException(check.ByCode ? DomainError.SetupCodeExpired : DomainError.InvitationExpired,
            Resources.DomainText.DateTime(check.ExpiresAtUtc)),
        _ => new DomainException(check.ByCode ? DomainError.SetupCodeUnknown : DomainError.InvitationUnknown),
    };

    private static void Refuse(InvitationCheck check)
    {
        if (Refusal(check) is { } refusal)
            throw refusal;
    }

    /// <summary>32 random bytes, base64url (43 characters, safe in a URL).</summary>
    private static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The characters of a setup code: digits and capitals without the look-alikes 0 O 1 I L.</summary>
    public const string SetupCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public const int SetupCodeLength = 12;

    /// <summary>12 random characters of <see cref="SetupCodeAlphabet"/> (about 59 bits), in three groups of four: XXXX-XXXX-XXXX.</summary>
    internal static string NewSetupCode()
    {
        var chars = RandomNumberGenerator.GetItems<char>(SetupCodeAlphabet, SetupCodeLength);
        return string.Join('-', chars.Chunk(4).Select(group => new string(group)));
    }

    /// <summary>A typed setup code as issued: full-width to half-width, lower to upper case, spaces and hyphens (also the
    /// long-vowel mark a Japanese keyboard types) left out; null when what remains cannot be a code.</summary>
    internal static string? NormalizeCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 40)
            return null;
        var kept = code.Normalize(NormalizationForm.FormKC).ToUpperInvariant()
            .Where(c => !char.IsWhiteSpace(c) && c is not ('-' or 'ー' or '‐' or '−' or '―')).ToArray();
        return kept.Length == SetupCodeLength && kept.All(c => SetupCodeAlphabet.Contains(c)) ? new string(kept) : null;
    }

    /// <summary>What is stored of a setup code: SHA-256 of the code salted with its account's id (a link's token hash can never
    /// be the same: it has no prefix).</summary>
    internal static string CodeHash(string userId, string normalizedCode) => Hash("setup-code:" + userId + ":" + normalizedCode);

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
