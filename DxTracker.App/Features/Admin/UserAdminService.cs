using System.ComponentModel.DataAnnotations;
using DxTracker.Domain;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DxTracker.App.Features.Admin;

/// <summary>What the DX team types to create an account; the initial password is handed over in person.</summary>
public sealed record NewAccount(string? Email, string? DisplayName, Role Role, int? DepartmentId, string? Password);

/// <summary>User management for the DX team: create accounts, change role and department, unlock, disable sign-in.
/// Every call re-reads the caller from the database and refuses anyone but DxTeam; each operation uses its own scope
/// (one short-lived UserManager and DbContext). Role and department changes all pass through <see cref="RecordAssignment"/>.</summary>
public sealed class UserAdminService(
    IServiceScopeFactory scopes,
    IDbContextFactory<DxDbContext> dbFactory,
    IOptions<IdentityOptions> identityOptions,
    AuditLog audit,
    ILogger<UserAdminService> logger)
{
    public const int EmailMaxLength = 256;

    /// <summary>Creates an account with one role (and, for a DepartmentHead, the department). Returns the new user's id.</summary>
    public async Task<string> CreateAsync(string callerId, NewAccount account, CancellationToken ct = default)
    {
        var actor = await LoadCallerAsync(callerId, "create user", ct);
        var email = Required(account.Email, EmailMaxLength);
        if (!new EmailAddressAttribute().IsValid(email))
            throw new DomainException(DomainError.EmailInvalid);
        var displayName = Required(account.DisplayName, AppUser.DisplayNameMaxLength);
        var departmentId = await CheckAssignmentAsync(null, account.Role, account.DepartmentId, ct);
        var minLength = identityOptions.Value.Password.RequiredLength;
        if ((account.Password?.Length ?? 0) < minLength)
            throw new DomainException(DomainError.PasswordTooShort, minLength);

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<DxDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, DepartmentId = departmentId };
        Ensure(await users.CreateAsync(user, account.Password!), email, minLength);
        Ensure(await users.AddToRoleAsync(user, account.Role.ToString()), email, minLength);
        await RecordAssignmentAsync(db, actor, user, null, null, account.Role, departmentId, ct);
        await tx.CommitAsync(ct);
        return user.Id;
    }

    /// <summary>Gives a user a role and (for a DepartmentHead) a department — "assign a department head" is this call.
    /// The user's security stamp changes, so their sign-in is re-validated. Nobody can take away their own DxTeam role.</summary>
    public async Task ChangeAssignmentAsync(string callerId, string userId, Role role, int? departmentId, CancellationToken ct = default)
    {
        var actor = await LoadCallerAsync(callerId, $"change role of user {userId}", ct);
        if (userId == actor.UserId && role != Role.DxTeam)
            throw new DomainException(DomainError.OwnDxTeamRole);
        departmentId = await CheckAssignmentAsync(userId, role, departmentId, ct);

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<DxDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = await users.FindByIdAsync(userId) ?? throw new DomainException(DomainError.NotFound);
        var roles = await users.GetRolesAsync(user);
        var fromRole = roles.Select(r => Enum.TryParse<Role>(r, out var parsed) ? parsed : (Role?)null).FirstOrDefault(r => r is not null);
        var fromDepartment = user.DepartmentId;
        var others = roles.Where(r => r != role.ToString()).ToList();
        if (others.Count > 0)
            Ensure(await users.RemoveFromRolesAsync(user, others));
        if (!roles.Contains(role.ToString()))
            Ensure(await users.AddToRoleAsync(user, role.ToString()));
        user.DepartmentId = departmentId;
        Ensure(await users.UpdateAsync(user));
        Ensure(await users.UpdateSecurityStampAsync(user));
        await RecordAssignmentAsync(db, actor, user, fromRole, fromDepartment, role, departmentId, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Lifts a lockout (after failed sign-ins, or a disabled sign-in) and resets the failure count; audited.</summary>
    public async Task UnlockAsync(string callerId, string userId, CancellationToken ct = default)
    {
        var actor = await LoadCallerAsync(callerId, $"unlock user {userId}", ct);
        await ChangeLockAsync(actor, userId, AuditActions.UserUnlocked, async (users, user) =>
        {
            Ensure(await users.SetLockoutEnabledAsync(user, true));
            Ensure(await users.SetLockoutEndDateAsync(user, null));
            Ensure(await users.ResetAccessFailedCountAsync(user));
        }, ct);
        logger.LogInformation("User {UserId} unlocked by {ActorId}", userId, actor.UserId);
    }

    /// <summary>Stops a user from signing in (lockout until the end of time, <see cref="AppUser.DisabledUntil"/>); audited.
    /// Their rights end at once (every write re-reads the actor, <see cref="Actors.LoadAsync"/>, which refuses a disabled
    /// user) and their sign-in cookie at its next re-validation (the security stamp changes).</summary>
    public async Task DisableSignInAsync(string callerId, string userId, CancellationToken ct = default)
    {
        var actor = await LoadCallerAsync(callerId, $"disable user {userId}", ct);
        if (userId == actor.UserId)
            throw new DomainException(DomainError.OwnDxTeamRole);
        await ChangeLockAsync(actor, userId, AuditActions.UserDisabled, async (users, user) =>
        {
            Ensure(await users.SetLockoutEnabledAsync(user, true));
            Ensure(await users.SetLockoutEndDateAsync(user, AppUser.DisabledUntil));
            Ensure(await users.UpdateSecurityStampAsync(user));
        }, ct);
        logger.LogInformation("Sign-in of user {UserId} disabled by {ActorId}", userId, actor.UserId);
    }

    /// <summary>The one place a role or department change is recorded: logged, and an audit row saved inside the change's
    /// own transaction (<paramref name="db"/>), so the change and its record commit together.</summary>
    private async Task RecordAssignmentAsync(DxDbContext db, Actor by, AppUser user, Role? fromRole, int? fromDepartment, Role toRole, int? toDepartment, CancellationToken ct)
    {
        logger.LogInformation("User {UserId} ({Email}) role {FromRole} → {ToRole}, department {FromDepartment} → {ToDepartment}, by {ActorId}",
            user.Id, user.Email, fromRole, toRole, fromDepartment, toDepartment, by.UserId);
        audit.AppendAssignment(db, by, user, fromRole, fromDepartment, toRole, toDepartment);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Re-reads the caller and refuses anyone but DxTeam; a refusal is audited with the <paramref name="operation"/> as target.</summary>
    private Task<Actor> LoadCallerAsync(string callerId, string operation, CancellationToken ct) =>
        audit.RefusalsAuditedAsync(callerId, operation, async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            return await Actors.LoadDxTeamAsync(db, callerId, logger, operation, ct);
        });

    /// <summary>A DepartmentHead needs an existing department that has no other head; other roles have no department.</summary>
    private async Task<int?> CheckAssignmentAsync(string? userId, Role role, int? departmentId, CancellationToken ct)
    {
        if (role != Role.DepartmentHead)
            return null;
        if (departmentId is not { } id || id == 0)
            throw new DomainException(DomainError.DepartmentRequiredForHead);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var department = await db.Departments.AsNoTracking().Where(d => d.Id == id).Select(d => d.Name).FirstOrDefaultAsync(ct)
            ?? throw new DomainException(DomainError.NotFound);
        var otherHead = await Actors.DepartmentHeads(db).AsNoTracking()
            .Where(u => u.DepartmentId == id && u.Id != userId)
            .Select(u => u.DisplayName)
            .FirstOrDefaultAsync(ct);
        if (otherHead is not null)
            throw new DomainException(DomainError.DepartmentHasHead, department, otherHead);
        return id;
    }

    /// <summary>Unlock or disable: the change and its audit row (<paramref name="action"/>) in one transaction.</summary>
    private async Task ChangeLockAsync(Actor by, string userId, string action, Func<UserManager<AppUser>, AppUser, Task> change, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<DxDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = await users.FindByIdAsync(userId) ?? throw new DomainException(DomainError.NotFound);
        await change(users, user);
        audit.Append(db, action, by.UserId, by.DisplayName, AuditLog.UserTarget(user), null, succeeded: true);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }


    private static string Required(string? value, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            throw new DomainException(DomainError.FieldRequired);
        if (trimmed.Length > maxLength)
            throw new DomainException(DomainError.FieldTooLong, maxLength);
        return trimmed;
    }

    /// <summary>Turns Identity's (English) errors into our localised messages.</summary>
    private static void Ensure(IdentityResult result, string? email = null, int minLength = 0)
    {
        if (result.Succeeded)
            return;
        var codes = result.Errors.Select(e => e.Code).ToList();
        if (codes.Contains(nameof(IdentityErrorDescriber.DuplicateEmail)) || codes.Contains(nameof(IdentityErrorDescriber.DuplicateUserName)))
            throw new DomainException(DomainError.EmailTaken, email ?? "");
        if (codes.Contains(nameof(IdentityErrorDescriber.InvalidEmail)) || codes.Contains(nameof(IdentityErrorDescriber.InvalidUserName)))
            throw new DomainException(DomainError.EmailInvalid);
        if (codes.Contains(nameof(IdentityErrorDescriber.PasswordTooShort)))
            throw new DomainException(DomainError.PasswordTooShort, minLength);
        throw new DomainException(DomainError.AccountRejected, string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
