namespace DxTracker.Domain.Identity;

/// <summary>The three roles of DESIGN.md. The names are the Identity role names.</summary>
public enum Role
{
    DxTeam,
    DepartmentHead,
    Manager,
}
