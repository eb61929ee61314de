using System.Security.Claims;
using DxTracker.App.Account;
using DxTracker.App.Security;
using DxTracker.Domain;
using DxTracker.Domain.Data;
using DxTracker.Domain.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DxTracker.App.Hosting;

public static class IdentitySetup
{
    public const string DisplayNameClaim = "dx:display_name";

    /// <summary>PBKDF2 iterations for Identity's v3 hashes, which use HMAC-SHA512: OWASP's Password Storage Cheat Sheet
    /// asks for 210,000 with PBKDF2-HMAC-SHA512 (600,000 is its figure for HMAC-SHA256). Identity's default is 100,000;
    /// existing hashes are re-hashed with this count at the user's next sign-in.</summary>
    public const int PasswordHashIterations = 210_000;

    /// <summary>How often an open session is checked against the database: the sign-in cookie (its security stamp: a
    /// disabled user, a changed role or password) and each open circuit (<see cref="SessionValidator"/>).</summary>
    public static readonly TimeSpan RevalidationInterval = TimeSpan.FromMinutes(1);

    /// <summary>Identity with cookie sign-in, the three roles, lockout after 5 failures, and passwords of 12 to 128
    /// characters without composition rules or rotation, refusing the most common ones. The cookie: HttpOnly,
    /// SameSite=Strict, Secure outside Development whatever the request's scheme (a TLS-terminating proxy may speak plain
    /// http to the app), 10 hours sliding, re-validated every <see cref="RevalidationInterval"/>. A signed-in user refused
    /// by a page's role gets 403 (the forbidden page), not the sign-in form.</summary>
    public static IServiceCollection AddDxIdentity(this IServiceCollection services, IHostEnvironment env)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.Cookie.Name = "DxTracker.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = env.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = RevalidationInterval);
        services.AddDxIdentityStores();
        services.AddAuthorization();
        services.AddScoped<CurrentUser>();
        services.AddScoped<SessionValidator>();
        services.AddScoped<PasswordSignIn>();
        return services;
    }

    /// <summary>UserManager, RoleManager and SignInManager on our DbContext with our password and lockout rules (also used by tests).</summary>
    public static IServiceCollection AddDxIdentityStores(this IServiceCollection services)
    {
        // The common-password validator speaks the user's language.
        services.AddLocalization();
        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<DxDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AppClaimsFactory>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddDefaultTokenProviders();
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = PasswordHashIterations);
        return services;
    }

    public static async Task EnsureRolesAsync(IServiceProvider services)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Enum.GetNames<Role>())
        {
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
        }
    }

    /// <summary>Creates a user with one role (and, for a DepartmentHead, a department). Returns Identity's errors, if any.</summary>
    public static async Task<IdentityResult> CreateUserAsync(IServiceProvider services, string email, string displayName, string password, Role role, int? departmentId = null)
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, DepartmentId = departmentId };
        var created = await users.CreateAsync(user, password);
        return created.Succeeded ? await users.AddToRoleAsync(user, role.ToString()) : created;
    }

    /// <summary>Adds the display name to the cookie's claims (role claims come from Identity; the department is read from the
    /// database, <see cref="CurrentUser"/>).</summary>
    private sealed class AppClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
        : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
    {
        protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
        {
            var identity = await base.GenerateClaimsAsync(user);
            identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
            return identity;
        }
    }

    /// <summary>Re-checks a circuit's user every <see cref="IdentitySetup.RevalidationInterval"/> (<see cref="SessionValidator"/>),
    /// so a disabled or changed account is signed out of its open pages.</summary>
    private sealed class RevalidatingIdentityStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopeFactory)
        : RevalidatingServerAuthenticationStateProvider(loggerFactory)
    {
        protected override TimeSpan RevalidationInterval => IdentitySetup.RevalidationInterval;

        protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<SessionValidator>().IsCurrentAsync(state.User);
        }
    }
}

/// <summary>The signed-in user as the UI sees it, for showing and hiding controls: who from the cookie, their role and
/// department read from the database once per page of a scope — the components of one page (a static request, or one
/// page of a circuit) share one answer, and the next page (another path; a change of query string such as a search is the
/// same page) reads it again, so a head moved to another department (April's reshuffle, an organisation import) sees the
/// new one on the next page at once, without signing in again. Services never trust it: they re-read the actor themselves
/// (<see cref="Actors.LoadAsync"/>).</summary>
public sealed class CurrentUser(AuthenticationStateProvider auth, IDbContextFactory<DxDbContext> dbFactory, NavigationManager navigation)
{
    private ClaimsPrincipal? _principal;
    private Task<UserInfo>? _answer;
    private string? _answeredFor;

    public async Task<ClaimsPrincipal> PrincipalAsync() => _principal ??= (await auth.GetAuthenticationStateAsync()).User;

    /// <summary>Who the cookie says (id and name as signed in), without role or department: what a page can show before the
    /// database has answered.</summary>
    public async Task<UserInfo> FromCookieAsync()
    {
        var p = await PrincipalAsync();
        return new UserInfo(p.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
            p.FindFirstValue(IdentitySetup.DisplayNameClaim) ?? p.Identity?.Name ?? "", null, null);
    }

    /// <summary>The signed-in user's id, from the cookie: what an event handler passes to a service, which re-reads the actor.
    /// Read it in the handler rather than keep it from a component's initialisation, which may not have finished when an
    /// early click (or a table's first load) comes — a read that yields (PostgreSQL's always do) lets the first render
    /// and its events in before it.</summary>
    public async Task<string> IdAsync() => (await FromCookieAsync()).UserId;

    /// <summary>The user with role and department; one database read per page (see the class).</summary>
    public Task<UserInfo> GetAsync()
    {
        var page = Page(navigation.Uri);
        if (_answer is null || _answeredFor != page || _answer.IsFaulted || _answer.IsCanceled)
        {
            _answeredFor = page;
            _answer = ReadAsync();
        }
        return _answer;
    }

    /// <summary>The address without query string and fragment: what makes another page.</summary>
    private static string Page(string uri)
    {
        var end = uri.IndexOfAny(['?', '#']);
        return end < 0 ? uri : uri[..end];
    }

    private async Task<UserInfo> ReadAsync()
    {
        var cookie = await FromCookieAsync();
        if (cookie.UserId.Length == 0)
            return cookie;
        await using var db = await dbFactory.CreateDbContextAsync();
        try
        {
            var actor = await Actors.LoadAsync(db, cookie.UserId);
            return new UserInfo(cookie.UserId, actor.DisplayName, actor.Role, actor.DepartmentId);
        }
        catch (AccessDeniedException)
        {
            // No longer a user with a role: nothing to show until the sign-in is re-checked.
            return cookie;
        }
    }
}

public sealed record UserInfo(string UserId, string DisplayName, Role? Role, int? DepartmentId)
{
    public bool IsDxTeam => Role == Domain.Identity.Role.DxTeam;

    /// <summary>Whether to offer write controls for a department (the service decides for real).</summary>
    public bool MayWriteIn(int departmentId) => this.ToActor()?.MayWriteIn(departmentId) == true;
}
