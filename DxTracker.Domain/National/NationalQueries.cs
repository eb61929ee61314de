using DxTracker.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace DxTracker.Domain.National;

/// <summary>The reads of the national catalogue for pages and cards (<see cref="NationalEvidence"/>, <see cref="CatalogueSearch"/>): one context per call.</summary>
public sealed class NationalQueries(IDbContextFactory<DxDbContext> dbFactory)
{
    /// <summary>The newest survey's entry for a national id; null when blank or unknown.</summary>
    public async Task<NationalFacts?> FactsAsync(string? nationalId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await NationalEvidence.ForNationalIdAsync(db, nationalId, ct);
    }

    public async Task<(int Count, IReadOnlyList<PaperHereOnlineNationally> Top)> PaperHereOnlineNationallyAsync(double populationShare, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await NationalEvidence.PaperHereOnlineNationallyAsync(db, populationShare, take, ct);
    }

    public async Task<IReadOnlyList<ContradictedObjection>> ContradictedObjectionsAsync(int? departmentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await NationalEvidence.ContradictedObjectionsAsync(db, departmentId, ct);
    }

    public async Task<CataloguePage> SearchCatalogueAsync(string? text, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await CatalogueSearch.SearchAsync(db, text, skip, take, ct);
    }
}
