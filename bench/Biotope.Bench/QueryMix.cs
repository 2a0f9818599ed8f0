namespace Biotope.Bench;

/// <summary>One search request of the mix: a category and its query-string parameters (unencoded).</summary>
public sealed record BenchQuery(string Category, IReadOnlyList<KeyValuePair<string, string>> Parameters)
{
    /// <summary>The request path, e.g. /api/v1/organizations?q=th%C3%A9rapie&amp;type=Sme.</summary>
    public string Path => Parameters.Count == 0
        ? "/api/v1/organizations"
        : "/api/v1/organizations?" + string.Join('&', Parameters.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value)));

    /// <summary>Readable form for reports: q=thérapie&amp;type=Sme, or (no parameters).</summary>
    public string Display => Parameters.Count == 0 ? "(no parameters)" : string.Join('&', Parameters.Select(p => p.Key + "=" + p.Value));
}

/// <summary>
/// The fixed mix of 200 directory searches, drawn from the vocabulary of the synthetic organizations
/// (SyntheticSeeder's name words, cities and the taxonomy). Written out in full, so every run asks the
/// same questions in the same order and figures stay comparable between runs and commits.
/// </summary>
public static class QueryMix
{
    // Single words as users type them: lower-case, no accents. "organisation" and "synthetic" occur in
    // every synthetic description, so they match all 100,000 rows (the worst case for ranking).
    private static readonly string[] Words =
    [
        "liege", "namur", "charleroi", "mons", "wavre", "gembloux", "tournai", "arlon", "bruxelles", "leuven",
        "meuse", "sambre", "ardenne", "condroz", "hesbaye", "laboratoire", "institut", "clinique", "genomique", "immunologie",
        "oncologie", "therapeutics", "biosciences", "robotics", "ziekenhuis", "kliniek", "antibodies", "radiopharmaceuticals",
        "organisation", "synthetic",
    ];

    // Accents and case: each should find what its folded form finds.
    private static readonly string[] Accented =
    [
        "Liège", "LIÈGE", "liège", "LIEGE", "Génomique", "GÉNOMIQUE", "Hôpital", "hopital", "HÔPITAL", "Étoile",
        "etoile", "Phénix", "phenix", "Amblève", "ambleve", "Hoëgne", "hoegne", "Société", "SANTE", "Santé",
        "Thérapies", "Lumière", "Cèdre", "Régénération", "La Louvière",
    ];

    private static readonly string[] TwoWords =
    [
        "centre meuse", "institut liege", "biologie namur", "ardenne health", "cell therapy", "thérapie cellulaire", "gene therapy",
        "clinique gaume", "centre hospitalier", "hospitalier sambre", "medical devices", "nuclear medicine", "médecine nucléaire",
        "ziekenhuis ourthe", "opale therapeutics", "genomique mons", "imagerie charleroi", "recherche wavre", "onderzoek lesse",
        "vision nova", "pharma argos", "clinical trials", "essais cliniques", "small molecules", "laboratoire de liege",
    ];

    // Prefixes of 3 to 6 letters, as while typing.
    private static readonly string[] Prefixes =
    [
        "lab", "labo", "labor", "thera", "therap", "geno", "genom", "onco", "oncol", "cardio",
        "immun", "bios", "diagn", "clin", "clini", "hosp", "zieken", "onder", "gezond", "amb",
        "semo", "lumi", "charl", "nam", "brux", "louv", "radiop", "endo", "molec", "bio",
    ];

    // One typo (transposition, deletion, insertion or substitution) in words of 5+ letters.
    private static readonly string[] Typos =
    [
        "louvian", "liehe", "naumr", "charelroi", "genomqiue", "theraputics", "immunologei", "cardiolgie", "ziekenhuiss", "diagnostik",
        "biosciensec", "antibodeis", "robotisc", "gembloox", "tournia", "hesbyae", "famnene", "ardene", "condorz", "semios",
        "ourhte", "laboratorie", "instiut", "clinqiue", "moleculiare",
    ];

    private static readonly string[] FacetsOnly =
    [
        "", "type=Sme", "type=StartUp", "type=Hospital", "type=University", "type=Sme&province=BE33", "type=StartUp&province=BE31",
        "type=Sme,StartUp", "type=Hospital&province=BE32", "sector=pharma", "sector=diagnostics&province=BE35",
        "sector=digital-health&member=true", "area=cell-therapy", "area=advanced-therapies", "area=nuclear-medicine&type=ResearchInstitute",
        "area=ophthalmology&area=endoscopy", "stage=preclinical", "stage=manufacturing&sector=pharma", "member=true",
        "member=false&province=BE34", "province=BE10", "province=BE2", "province=BE33&province=BE35", "type=Investor&stage=scale-up",
        "type=UniversitySpinOff&sector=pharma&stage=discovery&member=true",
    ];

    private static readonly string[] TextAndFacets =
    [
        "q=liege&type=Sme", "q=therapie&sector=pharma", "q=genom&province=BE31", "q=centre&type=Hospital", "q=bio&member=true",
        "q=clinique&province=BE32", "q=namur&stage=preclinical", "q=meuse&area=cell-therapy", "q=Génomique&type=StartUp",
        "q=louvian&type=UniversitySpinOff", "q=diag&sector=diagnostics", "q=imaging&area=medical-technology",
        "q=onco&province=BE33&type=Sme", "q=health&member=false", "q=research&type=ResearchInstitute",
        "q=charleroi&sector=medical-devices", "q=ardenne&province=BE34", "q=laboratoire&stage=discovery", "q=Hôpital&type=Hospital",
        "q=therapeutics&area=monoclonal-antibodies", "q=ziekenhuis&province=BE2", "q=cell therapy&sector=pharma",
        "q=labs&member=true&province=BE31", "q=vision&type=StartUp,Sme", "q=institut&area=nuclear-medicine",
    ];

    private static readonly string[] Paging =
    [
        "page=2", "page=50", "page=1000&pageSize=100", "q=liege&page=2", "q=liege&page=20&pageSize=50", "q=bio&page=10",
        "sort=name", "sort=-name", "sort=updated", "q=therapie&sort=name", "q=meuse&sort=-name&page=3",
        "type=Sme&sort=updated&page=5", "pageSize=100", "q=centre&pageSize=100", "province=BE33&page=100",
    ];

    public static IReadOnlyList<BenchQuery> All { get; } = Build();

    private static List<BenchQuery> Build()
    {
        var mix = new List<BenchQuery>();
        mix.AddRange(Words.Select(w => Text("word", w)));
        mix.AddRange(Accented.Select(w => Text("accents/case", w)));
        mix.AddRange(TwoWords.Select(w => Text("two words", w)));
        mix.AddRange(Prefixes.Select(w => Text("prefix", w)));
        mix.AddRange(Typos.Select(w => Text("typo", w)));
        mix.AddRange(FacetsOnly.Select(q => Parsed("facets only", q)));
        mix.AddRange(TextAndFacets.Select(q => Parsed("text+facets", q)));
        mix.AddRange(Paging.Select(q => Parsed("paging/sort", q)));
        if (mix.Count != 200) throw new InvalidOperationException($"The query mix has {mix.Count} queries, not 200.");
        return mix;
    }

    private static BenchQuery Text(string category, string q) => new(category, [new("q", q)]);

    private static BenchQuery Parsed(string category, string query) => new(category,
        [.. query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('=', 2)).Select(kv => new KeyValuePair<string, string>(kv[0], kv[1]))]);
}
