using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Biotope.Data;
using Biotope.Features.Platforms;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Demo;

/// <summary>
/// The demo database's training modules (Features/Demo/demo-training.json), all illustrative: each module is added with its sessions
/// unless its slug exists, attached to its platform when the platform exists (also on a later run), and made the certificate the platform's instruments of
/// the listed modalities require (where they require none yet). Sessions fall in the weeks after seeding, in Brussels time.
/// </summary>
public static class DemoTraining
{
    public const string TrainerEmail = "trainer@demo.biotope.be";
    public const string TrainerName = "Demo trainer (illustrative)";
    public const string TrainerNameFr = "Formateur de démonstration (illustratif)";

    private sealed record File(string Note, List<DemoModule> Modules);

    private sealed record DemoModule(string Slug, string Platform, string TitleEn, string TitleFr, string DescriptionEn, string DescriptionFr,
        int? ValidityMonths, List<string> CertifiesModalities, List<DemoSession> Sessions);

    private sealed record DemoSession(int WeeksAfterSeeding, DayOfWeek Day, string Starts, string Ends, string Place, string Language, int Capacity);

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static async Task EnsureAsync(BiotopeDb db, DateTimeOffset now, CancellationToken ct = default)
    {
        var file = Load();
        var trainer = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == TrainerEmail.ToUpperInvariant()).Select(u => u.Id).FirstOrDefaultAsync(ct);
        var today = BrusselsTime.Date(now);
        var monday = Features.Platforms.Bookings.BookingCalendar.Monday(today);
        foreach (var d in file.Modules)
        {
            var platformId = await db.Platforms.Where(p => p.Slug == d.Platform).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
            var module = await db.TrainingModules.FirstOrDefaultAsync(m => m.Slug == d.Slug, ct);
            if (module is null)
            {
                module = new TrainingModule
                {
                    Slug = d.Slug,
                    TitleEn = d.TitleEn,
                    TitleFr = d.TitleFr,
                    DescriptionEn = d.DescriptionEn,
                    DescriptionFr = d.DescriptionFr,
                    ValidityMonths = d.ValidityMonths,
                    PlatformId = platformId,
                    Illustrative = true,
                };
                db.TrainingModules.Add(module);
                await db.SaveChangesAsync(ct);
            }
            // The demo platforms may have created the module (their instruments require it): its sessions come from here either way.
            if (!await db.TrainingSessions.AnyAsync(s => s.ModuleId == module.Id, ct))
            {
                foreach (var s in d.Sessions)
                {
                    var day = monday.AddDays(7 * s.WeeksAfterSeeding + ((int)s.Day + 6) % 7);
                    db.TrainingSessions.Add(new TrainingSession
                    {
                        ModuleId = module.Id,
                        StartsAt = BrusselsTime.FromLocal(day.ToDateTime(TimeOnly.Parse(s.Starts, CultureInfo.InvariantCulture))),
                        EndsAt = BrusselsTime.FromLocal(day.ToDateTime(TimeOnly.Parse(s.Ends, CultureInfo.InvariantCulture))),
                        Place = s.Place,
                        Language = s.Language,
                        Capacity = s.Capacity,
                        TrainerUserId = trainer,
                        TrainerName = TrainerName,
                        TrainerNameFr = TrainerNameFr,
                    });
                }
            }
            // A platform seeded after the module (an older demo database) is attached on a later run.
            module.PlatformId ??= platformId;
            if (platformId is { } id && d.CertifiesModalities.Count > 0)
            {
                var unlocked = await db.Equipment.Where(e => e.PlatformId == id && e.RequiredModuleId == null && e.Modality != null && d.CertifiesModalities.Contains(e.Modality)).ToListAsync(ct);
                foreach (var equipment in unlocked) equipment.RequiredModuleId = module.Id;
            }
            await db.SaveChangesAsync(ct);
        }
    }

    private static File Load()
    {
        var assembly = typeof(DemoTraining).Assembly;
        using var stream = assembly.GetManifestResourceStream(assembly.GetManifestResourceNames().Single(n => n.EndsWith("Features.Demo.demo-training.json", StringComparison.Ordinal)))!;
        return JsonSerializer.Deserialize<File>(stream, Options) ?? throw new InvalidDataException("demo-training.json is empty.");
    }
}
