using Biotope.Data;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Calls;

/// <summary>The audit log names the calls' entities and fields in the reader's language: every one has a label in every language.</summary>
public sealed class AuditLabelsTests
{
    [Fact]
    public void Every_entity_and_field_of_the_calls_has_an_audit_label()
    {
        using var db = new BiotopeDb(new DbContextOptionsBuilder<BiotopeDb>().UseSqlite("Data Source=:memory:").Options);
        var keys = db.Model.GetEntityTypes()
            .Where(t => t.ClrType.Namespace?.StartsWith("Biotope.Features.Calls", StringComparison.Ordinal) == true && !t.IsOwned())
            .SelectMany(t => t.GetProperties().Select(p => $"audit.field.{t.ClrType.Name}.{p.Name}")
                .Concat(t.GetNavigations().Where(n => n.TargetEntityType.IsOwned()).Select(n => $"audit.field.{t.ClrType.Name}.{n.Name}"))
                .Prepend($"audit.entity.{t.ClrType.Name}"))
            .ToList();
        Assert.NotEmpty(keys);
        var missing = ResourceFiles.ByLanguage.SelectMany(l => keys.Where(k => !l.Value.ContainsKey(k)).Select(k => $"{l.Key}: {k}")).ToList();
        Assert.True(missing.Count == 0, "Add with scripts/texts add:" + Environment.NewLine + string.Join(Environment.NewLine, missing));
    }
}
