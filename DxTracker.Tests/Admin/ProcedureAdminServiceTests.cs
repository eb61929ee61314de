using DxTracker.Domain;
using DxTracker.Domain.Identity;
using DxTracker.Domain.National;
using DxTracker.Domain.Procedures;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DxTracker.Tests.Admin;

public sealed class ProcedureAdminServiceTests
{
    private static readonly DateOnly Survey = new(2024, 3, 31);

    private static async Task<List<NationalProcedure>> AddCatalogueAsync(TestDatabase database)
    {
        var rows = new List<NationalProcedure>
        {
            new() { SurveyDate = Survey, NationalId = "N-0001", Ministry = "総務省", Name = "転入届", LawName = "住民基本台帳法", LawArticle = "第22条", AdministrativeCategory = 1, IdentityCheck = 4, HasFee = false, Attachments = "転出証明書" },
            new() { SurveyDate = Survey, NationalId = "N-0002", Ministry = "厚生労働省", Name = "児童手当認定請求", LawName = "児童手当法", LawArticle = "第7条第1項", AdministrativeCategory = 2, IdentityCheck = 1, HasFee = true, Attachments = "" },
            new() { SurveyDate = Survey, NationalId = "N-0003", Ministry = "国土交通省", Name = "道路占用許可申請", LawName = "道路法", LawArticle = "第32条", AdministrativeCategory = 9, IdentityCheck = null },
            // An older survey of the same procedure: search shows only the latest.
            new() { SurveyDate = Survey.AddYears(-1), NationalId = "N-0001", Name = "転入届（旧）", LawName = "住民基本台帳法" },
        };
        await using var db = database.CreateDbContext();
        db.NationalProcedures.AddRange(rows);
        await db.SaveChangesAsync();
        return rows;
    }

    [Theory]
    [InlineData(Role.DxTeam, true)]
    [InlineData(Role.DepartmentHead, false)]
    [InlineData(Role.Manager, false)]
    public async Task Only_the_DX_team_may_create_procedures_and_move_them(Role role, bool allowed)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = await AdminServices.BuildAsync(database);
        var departments = await database.AddDepartmentsAsync("OWN", "OTHER");
        var catalogue = await AddCatalogueAsync(database);
        var dx = await database.AddUserAsync(Role.DxTeam);
        var caller = await database.AddUserAsync(role, departments[0].Id);
        var admin = services.GetRequiredService<ProcedureAdminService>();
        var existing = await admin.CreateAsync(dx.UserId, departments[0].Id, new ProcedureFields { Code = "P-000001", Name = "既存の手続" });

