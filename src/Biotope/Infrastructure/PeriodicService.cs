namespace Biotope.Infrastructure;

/// <summary>
/// A background pass run at start and then every <paramref name="period"/>, each in its own scope; a failed pass is logged
/// and the next one tries again (a database hiccup must not stop the work for good).
/// </summary>
public abstract class PeriodicService(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger, TimeSpan period) : BackgroundService
{
    /// <summary>One pass; answers how many things it did (logged when more than none).</summary>
    protected abstract Task<int> RunOnceAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct);

    /// <summary>What a pass does, for the log ("certificate expiry reminders sent").</summary>
    protected abstract string Done { get; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(period, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var count = await RunOnceAsync(scope.ServiceProvider, clock.GetUtcNow(), stoppingToken);
                if (count > 0) logger.LogInformation("{Count} {Done}.", count, Done);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Background pass failed ({Done}); the next one tries again.", Done);
            }
        }
        while (await NextTickAsync(timer, stoppingToken));
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
