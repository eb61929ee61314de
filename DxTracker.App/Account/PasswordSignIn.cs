using System.Diagnostics;
using DxTracker.App.Hosting;
using DxTracker.Domain.Audit;
using DxTracker.Domain.Identity;
using Microsoft.AspNetCore.Identity;

namespace DxTracker.App.Account;

/// <summary>One sign-in attempt of the login form, audited. Every failure looks the same from outside (one message, and
/// one password hash computed whatever the reason: unknown address, wrong password, locked, disabled, or a demo account
/// outside demo mode, and a failure answers no sooner than <see cref="FailureFloor"/> after the attempt began), so the answer
/// tells nothing about which addresses exist (OWASP ASVS 5.0 V6.3).</summary>
public sealed class PasswordSignIn(SignInManager<AppUser> signIn, UserManager<AppUser> users, IPasswordHasher<AppUser> hasher,
    IConfiguration config, AuditLog audit)
{
    /// <summary>A hash of a random password with the app's own hasher and iteration count, checked when there is no
    /// password of the user's to check, so that every failure costs the same time.</summary>
    private static string? _standIn;

    /// <summary>What a wrong password costs beyond the hash — its failed-attempt count written to the database — would
    /// otherwise tell an existing address from an unknown one; on a busy machine that write took up to ~250 ms more.</summary>
    public static readonly TimeSpan FailureFloor = TimeSpan.FromMilliseconds(400);

    public async Task<bool> SignInAsync(string email, string password, string? remoteIp)
    {
        var started = Stopwatch.GetTimestamp();
        var user = await users.FindByNameAsync(email);
        var demoOff = DemoSetup.IsDemoAccount(email) && !config.GetValue<bool>("Demo:Enabled");
        SignInResult result;
        if (user is null || demoOff || await users.IsLockedOutAsync(user))
        {
            _standIn ??= hasher.HashPassword(new AppUser(), Guid.NewGuid().ToString("N"));
            _ = hasher.VerifyHashedPassword(user ?? new AppUser(), _standIn, password);
            result = user is not null && await users.IsLockedOutAsync(user) ? SignInResult.LockedOut : SignInResult.Failed;
        }
        else
        {
            result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        }
        var action = result.Succeeded ? AuditActions.SignIn : result.IsLockedOut ? AuditActions.LockedOut : AuditActions.SignInFailed;
        await audit.WriteAsync(action, user?.Id, email, null, demoOff ? "demo account while demo mode is off" : null, result.Succeeded, remoteIp);
        // A timer may fire a little early: wait again until the floor has passed.
        while (!result.Succeeded && FailureFloor - Stopwatch.GetElapsedTime(started) is { Ticks: > 0 } rest)
            await Task.Delay(rest);
        return result.Succeeded;
    }
}
