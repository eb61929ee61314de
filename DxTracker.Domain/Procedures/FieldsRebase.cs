using System.Reflection;

namespace DxTracker.Domain.Procedures;

/// <summary>Re-applies a user's edits onto the latest version after a concurrency conflict (a three-way merge,
/// docs/DOMAIN.md#procedure-fields). It goes over every property of <see cref="ProcedureFields"/>, so a new field is merged
/// without a change here.</summary>
public static class FieldsRebase
{
    private static readonly PropertyInfo[] Fields = typeof(ProcedureFields)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanRead && p.CanWrite)
        .ToArray();

    /// <summary>Fields the user did not change take the latest value; fields the user changed keep the user's value.
    /// <c>Conflicts</c> names the fields both the user and the other person changed to different values: the user's
    /// value is kept, and the editor shows the latest one beside it, so nothing is overwritten unseen.</summary>
    public static (ProcedureFields Merged, IReadOnlyList<string> Conflicts) Rebase(ProcedureFields loaded, ProcedureFields mine, ProcedureFields latest)
    {
        var conflicts = new List<string>();
        var merged = latest with { };
        foreach (var field in Fields)
        {
            var (b, m, l) = (field.GetValue(loaded), field.GetValue(mine), field.GetValue(latest));
            if (Equals(m, b))
                continue;
            if (!Equals(l, b) && !Equals(l, m))
                conflicts.Add(field.Name);
            field.SetValue(merged, m);
        }
        return (merged, conflicts);
    }
}
