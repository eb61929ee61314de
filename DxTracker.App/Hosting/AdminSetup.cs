using DxTracker.App.Features.Admin;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Organisation;
using DxTracker.Domain.Procedures;

namespace DxTracker.App.Hosting;

public static class AdminSetup
{
    /// <summary>The DX team's administration services: organisation, users and their invitations, procedure creation and moves.</summary>
    public static IServiceCollection AddDxAdmin(this IServiceCollection services)
    {
        services.AddScoped<OrganisationService>();
        services.AddScoped<OrganisationImportService>();
        services.AddScoped<OrganisationExportService>();
        services.AddScoped<ProcedureAdminService>();
        services.AddScoped<UserAdminService>();
        services.AddScoped<InvitationService>();
        services.AddScoped<Jobs.InvitationMailer>();
        services.AddScoped<Jobs.InvitationMailJob>();
        services.AddScoped<InvitationIssuer>();
        return services;
    }
}
