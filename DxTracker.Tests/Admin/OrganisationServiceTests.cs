using DxTracker.Domain;
using DxTracker.Domain.Identity;
using DxTracker.Domain.Organisation;
using DxTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DxTracker.Tests.Admin;

public sealed class OrganisationServiceTests
{
    [Theory]
    [InlineData(Role.DxTeam, true)]
    [InlineData(Role.DepartmentHead, false)]
    [InlineData(Role.Manager, false)]
    public async Task Only_the_DX_team_may_create_divisions_and_departments(Role role, bool allowed)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = await AdminServices.BuildAsync(database);
        var own = (await database.AddDepartmentsAsync("OWN"))[0];
        var caller = await database.AddUserAsync(role, own.Id);
        var organisation = services.GetRequiredService<OrganisationService>();

        Task<int> Division() => organisation.SaveDivisionAsync(caller.UserId, new DivisionInput(null, "B01", "福祉部", 1));
        Task<int> Department() => organisation.SaveDepartmentAsync(caller.UserId, new DepartmentInput(null, own.DivisionId, "K01", "福祉課", 1));
        Task<int> Edit() => organisation.SaveDepartmentAsync(caller.UserId, new DepartmentInput(own.Id, own.DivisionId, own.Code, "改名課", 2));
        if (allowed)
        {
            await Division();
            await Department();
            await Edit();
        }
        else
        {
            await Assert.ThrowsAsync<AccessDeniedException>(Division);
            await Assert.ThrowsAsync<AccessDeniedException>(Department);
            await Assert.ThrowsAsync<AccessDeniedException>(Edit);
        }
        await using var db = database.CreateDbContext();
        Assert.Equal(allowed ? 2 : 1, await db.Divisions.CountAsync());
        Assert.Equal(allowed ? 2 : 1, await db.Departments.CountAsync());
        Assert.Equal(allowed ? "改名課" : own.Name, await db.Departments.Where(d => d.Id == own.Id).Select(d => d.Name).SingleAsync());
    }

    [Fact]
    public async Task The_role_is_read_from_the_database_at_each_write()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = await AdminServices.BuildAsync(database);
        var dx = await database.AddUserAsync(Role.DxTeam);
        var organisation = services.GetRequiredService<OrganisationService>();
        await organisation.SaveDivisionAsync(dx.UserId, new DivisionInput(null, "B01", "福祉部", 1));

        // Demoted in the database after "signing in": the next write is refused although the caller still claims DxTeam.
        await using (var db = database.CreateDbContext())
        {
            var managerRole = await db.Roles.SingleAsync(r => r.Name == nameof(Role.Manager));
            var link = await db.UserRoles.SingleAsync(ur => ur.UserId == dx.UserId);
            db.UserRoles.Remove(link);
            db.UserRoles.Add(new() { UserId = dx.UserId, RoleId = managerRole.Id });
            await db.SaveChangesAsync();
        }
        await Assert.ThrowsAsync<AccessDeniedException>(() => organisation.SaveDivisionAsync(dx.UserId, new DivisionInput(null, "B02", "土木部", 2)));
    }

    [Fact]
    public async Task A_duplicate_code_is_refused_with_a_message_naming_it()
    {
        using var _ = new CultureScope("ja-JP");
        await using var database = await TestDatabase.CreateAsync();
        await using var services = await AdminServices.BuildAsync(database);
        var dx = await database.AddUserAsync(Role.DxTeam);
        var organisation = services.GetRequiredService<OrganisationService>();
        var division = await organisation.SaveDivisionAsync(dx.UserId, new DivisionInput(null, "B01", "福祉部", 1));
        var department = await organisation.SaveDepartmentAsync(dx.UserId, new DepartmentInput(null, division, "K01", "福祉課", 1));

        var divisionError = await Assert.ThrowsAsync<DomainException>(() => organisation.SaveDivisionAsync(dx.UserId, new DivisionInput(null, " B01 ", "別の部", 2)));
        Assert.Equal(DomainError.DuplicateDivisionCode, divisionError.Error);
        Assert.Equal("部コード「B01」はすでに使われています。別のコードを入力してください。", divisionError.Message);
        var other = await organisation.SaveDepartmentAsync(dx.UserId, new DepartmentInput(null, division, "K02", "障害福祉課", 2));
        var departmentError = await Assert.ThrowsAsync<DomainException>(() => organisation.SaveDepartmentAsync(dx.UserId, new DepartmentInput(other, division, "K01", "障害福祉課", 2)));
        Assert.Equal(DomainError.DuplicateDepartmentCode, departmentError.Error);
        Assert.Contains("K01", departmentError.Message);

        // Saving a department under its own code is no duplicate.
        await organisation.SaveDepartmentAsync(dx.UserId, new DepartmentInput(department, division, "K01", "福祉総務課", 1));
        await using var db = database.CreateDbContext();
        Assert.Equal(["K01", "K02"], await db.Departments.OrderBy(d => d.Code).Select(d => d.Code).ToListAsync());
    }

    [Theory]
    [InlineData("", "福祉部", 1, DomainError.FieldRequired)]
    [InlineData("B01", "   ", 1, DomainError.FieldRequired)]
    [InlineData("B0123456789012345678901", "福祉部", 1, DomainError.FieldTooLong)]
    [InlineData("B01", "福祉部", -1, DomainError.SortOrderOutOfRange)]
    [InlineData("B01", "福祉部", 10000, DomainError.SortOrderOutOfRange)]
    public async Task Bad_division_input_is_refused_and_nothing_is_written(string code, string name, int sortOrder, DomainError expected)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = await AdminServices.BuildAsync(database);
        var dx = await database.AddUserAsync(Role.DxTeam);
        var error = await Assert.ThrowsAsync<DomainException>(() =>
            services.GetRequiredService<OrganisationService>().SaveDivisionAsync(dx.UserId, new DivisionInput(null, code, name, sortOrder)));
        Assert.Equal(expected, error.Error);
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.Divisions.CountAsync());
    }

    [Fact]
    public async Task A_department_needs_a_division()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = await AdminServices.BuildAsync(database);
        var dx = await database.AddUserAsync(Role.DxTeam);
        var organisation = services.GetRequiredService<OrganisationService>();
        var none = await Assert.ThrowsAsync<DomainException>(() => organisation.SaveDepartmentAsync(dx.UserId, new DepartmentInput(null, 0, "K01", "福祉課", 1)));
        Assert.Equal(DomainError.FieldRequired, none.Error);
        var missing = await Assert.ThrowsAsync<DomainException>(() => organisation.SaveDepartmentAsync(dx.UserId, new DepartmentInput(null, 999, "K01", "福祉課", 1)));
        Assert.Equal(DomainError.NotFound, missing.Error);
    }
}
