using Biotope.Features.Platforms.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Biotope.Tests.Features.Platforms.Training;

/// <summary>The hourly reminder pass survives its own failures and stops at once on shutdown.</summary>
public sealed class CertificateReminderServiceTests
{
    private sealed class ErrorLog : ILogger<CertificateReminderService>
    {
        public List<Exception?> Errors { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Error) lock (Errors) Errors.Add(exception);
        }
    }

    [Fact]
    public async Task A_failing_pass_is_logged_and_the_service_stops_cleanly()
    {
        // No CertificateReminders registered: every pass throws.
        await using var services = new ServiceCollection().BuildServiceProvider();
        var log = new ErrorLog();
        using var service = new CertificateReminderService(services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System, log);
        await service.StartAsync(TestContext.Current.CancellationToken);
        for (var waited = 0; waited < 100 && log.Errors.Count == 0; waited++) await Task.Delay(50, TestContext.Current.CancellationToken);

        var error = Assert.Single(log.Errors);
        Assert.IsType<InvalidOperationException>(error);
        Assert.False(service.ExecuteTask!.IsCompleted, "a failed pass must not end the service");

        await service.StopAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.True(service.ExecuteTask.IsCompletedSuccessfully);
    }
}
