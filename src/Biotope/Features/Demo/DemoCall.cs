using System.Text.Json;
using System.Text.Json.Serialization;
using Biotope.Data;
using Biotope.Features.Calls;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Demo;

/// <summary>The demo database's open call (Features/Demo/demo-call.json), open from two weeks before seeding to three months after.</summary>
public static class DemoCall
{
    private sealed record File(string Note, string Slug, string TitleEn, string TitleFr, string DescriptionEn, string DescriptionFr, string FunderFr, string FunderEn, string? ProgrammeFr, string? ProgrammeEn,
        CallStage Stage, int OpensDaysBeforeSeeding, int ClosesDaysAfterSeeding, decimal BudgetEnvelope, List<RequiredDocument> RequiredDocuments, int ReviewersPerProposal,
        EligibilityRules Rules, List<CriterionInput> Criteria);

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static CallInput Load(DateTimeOffset seededAt)
    {
        using var stream = typeof(DemoCall).Assembly.GetManifestResourceStream(typeof(DemoCall).Assembly.GetManifestResourceNames().Single(n => n.EndsWith("Features.Demo.demo-call.json", StringComparison.Ordinal)))!;
        var file = JsonSerializer.Deserialize<File>(stream, Options)!;
        // Noon, Brussels time, on the opening and closing days.
        var today = BrusselsTime.Date(seededAt);
        string Noon(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T12:00";
        return new CallInput
        {
            Slug = file.Slug,
            TitleEn = file.TitleEn,
            TitleFr = file.TitleFr,
            DescriptionEn = file.DescriptionEn,
            DescriptionFr = file.DescriptionFr,
            FunderFr = file.FunderFr,
            FunderEn = file.FunderEn,
            ProgrammeFr = file.ProgrammeFr,
            ProgrammeEn = file.ProgrammeEn,
            Stage = file.Stage,
            OpensAt = Noon(today.AddDays(-file.OpensDaysBeforeSeeding)),
            ClosesAt = Noon(today.AddDays(file.ClosesDaysAfterSeeding)),
            BudgetEnvelope = file.BudgetEnvelope,
            RequiredDocuments = file.RequiredDocuments,
            ReviewersPerProposal = file.ReviewersPerProposal,
            Rules = file.Rules,
            Criteria = file.Criteria,
            Published = true,
        };
    }

    /// <summary>Adds the call unless a call with its slug exists.</summary>
    public static async Task EnsureAsync(BiotopeDb db, DateTimeOffset now, CancellationToken ct = default)
    {
        var input = Load(now);
        if (await db.Calls.AnyAsync(c => c.Slug == input.Slug, ct)) return;
        var times = input.Validate();
        if (!times.Succeeded) throw new InvalidOperationException("demo-call.json is invalid: " + string.Join("; ", Texts.For("en").Say(times.Failure!.Errors).SelectMany(e => e.Value)));
        var call = new Call { Slug = input.Slug!, TitleEn = input.TitleEn, TitleFr = input.TitleFr };
        input.ApplyTo(call, times.Value);
        call.Illustrative = true;
        db.Calls.Add(call);
        await db.SaveChangesAsync(ct);
    }
}
