using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Features.Audit;
using Biotope.Features.Demo;
using Biotope.Features.Organizations;
using Biotope.Features.Organizations.Search;
using Biotope.Features.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Infrastructure;

/// <summary>Builds the web application: pages, API, identity, localization; migrates and seeds on start.</summary>
public static class BiotopeApp
{
    public static async Task<WebApplication> CreateAsync(BiotopeSettings settings, string urls, bool seedDemo, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // Pages and static assets belong to this assembly, also when a test host is the entry point.
            ApplicationName = typeof(BiotopeApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.WebHost.UseUrls(urls);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning);
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(new ServerOutput(Console.Out));
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<AuditActor>();
        services.AddDbContext<BiotopeDb>(settings.Configure);
        services.AddSingleton<DirectoryIndex>();
        services.AddScoped<OrganizationSearch>();
        services.AddScoped<OrganizationEditor>();
        services.AddScoped<Features.Projects.ProjectEditor>();
        services.AddScoped<Features.Notifications.Notifier>();
        services.AddOptions<Features.Notifications.SmtpOptions>().Bind(builder.Configuration.GetSection(Features.Notifications.SmtpOptions.Section))
            .Validate(o => o.Port is > 0 and <= 65535 && o.PollSeconds > 0 && System.Net.Mail.MailAddress.TryCreate(o.From, out _)
                && (string.IsNullOrWhiteSpace(o.TrustedCertificate) || File.Exists(o.TrustedCertificate)),
                "Smtp: Port is 1-65535, PollSeconds at least 1, From an e-mail address, TrustedCertificate an existing file.")
            .ValidateOnStart();
        // One instance serves as the hosted service and for callers that want a pass now (tests).
        services.AddSingleton<Features.Notifications.OutboxSender>();
        services.AddHostedService(sp => sp.GetRequiredService<Features.Notifications.OutboxSender>());
        services.AddScoped<Features.Calls.Proposals.ProposalService>();
        services.AddScoped<Features.Calls.Proposals.Attachments>();
        services.AddScoped<Features.Calls.Assignment.AssignmentRunner>();
        services.AddScoped<Features.Calls.Evaluation.EvaluationService>();
        services.AddScoped<Features.Calls.CallEditor>();
        services.AddScoped<Features.Platforms.Services.ServiceCatalogue>();
        services.AddScoped<Features.Platforms.Services.ServiceRequestWorkflow>();
        services.AddSingleton<Features.Platforms.Calendars.ICalendarWriter, Features.Platforms.Calendars.CalendarWriter>();
        services.AddScoped<Features.Platforms.Calendars.CalendarFeeds>();
        services.AddScoped<Features.Platforms.Calendars.FeedContent>();
        services.AddScoped<Features.Platforms.Bookings.BookingService>();
        services.AddScoped<Features.Platforms.Bookings.AvailabilityQuery>();
        services.AddScoped<Features.Platforms.Training.TrainingEditor>();
        services.AddScoped<Features.Platforms.Training.TrainingEnrolments>();
        services.AddScoped<Features.Platforms.Training.CertificateReminders>();
        services.AddHostedService<Features.Platforms.Training.CertificateReminderService>();
        services.AddScoped<Features.Platforms.PlatformEditor>();
        services.AddScoped<Features.Platforms.Statements.StatementReader>();
        services.AddBiotopeAccounts(settings);
        services.AddPrivacy();
        services.AddBiotopeWeb();
        services.AddBiotopeRateLimits(settings.RateLimits);
        configure?.Invoke(builder);

        var app = builder.Build();
        try
        {
            await PrepareDatabaseAsync(app.Services, seedDemo);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        app.UseBiotopeWeb();
        return app;
    }

    /// <summary>Migrates, and on a new database loads the demo ecosystem and its demo accounts.</summary>
    public static async Task PrepareDatabaseAsync(IServiceProvider services, bool seedDemo)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BiotopeDb>();
        var settings = scope.ServiceProvider.GetRequiredService<BiotopeSettings>();
        if (!settings.UsePostgres) Directory.CreateDirectory(settings.DataDir);
        await Migrator.MigrateAsync(db);
        if (seedDemo && !await db.Organizations.AnyAsync())
        {
            // Checked before anything is loaded: a refused password must not leave a demo ecosystem without its accounts.
            var demoPassword = settings.DemoPassword ?? UserAccounts.GeneratePassword();
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            if (await UserAccounts.PasswordProblemsAsync(users, new AppUser(), demoPassword) is [_, ..] problems)
                throw new UsageException($"the demo password is refused: {string.Join(" ", problems)}");
            scope.ServiceProvider.GetRequiredService<AuditActor>().Email = "demo-seed";
            await DemoSeeder.SeedAsync(db);
            await DemoCall.EnsureAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow());
            await DemoPlatforms.EnsureAsync(db);
            await DemoAccounts.EnsureAsync(scope.ServiceProvider, demoPassword);
            // After the platforms and the accounts: modules attach to their platform and sessions to the demo trainer when they exist.
            await DemoTraining.EnsureAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow());
            // Last: the journeys act as the demo accounts on the directory, the calls, the experts and the platforms.
            var seededAt = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
            await DemoJourneys.EnsureAsync(scope.ServiceProvider, seededAt);
            await DemoPlatformActivity.EnsureAsync(scope.ServiceProvider, seededAt);
            // Said once: a later start finds the organizations and prints nothing; the file stays in the data folder.
            var credentials = await DemoAccounts.WriteCredentialsAsync(settings.DataDir, demoPassword, DateTimeOffset.UtcNow);
            var output = scope.ServiceProvider.GetRequiredService<ServerOutput>().Writer;
            await output.WriteLineAsync(credentials + $"(Kept in {Path.Combine(settings.DataDir, DemoAccounts.CredentialsFileName)}, readable by its owner only.)");
            await output.FlushAsync();
        }
        // Warm the search index so the first search does not pay for loading it.
        _ = Task.Run(async () =>
        {
            await using var warm = services.CreateAsyncScope();
            await warm.ServiceProvider.GetRequiredService<DirectoryIndex>().RefreshAsync(warm.ServiceProvider.GetRequiredService<BiotopeDb>());
        });
    }
}

/// <summary>Where the server says what an operator must see once (the demo accounts' password); the console unless a host changes it.</summary>
public sealed record ServerOutput(TextWriter Writer);
