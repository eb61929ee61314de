namespace DxTracker.Domain.Procedures;

/// <summary>年間件数: applications to one procedure in one fiscal year. Null means unknown, which is not zero.</summary>
public sealed class ProcedureVolume
{
    public int Id { get; private set; }
    public int ProcedureId { get; private set; }
    public int FiscalYear { get; private set; }
    public long? Total { get; private set; }
    public long? Online { get; private set; }

    private ProcedureVolume() { }

    internal ProcedureVolume(int fiscalYear, long? total, long? online)
    {
        FiscalYear = fiscalYear;
        Set(total, online);
    }

    internal void Set(long? total, long? online)
    {
        if (total < 0 || online < 0)
            throw new DomainException(DomainError.VolumeNegative);
        if (total is not null && online > total)
            throw new DomainException(DomainError.VolumeOnlineAboveTotal);
        Total = total;
        Online = online;
    }
}
