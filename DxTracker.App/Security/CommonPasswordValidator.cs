using System.Collections.Frozen;
using DxTracker.Domain.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace DxTracker.App.Security;

/// <summary>Refuses passwords over 128 characters, passwords equal to the user's e-mail address, and the ~44,000
/// most common passwords of 12+ characters (common-passwords.txt; source and licence in NOTICE.md). Length rules
/// below 12 come from Identity's options; no composition rules and no rotation (NIST SP 800-63B, OWASP ASVS 5.0 V6).</summary>
public sealed class CommonPasswordValidator(IStringLocalizer<SecurityText> text) : IPasswordValidator<AppUser>
{
    public const int MaxLength = 128;

    private static readonly Lazy<FrozenSet<string>> Common = new(Load);

    public static bool IsCommon(string password) => Common.Value.Contains(password);

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        if (password is null)
            return Task.FromResult(IdentityResult.Success);
        if (password.Length > MaxLength)
            return Failed("PasswordTooLong", text["Password_TooLong", MaxLength]);
        if (IsCommon(password))
            return Failed("PasswordCommon", text["Password_Common"]);
        if (string.Equals(password, user.Email, StringComparison.OrdinalIgnoreCase) || string.Equals(password, user.UserName, StringComparison.OrdinalIgnoreCase))
            return Failed("PasswordIsUserName", text["Password_IsUserName"]);
        return Task.FromResult(IdentityResult.Success);
    }

    private static Task<IdentityResult> Failed(string code, string description) =>
        Task.FromResult(IdentityResult.Failed(new IdentityError { Code = code, Description = description }));

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("DxTracker.App.Security.common-passwords.txt")
            ?? throw new InvalidOperationException("common-passwords.txt is not embedded.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
                set.Add(line);
        }
        return set.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
