namespace DxTracker.Domain.Identity;

/// <summary>Who performs a write, as read from the database at the moment of the write (never from cached claims).</summary>
public sealed record Actor(string UserId, string DisplayName, Role Role, int? DepartmentId)
{
    public bool IsDxTeam => Role == Role.DxTeam;

    /// <summary>DxTeam may write everywhere; a DepartmentHead only in their own department; a Manager never.</summary>
    public bool MayWriteIn(int departmentId) => Role switch
    {
        Role.DxTeam => true,
        Role.DepartmentHead => DepartmentId == departmentId,
        _ => false,
    };
}
