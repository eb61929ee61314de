namespace DxTracker.Domain.Organisation;

/// <summary>部: a group of departments.</summary>
public sealed class Division
{
    public const int CodeMaxLength = 20;
    public const int NameMaxLength = 100;

    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public int SortOrder { get; set; }
    public List<Department> Departments { get; } = [];
}
