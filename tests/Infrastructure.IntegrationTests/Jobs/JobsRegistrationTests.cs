using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.Jobs;
using Recordings.Infrastructure.Notifications;

namespace Recordings.Infrastructure.IntegrationTests.Jobs;

/// <summary>What AddRecordingJobs registers (no database needed: nothing is started).</summary>
public sealed class JobsRegistrationTests
{
    [Fact]
    public async Task RegistersThePortsAndLeavesTheAppsClockAlone()
    {
        var time = new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddInfrastructure(Configuration());
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        provider.GetRequiredService<TimeProvider>().ShouldBeSameAs(time);
        provider.GetRequiredService<IRecordingJobScheduler>().ShouldBeOfType<QuartzRecordingJobScheduler>();
        provider.GetRequiredService<IRecordingProgressWriter>().ShouldBeOfType<RecordingProgressWriter>();
        await using var scope = provider.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IRecordingStateSignal>().ShouldBeOfType<PostgresRecordingStateSignal>();
    }

    [Theory]
    [InlineData("Quartz:MaxConcurrency", "0")]
    [InlineData("Quartz:TablePrefix", "qrtz; drop")]
    [InlineData("Quartz:DownloadMaxAttempts", "0")]
    [InlineData("Quartz:DownloadRetryDelay", "00:00:00")]
    [InlineData("Quartz:ProcessingMaxConcurrency", "0")]
    public void RefusesInvalidSettings(string key, string value)
    {
        var services = new ServiceCollection();

        Should.Throw<InvalidOperationException>(() => services.AddRecordingJobs(Configuration((key, value))))
            .Message.ShouldContain(key);
    }

    [Theory]
    [InlineData(4, null, 3)]
    [InlineData(2, null, 1)]
    [InlineData(1, null, 1)]
    [InlineData(4, 2, 2)]
    [InlineData(4, 9, 4)]
    public void ProcessingJobsLeaveOneThreadToTheDownloadsUnlessTold(int maxConcurrency, int? processing, int limit) =>
        new RecordingJobsOptions { MaxConcurrency = maxConcurrency, ProcessingMaxConcurrency = processing }.ProcessingLimit.ShouldBe(limit);

    [Fact]
    public void RetriesFailedDownloadsWithADoublingBackoffCappedAtFiveMinutes()
    {
        var policy = QuartzRecordingJobScheduler.RetryPolicyFor(new RecordingJobsOptions());

        policy.MaxAttempts.ShouldBe(9, "ten runs in all");
        policy.DelayFor(1).ShouldBe(TimeSpan.FromSeconds(5));
        policy.DelayFor(2).ShouldBe(TimeSpan.FromSeconds(10));
        policy.DelayFor(3).ShouldBe(TimeSpan.FromSeconds(20));
        policy.DelayFor(9).ShouldBe(TimeSpan.FromMinutes(5));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Recordings"] = "Host=127.0.0.1;Database=unused",
            ["Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["Twilio:AuthToken"] = "token",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
