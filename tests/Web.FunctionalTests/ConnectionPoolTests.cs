using System.Net;
using Microsoft.AspNetCore.Hosting;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

public sealed class SmallPoolFactory : RecordingsApiFactory
{
    public const int PoolSize = 5;

    protected override string QuartzInstanceId => "small-pool-tests";

    protected override void ConfigureTestServices(IWebHostBuilder builder) =>
        builder.UseSetting("Database:MaxPoolSize", PoolSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>A burst of clients queues on the node's connection pool instead of overrunning PostgreSQL's max_connections.</summary>
public sealed class ConnectionPoolTests(SmallPoolFactory factory) : IClassFixture<SmallPoolFactory>
{
    [Fact]
    public async Task ABurstOfClientsNeverOpensMoreConnectionsThanThePool()
    {
        var (_, browser) = await Seed.AgentOfNewBusinessAsync(factory, "Acme", "+15551230001");
        factory.Logs.Clear();

        // Each request reads its session and the agent: two queries, on whatever connection the pool gives it.
        var answers = await Task.WhenAll(Enumerable.Range(0, 120).Select(async _ =>
        {
            using var response = await browser.GetAsync("/api/auth/me");
            return response.StatusCode;
        }));

        answers.ShouldAllBe(status => status == HttpStatusCode.OK);
        var opened = await factory.QueryAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'recordings'");
        opened.ShouldBeInRange(1, SmallPoolFactory.PoolSize);
        var quartz = await factory.QueryAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'recordings-jobs'");
        quartz.ShouldBeLessThanOrEqualTo(4 + 3, "Quartz's own pool: its threads (Quartz:MaxConcurrency, 4) and three more");
        factory.Logs.WarningsAndErrors().ShouldBeEmpty();
    }
}
