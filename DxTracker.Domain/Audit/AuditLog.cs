using System.Globalization;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.Audit;

/// <summary>What an audit row records. Stored as text (the column is free text so features can add their own).</summary>
public static class AuditActions
{
    public const string SignIn = "SignIn";
    public const string SignInFailed = "SignInFailed";
    public const string LockedOut = "LockedOut";
    public const string WriteRefused = "WriteRefused";
    public const string UserChanged = "UserChanged";
    public const string Import = "Import";
    public const string Export = "Export";
    public const string DashboardViewed = "DashboardViewed";
    public const string Backup = "Backup";
    public const string PublicationWithheld = "PublicationWithheld";
    public const string PublicationReleased = "PublicationReleased";
    public const string SettingsChanged = "SettingsChanged";
    public const string Restore = "Restore";
    public const string UserDisabled = "UserDisabled";
    public const string UserUnlocked = "UserUnlocked";
    public const string InvitationIssued = "InvitationIssued";
    public const string InvitationAccepted = "InvitationAccepted";
    public const string PasswordChanged = "PasswordChanged";
    public const string SetupCodeRefused = "SetupCodeRefused";
}

/// <summary>Where the current operation came from (the host supplies the client's address).</summary>
public interface IAuditOrigin
{
    string? RemoteIp { get; }
}

/// <summary>The append-only audit log: who did what, when (UTC) and from where. It only ever adds rows; the
/// DbContext refuses to update or delete them and the database has triggers that abort UPDATE and DELETE.</summary>
public sealed class AuditLog(IDbContextFactory<DxDbContext> dbFactory, TimeProvider clock, IAuditOrigin origin)
{
    /// <summary>Adds one row in its own short transaction. <paramref name="remoteIp"/> defaults to the host's origin.</summary>
    public async Task WriteAsync(string action, string? userId, string? userName, string? target, string? detail, bool succeeded,
        string? remoteIp = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Append(db, action, userId, userName, target, detail, succeeded, remoteIp);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Adds a row to <paramref name="db"/> without saving, so the audit row commits (or not) with the write it describes.</summary>
    public void Append(DxDbContext db, string action, string? userId, string? userName, string? target, string? detail, bool succeeded, string? remoteIp = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            AtUtc = clock.GetUtcNow().UtcDateTime,
            Action = Clip(action, 60)!,
            UserId = userId,
            UserName = Clip(userName, 256),
            Target = Clip(target, 400),
            Detail = Clip(detail, 4000),
            RemoteIp = Clip(remoteIp ?? origin.RemoteIp, 64),
            Succeeded = succeeded,
        });

    /// <summary>The one way a role or department change (an account created, a head assigned or moved) is recorded: a row added
    /// to <paramref name="db"/>, so the change and its record commit together.</summary>
    public void AppendAssignment(DxDbContext db, Actor by, AppUser user, Role? fromRole, int? fromDepartment, Role toRole, int? toDepartment) =>
        Append(db, AuditActions.UserChanged, by.UserId, by.DisplayName, UserTarget(user),
            $"role {fromRole?.ToString() ?? "-"} → {toRole}, department {Invariant(fromDepartment)} → {Invariant(toDepartment)}", succeeded: true);

    /// <summary>How an account is named in the audit log's target.</summary>
    public static string UserTarget(AppUser user) => $"User {user.Email} ({user.Id})";

    private static string Invariant(int? id) => id?.ToString(CultureInfo.InvariantCulture) ?? "-";

    /// <summary>Records a write the actor's role or department did not allow (<see cref="AccessDeniedException"/>).</summary>
    public Task RefusedAsync(string userId, string? userName, string target, AccessDeniedException refusal, CancellationToken ct = default) =>
        WriteAsync(AuditActions.WriteRefused, userId, userName, target, refusal.Error.ToString(), succeeded: false, ct: ct);

    /// <summary>Runs a write; when the actor's role or department refuses it (<see cref="AccessDeniedException"/>), records the
    /// refusal under <paramref name="target"/> with the user's name as stored, then rethrows. The one way services audit refusals.</summary>
    public async Task<T> RefusalsAuditedAsync<T>(string userId, string target, Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (AccessDeniedException refusal)
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            var name = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(CancellationToken.None);
            Append(db, AuditActions.WriteRefused, userId, name, target, refusal.Error.ToString(), succeeded: false);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
    }

    /// <inheritdoc cref="RefusalsAuditedAsync{T}(string, string, Func{Task{T}})"/>
    public Task RefusalsAuditedAsync(string userId, string target, Func<Task> write) =>
        RefusalsAuditedAsync(userId, target, async () =>
        {
            await write();
            return true;
        });

    private static string? Clip(string? value, int max) => value is { Length: > 0 } v && v.Length > max ? v[..max] : value;
}

/// <summary>No known origin (command line, background jobs, tests).</summary>
public sealed class NoAuditOrigin : IAuditOrigin
{
    public static readonly NoAuditOrigin Instance = new();

    public string? RemoteIp => null;
}
