using DxTracker.App.Features.Publication;
using Microsoft.AspNetCore.Builder;

namespace DxTracker.Tests.Publication;

/// <summary>The public pages are stored in the output cache only because <see cref="PublicCache.StaticOnly"/> builds an internal
/// ASP.NET Core type by reflection. If a framework update drops or changes it, this fails naming the type (the app would only
/// log a warning at start-up and serve the pages uncached).</summary>
public sealed class PublicCacheTests
{
    [Fact]
    public void The_internal_render_modes_type_the_public_pages_need_is_in_this_ASP_NET_Core()
    {
        var assembly = typeof(RazorComponentsEndpointConventionBuilder).Assembly;
        Assert.True(PublicCache.RenderModesConstructor(assembly, PublicCache.RenderModesMetadataType) is not null,
            $"{PublicCache.RenderModesMetadataType}(IComponentRenderMode[]) is missing from {assembly.GetName().Name} {assembly.GetName().Version}: PublicCache.StaticOnly needs updating.");
        Assert.Null(PublicCache.StaticPagesProblem);
    }

    [Fact]
    public void A_missing_type_gives_the_start_up_warning_naming_it()
    {
        const string missing = "Microsoft.AspNetCore.Components.Endpoints.NoSuchMetadata";
        var assembly = typeof(RazorComponentsEndpointConventionBuilder).Assembly;

        var problem = PublicCache.Problem(PublicCache.RenderModesConstructor(assembly, missing), missing);

        Assert.NotNull(problem);
        Assert.Contains(missing, problem);
        Assert.Contains("not stored in the output cache", problem);
    }
}
