using DxTracker.Domain.Audit;

namespace DxTracker.App.Security;

/// <summary>The client's IP address for audit rows: taken from the request (or the circuit's connection) the first
/// time it is asked for in a scope, then kept for the scope.</summary>
internal sealed class HttpAuditOrigin(IHttpContextAccessor accessor) : IAuditOrigin
{
    private string? _remoteIp;

    public string? RemoteIp => _remoteIp ??= accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();
}
