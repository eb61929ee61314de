using DxTracker.Domain.Organisation;
using Microsoft.AspNetCore.Identity;

namespace DxTracker.Domain.Identity;

/// <summary>A signed-in person. The role lives in Identity's role tables; a DepartmentHead heads <see cref="DepartmentId"/>.</summary>
public sealed class AppUser : IdentityUser
{
    public const int DisplayNameMaxLength = 100;

    public string DisplayName { get; set; } = "";
    public int? DepartmentId { get; set; }
    public Department? Department { get; set; }
}
