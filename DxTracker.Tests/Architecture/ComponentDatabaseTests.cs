using System.Reflection;
using DxTracker.App.Features.Procedures;
using DxTracker.Domain.Data;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Tests.Architecture;

/// <summary>Components stay thin: they read through the Domain's query types and write through its services, never
/// through a DbContext of their own.</summary>
public sealed class ComponentDatabaseTests
{
    /// <summary>Whether a type gives direct database access: a DbContext, or a factory or accessor of one.</summary>
    private static bool IsDatabase(Type type) =>
        typeof(DbContext).IsAssignableFrom(type)
        || type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDbContextFactory<>);

    /// <summary>Every component of the App assembly with what it takes from the container (@inject properties, [Inject]
    /// properties, constructor parameters) that is database access.</summary>
    private static IEnumerable<string> DatabaseInjections(Assembly assembly) =>
        from type in assembly.GetTypes()
        where typeof(IComponent).IsAssignableFrom(type) && !type.IsAbstract
        let properties = type.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(p => p.IsDefined(typeof(InjectAttribute)) && IsDatabase(p.PropertyType))
            .Select(p => $"{type.FullName}.{p.Name} ({p.PropertyType.Name})")
        let parameters = type.GetConstructors().SelectMany(c => c.GetParameters())
            .Where(p => IsDatabase(p.ParameterType))
            .Select(p => $"{type.FullName}({p.ParameterType.Name} {p.Name})")
        from found in properties.Concat(parameters)
        select found;

    [Fact]
    public void No_component_of_the_App_injects_the_database()
    {
        var assembly = typeof(ProcedurePage).Assembly;
        Assert.Empty(DatabaseInjections(assembly));
    }

    /// <summary>The check finds what it looks for: a component that injects the factory is reported.</summary>
    [Fact]
    public void A_component_injecting_the_database_is_found()
    {
        var found = DatabaseInjections(typeof(ComponentDatabaseTests).Assembly).ToList();
        Assert.Contains(found, f => f.Contains(nameof(InjectsFactory)) && f.Contains("IDbContextFactory"));
        Assert.Contains(found, f => f.Contains(nameof(InjectsContext)) && f.Contains(nameof(DxDbContext)));
    }

    private sealed class InjectsFactory : ComponentBase
    {
        [Inject] private IDbContextFactory<DxDbContext> Db { get; set; } = default!;
        public override string ToString() => Db.GetType().Name;
    }

    private sealed class InjectsContext(DxDbContext db) : ComponentBase
    {
        public override string ToString() => db.GetType().Name;
    }
}