        Task Create() => admin.CreateAsync(caller.UserId, departments[0].Id, new ProcedureFields { Code = "P-000100", Name = "新しい手続" });
        Task Pick() => admin.CreateFromCatalogueAsync(caller.UserId, departments[0].Id, [catalogue[0].Id], "P-000200");
        Task Move() => admin.AssignAsync(caller.UserId, existing, 0, departments[1].Id);
        foreach (var write in new[] { Create, Pick, Move })
        {
            if (allowed)
                await write();
            else
                await Assert.ThrowsAsync<AccessDeniedException>(write);
        }
        await using var db = database.CreateDbContext();
        Assert.Equal(allowed ? 3 : 1, await db.Procedures.CountAsync());
        Assert.Equal(departments[allowed ? 1 : 0].Id, await db.Procedures.Where(p => p.Id == existing).Select(p => p.DepartmentId).SingleAsync());
    }

    [Fact]
    public async Task A_catalogue_pick_creates_procedures_with_the_catalogues_fields_numbered_from_the_first_code()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = await AdminServices.BuildAsync(database);
        var department = (await database.AddDepartmentsAsync("K01"))[0];
        var catalogue = await AddCatalogueAsync(database);
        var dx = await database.AddUserAsync(Role.DxTeam, name: "山田");
        var admin = services.GetRequiredService<ProcedureAdminService>();

        var ids = await admin.CreateFromCatalogueAsync(dx.UserId, department.Id, [catalogue[1].Id, catalogue[0].Id, catalogue[2].Id], "P-000009");

        await using var db = database.CreateDbContext();
        var created = await db.Procedures.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync();
        var byCode = created.ToDictionary(p => p.Code);
        Assert.Equal(["P-000009", "P-000010", "P-000011"], ids.Select(id => created.Single(p => p.Id == id).Code));
        var child = byCode["P-000009"];
        Assert.Equal(("児童手当認定請求", "N-0002", "児童手当法", "第7条第1項"), (child.Name, child.NationalProcedureId, child.LawName, child.LawArticle));
        Assert.Equal((AdministrativeCategory.StatutoryEntrustedFirst, IdentityCheck.SealWithCertificate, (bool?)true, (string?)null), (child.AdministrativeCategory, child.IdentityCheck, child.HasFee, child.Attachments));
        var moving = byCode["P-000010"];
        Assert.Equal((AdministrativeCategory.Autonomous, IdentityCheck.IdDocument, (bool?)false, "転出証明書"), (moving.AdministrativeCategory, moving.IdentityCheck, moving.HasFee, moving.Attachments));
        // A survey code outside the known range is "unknown", not a guess.
        Assert.Equal(((AdministrativeCategory?)null, (IdentityCheck?)null), (byCode["P-000011"].AdministrativeCategory, byCode["P-000011"].IdentityCheck));
        Assert.All(created, p => Assert.Equal((department.Id, ProcedureStatus.NotConsidered, "山田"), (p.DepartmentId, p.Status, p.UpdatedByName)));
        Assert.Equal("P-000012", await admin.SuggestCodeAsync());
    }

    [Fact]
    public async Task A_pick_with_a_code_in_use_creates_nothing_and_names_the_code()
    {
        using var _ = new CultureScope("ja-JP");
        await using var database = await TestDatabase.CreateAsync();
        await using var services = await AdminServices.BuildAsync(database);
        var department = (await database.AddDepartmentsAsync("K01"))[0];
        var catalogue = await AddCatalogueAsync(database);
        var dx = await database.AddUserAsync(Role.DxTeam);
        var admin = services.GetRequiredService<ProcedureAdminService>();
        await admin.CreateAsync(dx.UserId, department.Id, new ProcedureFields { Code = "P-000002", Name = "既存" });

        var error = await Assert.ThrowsAsync<DomainException>(() => admin.CreateFromCatalogueAsync(dx.UserId, department.Id, [catalogue[0].Id, catalogue[1].Id], "P-000001"));
        Assert.Equal(DomainError.DuplicateCode, error.Error);
        Assert.Contains("P-000002", error.Message);
        await using var db = database.CreateDbContext();
        Assert.Equal(1, await db.Procedures.CountAsync());
    }

    [Fact]
    public async Task The_suggested_code_is_the_next_free_P_number()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = await AdminServices.BuildAsync(database);
        var department = (await database.AddDepartmentsAsync("K01"))[0];
        var dx = await database.AddUserAsync(Role.DxTeam);
        var admin = services.GetRequiredService<ProcedureAdminService>();
        Assert.Equal("P-000001", await admin.SuggestCodeAsync());
        foreach (var code in new[] { "P-000041", "P-000007", "OTHER-9999", "P-ABCDEF" })
            await admin.CreateAsync(dx.UserId, department.Id, new ProcedureFields { Code = code, Name = code });
        Assert.Equal("P-000042", await admin.SuggestCodeAsync());
    }

    [Theory]
    [InlineData("P-000009", 0, "P-000009")]
    [InlineData("P-000009", 1, "P-000010")]
    [InlineData("X99", 2, "X101")]
    [InlineData("福祉-A", 1, "福祉-A-2")]
    public void NthCode_counts_up_the_trailing_number(string first, int n, string expected) =>
        Assert.Equal(expected, ProcedureAdminService.NthCode(first, n));

    [Fact]
    public async Task Catalogue_search_matches_name_law_and_national_id_in_the_latest_survey_a_page_at_a_time()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = await AdminServices.BuildAsync(database);
        var department = (await database.AddDepartmentsAsync("K01"))[0];
        var catalogue = await AddCatalogueAsync(database);
        var dx = await database.AddUserAsync(Role.DxTeam);
        await services.GetRequiredService<ProcedureAdminService>().CreateFromCatalogueAsync(dx.UserId, department.Id, [catalogue[0].Id], "P-000001");
        await using var db = database.CreateDbContext();

        var byName = await CatalogueSearch.SearchAsync(db, "転入", 0, 10);
        var row = Assert.Single(byName.Rows);
        Assert.Equal(("N-0001", "転入届", 1), (row.NationalId, row.Name, row.InUse));
        Assert.Equal("N-0002", Assert.Single((await CatalogueSearch.SearchAsync(db, "児童手当法", 0, 10)).Rows).NationalId);
        Assert.Equal("N-0003", Assert.Single((await CatalogueSearch.SearchAsync(db, "0003", 0, 10)).Rows).NationalId);
        Assert.Empty((await CatalogueSearch.SearchAsync(db, "%", 0, 10)).Rows);

        var second = await CatalogueSearch.SearchAsync(db, null, 1, 1);
        Assert.Equal(3, second.Total);
        Assert.Equal("N-0002", Assert.Single(second.Rows).NationalId);
    }

    [Fact]
    public async Task Moving_from_a_stale_copy_is_refused_as_a_conflict()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = await AdminServices.BuildAsync(database);
        var departments = await database.AddDepartmentsAsync("K01", "K02", "K03");
        var dx = await database.AddUserAsync(Role.DxTeam, name: "山田");
        var admin = services.GetRequiredService<ProcedureAdminService>();
        var id = await admin.CreateAsync(dx.UserId, departments[0].Id, new ProcedureFields { Code = "P-000001", Name = "転入届" });
        var version = await admin.AssignAsync(dx.UserId, id, 0, departments[1].Id);
        Assert.Equal(1, version);
        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => admin.AssignAsync(dx.UserId, id, 0, departments[2].Id));
        Assert.Equal("山田", conflict.ChangedBy);
        var missing = await Assert.ThrowsAsync<DomainException>(() => admin.AssignAsync(dx.UserId, id, 1, 999));
        Assert.Equal(DomainError.NotFound, missing.Error);
    }
}
