namespace DxTracker.Domain.Procedures;

/// <summary>Re-applies a user's edits onto the latest version after a concurrency conflict (a three-way merge).</summary>
public static class FieldsRebase
{
    /// <summary>Fields the user did not change take the latest value; fields the user changed keep the user's value.
    /// <c>Conflicts</c> names the fields both the user and the other person changed to different values: the user's
    /// value is kept, and the page shows the latest one beside it, so nothing is overwritten unseen.</summary>
    public static (ProcedureFields Merged, IReadOnlyList<string> Conflicts) Rebase(ProcedureFields loaded, ProcedureFields mine, ProcedureFields latest)
    {
        var conflicts = new List<string>();
        T Pick<T>(Func<ProcedureFields, T> get, string name)
        {
            var (b, m, l) = (get(loaded), get(mine), get(latest));
            if (EqualityComparer<T>.Default.Equals(m, b))
                return l;
            if (!EqualityComparer<T>.Default.Equals(l, b) && !EqualityComparer<T>.Default.Equals(l, m))
                conflicts.Add(name);
            return m;
        }

        var merged = new ProcedureFields
        {
            Code = Pick(f => f.Code, nameof(ProcedureFields.Code)),
            Name = Pick(f => f.Name, nameof(ProcedureFields.Name)),
            NationalProcedureId = Pick(f => f.NationalProcedureId, nameof(ProcedureFields.NationalProcedureId)),
            LawName = Pick(f => f.LawName, nameof(ProcedureFields.LawName)),
            LawArticle = Pick(f => f.LawArticle, nameof(ProcedureFields.LawArticle)),
            AdministrativeCategory = Pick(f => f.AdministrativeCategory, nameof(ProcedureFields.AdministrativeCategory)),
            IdentityCheck = Pick(f => f.IdentityCheck, nameof(ProcedureFields.IdentityCheck)),
            HasFee = Pick(f => f.HasFee, nameof(ProcedureFields.HasFee)),
            Attachments = Pick(f => f.Attachments, nameof(ProcedureFields.Attachments)),
            TargetFiscalYear = Pick(f => f.TargetFiscalYear, nameof(ProcedureFields.TargetFiscalYear)),
            OnlineFormUrl = Pick(f => f.OnlineFormUrl, nameof(ProcedureFields.OnlineFormUrl)),
            CounterTablet = Pick(f => f.CounterTablet, nameof(ProcedureFields.CounterTablet)),
            SmartphoneClass = Pick(f => f.SmartphoneClass, nameof(ProcedureFields.SmartphoneClass)),
            Translation = Pick(f => f.Translation, nameof(ProcedureFields.Translation)),
            Notes = Pick(f => f.Notes, nameof(ProcedureFields.Notes)),
        };
        return (merged, conflicts);
    }
}
