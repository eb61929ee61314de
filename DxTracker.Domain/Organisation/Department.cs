namespace DxTracker.Domain.Organisation;

/// <summary>課: owns procedures and is headed by one DepartmentHead.</summary>
public sealed class Department
{
    public const int CodeMaxLength = 20;
    public const int NameMaxLength = 100;

    public int Id { get; set; }
    public int DivisionId { get; set; }
    public Division? Division { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public int SortOrder { get; set; }
}
