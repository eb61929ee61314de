using DxTracker.Domain.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DxTracker.Domain.Data.Configurations;

internal sealed class DivisionConfiguration : IEntityTypeConfiguration<Division>
{
    public void Configure(EntityTypeBuilder<Division> b)
    {
        b.Property(d => d.Code).HasMaxLength(Division.CodeMaxLength);
        b.Property(d => d.Name).HasMaxLength(Division.NameMaxLength);
        b.HasIndex(d => d.Code).IsUnique();
    }
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> b)
    {
        b.Property(d => d.Code).HasMaxLength(Department.CodeMaxLength);
        b.Property(d => d.Name).HasMaxLength(Department.NameMaxLength);
        b.HasIndex(d => d.Code).IsUnique();
        b.HasOne(d => d.Division).WithMany(d => d.Departments).HasForeignKey(d => d.DivisionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<Identity.AppUser>
{
    public void Configure(EntityTypeBuilder<Identity.AppUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(Identity.AppUser.DisplayNameMaxLength);
        b.HasOne(u => u.Department).WithMany().HasForeignKey(u => u.DepartmentId).OnDelete(DeleteBehavior.SetNull);
    }
}
