using DxTracker.Domain.Organisation;
using Microsoft.AspNetCore.Identity;

namespace DxTracker.Domain.Identity;

/// <summary>A signed-in person. The role lives in Identity's role tables; a DepartmentHead heads <see cref="DepartmentId"/>.</summary>
public sealed class AppUser : IdentityUser
{
    public const int DisplayNameMaxLength = 100;

    /// <summary>The lockout end that means "sign-in disabled" (by the DX team, or a demo account outside demo mode): far
    /// future, yet a value every database stores exactly. A lockout after wrong passwords ends within minutes instead.</summary>
    public static readonly DateTimeOffset DisabledUntil = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Whether a lockout end means "disabled" rather than a temporary lockout after failed sign-ins. A disabled
    /// user has no rights at all, even in a session opened before; a temporary lockout only stops new sign-ins (so
    /// someone typing wrong passwords at another person's address cannot end that person's work).</summary>
    public static bool IsDisabled(DateTimeOffset? lockoutEnd) => lockoutEnd >= DisabledUntil;

    public string DisplayName { get; set; } = "";
    public int? DepartmentId { get; set; }
    public Department? Department { get; set; }
}
