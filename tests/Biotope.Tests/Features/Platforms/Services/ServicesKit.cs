using System.Net.Http.Headers;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations;
using Biotope.Features.Platforms;
using Biotope.Tests.Features.Calls;
using Biotope.Tests.Features.Notifications;
using Biotope.Tests.Infrastructure;

namespace Biotope.Tests.Features.Platforms.Services;

/// <summary>Platform test data written straight to the database (platforms and their pages are another feature's), and the results upload.</summary>
internal static class ServicesKit
{
    public static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A platform owned by a new university; its slug is unique to the test.</summary>
    public static async Task<(int Id, string Slug)> AddPlatformAsync(this TestApp app, string name)
    {
        var owner = await app.AddOrganizationAsync(name + " host university", OrganizationType.University, "BE323");
        var slug = "svc-" + Guid.NewGuid().ToString("N")[..10];
        var id = await app.WithDbAsync(async db =>
        {
            var platform = new Platform { Slug = slug, NameEn = name, NameFr = name + " (FR)", OwnerOrganizationId = owner };
            db.Platforms.Add(platform);
            await db.SaveChangesAsync();
            return platform.Id;
        });
        return (id, slug);
    }

    public static Task<int> AddOfferingAsync(this TestApp app, int platformId, string name = "Cytokine panel (12-plex)", decimal price = 120.50m, int turnaroundDays = 5, bool active = true) =>
        app.WithDbAsync(async db =>
        {
            var offering = new ServiceOffering
            {
                PlatformId = platformId,
                NameEn = name,
                NameFr = name + " (FR)",
                DescriptionEn = "Multiplex bead assay on serum or plasma.",
                Price = price,
                Unit = "sample",
                TurnaroundDays = turnaroundDays,
                Active = active,
            };
            db.ServiceOfferings.Add(offering);
            await db.SaveChangesAsync();
            return offering.Id;
        });

    /// <summary>A platform manager bound to <paramref name="platformId"/>, signed in.</summary>
    public static async Task<SignedIn> ManagerOfAsync(this TestApp app, int platformId)
    {
        var manager = await app.SignInAsync(Roles.PlatformManager);
        await app.WithDbAsync(db =>
        {
            db.PlatformManagers.Add(new PlatformManager { PlatformId = platformId, UserId = manager.UserId });
            return db.SaveChangesAsync();
        });
        return manager;
    }

    /// <summary>A member of a new company, signed in.</summary>
    public static async Task<SignedIn> MemberOfNewCompanyAsync(this TestApp app, string name)
    {
        var company = await app.AddOrganizationAsync(name, OrganizationType.Sme, "BE322");
        return await app.SignInAsync(Roles.Member, company);
    }

    public static async Task<HttpResponseMessage> UploadResultsAsync(this HttpClient client, long requestId, byte[] content, string fileName = "cytokines.csv",
        string contentType = "text/csv", string? note = null, int? version = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(file, "file", fileName);
        if (note is not null) form.Add(new StringContent(note), "note");
        if (version is not null) form.Add(new StringContent(version.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)), "version");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/service-requests/{requestId}/results") { Content = form };
        // Without a 'version' field, the version the caller reads goes as If-Match (the move needs one, ADR 024).
        if (version is null && await client.ETagAsync($"/api/v1/service-requests/{requestId}") is { } etag) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
