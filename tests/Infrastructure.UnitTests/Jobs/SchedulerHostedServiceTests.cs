using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NSubstitute;
using Quartz;
using Recordings.Infrastructure.Jobs;
using Recordings.Testing;

namespace Recordings.Infrastructure.UnitTests.Jobs;

/// <summary>
/// Quartz's stop inside the host's shutdown deadline, on a substitute scheduler whose shutdown ends when the test says
/// (the real outage, a node whose database is gone receiving SIGTERM, is in the functional tests).
/// </summary>
public sealed class SchedulerHostedServiceTests : IAsyncDisposable
{
    private readonly IScheduler _scheduler = Substitute.For<IScheduler>();
    private readonly TaskCompletionSource _shutdown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ListLogger<SchedulerHostedService> _logger = new();
    private readonly ServiceProvider _services;
    private readonly SchedulerHostedService _service;

    public SchedulerHostedServiceTests()
    {
        // Configuring a substitute calls the member to name it; the ValueTask it returns there is never consumed.
#pragma warning disable CA2012
        _scheduler.Shutdown(Arg.Any<bool>(), Arg.Any<CancellationToken>()).Returns(_ => new ValueTask(_shutdown.Task));
        var factory = Substitute.For<ISchedulerFactory>();
        factory.GetScheduler(Arg.Any<CancellationToken>()).Returns(_scheduler);
#pragma warning restore CA2012

        var services = new ServiceCollection();
        services.AddSingleton(factory);
        services.AddSingleton(Substitute.For<IHostApplicationLifetime>());
        services.ConfigureAll<QuartzHostedServiceOptions>(hosted =>
        {
            hosted.WaitForJobsToComplete = true;
            hosted.AwaitApplicationStarted = false;
        });
        _services = services.BuildServiceProvider();
        _service = new SchedulerHostedService(ActivatorUtilities.CreateInstance<QuartzHostedService>(_services), _logger);
    }

    [Fact]
    public async Task AStopWithinTheDeadlineIsWaitedFor()
    {
        await StartAsync();
        using var deadline = new CancellationTokenSource();

        var stop = _service.StopAsync(deadline.Token);
        stop.IsCompleted.ShouldBeFalse("the scheduler is still shutting down");
        _shutdown.SetResult();

        await stop.WaitAsync(TimeSpan.FromSeconds(30));
        await _scheduler.Received(1).Shutdown(true, Arg.Any<CancellationToken>());
        _logger.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task AStopStillWaitingWhenTheDeadlinePassesIsLeftBehindAndSaidSo()
    {
        await StartAsync();
        using var deadline = new CancellationTokenSource();

        var stop = _service.StopAsync(deadline.Token);
        stop.IsCompleted.ShouldBeFalse();
        await deadline.CancelAsync();

        await stop.WaitAsync(TimeSpan.FromSeconds(30));
        _logger.Entries.ShouldHaveSingleItem().Level.ShouldBe(LogLevel.Warning);
        _logger.Entries[0].Message.ShouldContain("did not stop within the host's shutdown timeout");
    }

    [Fact]
    public async Task AFailedStopWithinTheDeadlineIsReported()
    {
        await StartAsync();
        using var deadline = new CancellationTokenSource();

        var stop = _service.StopAsync(deadline.Token);
        _shutdown.SetException(new SchedulerException("the store refused"));

        (await Should.ThrowAsync<AggregateException>(stop.WaitAsync(TimeSpan.FromSeconds(30))))
            .InnerExceptions.ShouldHaveSingleItem().Message.ShouldBe("the store refused");
        _logger.Entries.ShouldBeEmpty();
    }

    public async ValueTask DisposeAsync()
    {
        _shutdown.TrySetResult();
        await _services.DisposeAsync();
    }

    private async Task StartAsync()
    {
        await _service.StartingAsync(CancellationToken.None);
        await _service.StartAsync(CancellationToken.None);
        await _service.StartedAsync(CancellationToken.None);
        await _scheduler.Received(1).Start(Arg.Any<CancellationToken>());
    }
}
