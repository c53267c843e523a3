using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;
using Quartz;
using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.IntegrationTests.Support;
using Recordings.Infrastructure.Jobs;

namespace Recordings.Infrastructure.IntegrationTests.Jobs;

/// <summary>
/// The start-up recovery's retries on a fake clock, against a database that is not there yet (a substitute repository;
/// what it re-queues on a real database is in <see cref="RecordingJobsTests"/>).
/// </summary>
public sealed class RecordingRecoveryServiceTests : IAsyncDisposable
{
    private static readonly TimeSpan MaxDelay = RecordingRecoveryService.Retry.MaxDelay;

    private readonly ObservedFakeTimeProvider _time = new();
    private readonly ICallRepository _calls = Substitute.For<ICallRepository>();
    private readonly ServiceProvider _services;
    private int _attempts;

    public RecordingRecoveryServiceTests()
    {
        var services = new ServiceCollection();
        services.AddScoped(_ => _calls);
        services.AddScoped(_ => Substitute.For<IRecordingStore>());
        _services = services.BuildServiceProvider();
    }

    [Fact]
    public async Task ADatabaseThatIsNotThereYetIsAskedAgainOnTheClockUntilItAnswers()
    {
        DatabaseFails(times: 2);
        using var recovery = Recovery();

        await recovery.StartAsync(CancellationToken.None);
        var first = await _time.NextTimerAsync(_ => true);
        Volatile.Read(ref _attempts).ShouldBe(1);
        _time.Advance(first);
        _time.Advance(await _time.NextTimerAsync(_ => true, alreadyCreated: 1));

        var report = await recovery.Completed.WaitAsync(JobsTestNode.Patience);
        report.ShouldBe(new RecoveryReport(0, 0, 0));
        Volatile.Read(ref _attempts).ShouldBe(3);
        _time.DueTimes.ShouldAllBe(wait => wait > TimeSpan.Zero && wait <= MaxDelay);
        await recovery.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ItGivesUpAfterEightAttemptsAndSaysSo()
    {
        DatabaseFails(times: int.MaxValue);
        using var recovery = Recovery();

        await recovery.StartAsync(CancellationToken.None);
        for (var wait = 0; wait < RecordingRecoveryService.MaxAttempts - 1; wait++)
        {
            _time.Advance(await _time.NextTimerAsync(_ => true, alreadyCreated: wait));
        }

        await Should.ThrowAsync<InvalidOperationException>(() => recovery.Completed.WaitAsync(JobsTestNode.Patience));
        Volatile.Read(ref _attempts).ShouldBe(RecordingRecoveryService.MaxAttempts);
        _time.TimerCount.ShouldBe(RecordingRecoveryService.MaxAttempts - 1);
        await recovery.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task StoppingWhileItWaitsToAskAgainCancelsIt()
    {
        DatabaseFails(times: int.MaxValue);
        using var recovery = Recovery();
        await recovery.StartAsync(CancellationToken.None);
        await _time.NextTimerAsync(_ => true);

        await recovery.StopAsync(CancellationToken.None);

        await Should.ThrowAsync<OperationCanceledException>(() => recovery.Completed.WaitAsync(JobsTestNode.Patience));
        Volatile.Read(ref _attempts).ShouldBe(1);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private void DatabaseFails(int times) =>
        _calls.ListPendingDownloadsAsync(Arg.Any<CancellationToken>()).Returns(_ => Interlocked.Increment(ref _attempts) <= times
            ? throw new InvalidOperationException("the database is not there yet")
            : Task.FromResult<IReadOnlyList<PendingDownload>>([]));

    private RecordingRecoveryService Recovery()
    {
        var lifetime = Substitute.For<IHostApplicationLifetime>();
        lifetime.ApplicationStarted.Returns(new CancellationToken(canceled: true));
        var scheduler = new QuartzRecordingJobScheduler(
            Substitute.For<ISchedulerFactory>(), Options.Create(new RecordingJobsOptions()), NullLogger<QuartzRecordingJobScheduler>.Instance);
        return new RecordingRecoveryService(
            _services.GetRequiredService<IServiceScopeFactory>(), scheduler, lifetime, _time, NullLogger<RecordingRecoveryService>.Instance);
    }
}
