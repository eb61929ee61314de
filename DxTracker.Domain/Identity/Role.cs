namespace DxTracker.Domain.Identity;

/// <summary>The three roles (docs/DOMAIN.md#roles). The names are the Identity role names.</summary>
public enum Role
{
    DxTeam,
    DepartmentHead,
    Manager,
}
