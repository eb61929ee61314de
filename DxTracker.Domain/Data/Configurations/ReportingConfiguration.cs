using DxTracker.Domain.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DxTracker.Domain.Data.Configurations;

internal sealed class DepartmentYearFiguresConfiguration : IEntityTypeConfiguration<DepartmentYearFigures>
{
    public void Configure(EntityTypeBuilder<DepartmentYearFigures> b)
    {
        // No foreign key to Departments: a stored year keeps its figures whatever happens to the organisation later
        // (moving a procedure invalidates the stored years; departments are never deleted while they hold procedures).
        b.ToTable("ClosedYearFigures");
        b.HasKey(f => new { f.Year, f.DepartmentId });
    }
}

internal sealed class HistoryStampConfiguration : IEntityTypeConfiguration<HistoryStamp>
{
    public void Configure(EntityTypeBuilder<HistoryStamp> b)
    {
        b.Property(s => s.Id).ValueGeneratedNever();
        b.HasData(new HistoryStamp { Id = HistoryStamp.SingletonId, Value = HistoryStamp.Initial });
    }
}
