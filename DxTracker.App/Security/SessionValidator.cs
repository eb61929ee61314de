using System.Security.Claims;
using DxTracker.Domain.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DxTracker.App.Security;

/// <summary>Whether an open session (a circuit's user) is still good: the user exists, is not disabled, and the session's
/// security stamp is the current one (it changes when the DX team disables the user or changes their role). A lockout
/// after wrong passwords does not end it: whoever typed them, perhaps at someone else's address, only stops new sign-ins.</summary>
public sealed class SessionValidator(UserManager<AppUser> users, IOptions<IdentityOptions> options)
{
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null || AppUser.IsDisabled(user.LockoutEnd))
            return false;
        if (!users.SupportsUserSecurityStamp)
            return true;
        var stamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}
