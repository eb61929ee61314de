namespace DxTracker.Domain.Audit;

/// <summary>One append-only audit record: who did what, when (UTC) and from where.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    public required string Action { get; set; }
    public string? Target { get; set; }
    public string? Detail { get; set; }
    public string? RemoteIp { get; set; }
    public bool Succeeded { get; set; }
}
