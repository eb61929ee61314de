namespace DxTracker.Domain.Identity;

/// <summary>A one-time invitation for an account without a password to set its own: valid <see cref="ValidDays"/> days,
/// used once, dead when re-issued (<see cref="RevokedAtUtc"/>). Only the SHA-256 of its random token is kept
/// (<see cref="TokenHash"/>); the token itself is held encrypted with the app's Data Protection keys
/// (<see cref="PendingToken"/>) only until the mail that carries it was accepted by the mail server, so a retry after a crash
/// between sending and marking re-sends the same link under the same <see cref="MessageId"/> (one message for the
/// recipient's mail system, as for reminder digests).</summary>
public sealed class Invitation
{
    public const int ValidDays = 7;
    public const int TokenHashLength = 64;
    public const int PendingTokenMaxLength = 1000;
    public const int MessageIdMaxLength = 200;

    public long Id { get; set; }
    public required string UserId { get; set; }
    /// <summary>Lower-case hex SHA-256 of the token (the token is 32 random bytes, base64url).</summary>
    public required string TokenHash { get; set; }
    /// <summary>The token protected by Data Protection while its mail is not sent yet; null afterwards.</summary>
    public string? PendingToken { get; set; }
    /// <summary>The Message-Id header of its mail, without angle brackets.</summary>
    public required string MessageId { get; set; }
    public required string IssuedByUserId { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime ExpiresAtUtc { get; set; }
    public DateTime? SentAtUtc { get; set; }
    public DateTime? UsedAtUtc { get; set; }
    public DateTime? RevokedAtUtc { get; set; }
}
