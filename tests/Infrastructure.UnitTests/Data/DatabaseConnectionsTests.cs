using Microsoft.Extensions.Configuration;
using Npgsql;
using Recordings.Infrastructure.Data;

namespace Recordings.Infrastructure.UnitTests.Data;

public sealed class DatabaseConnectionsTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(
            settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))
                .Append(new KeyValuePair<string, string?>("ConnectionStrings:Recordings", "Host=127.0.0.1;Database=recordings;Username=postgres")))
            .Build();

    [Fact]
    public void ANodeStaysWellBelowPostgresDefaultMaxConnections()
    {
        var requests = new NpgsqlConnectionStringBuilder(DatabaseConnections.ForRequests(Configuration()));
        var jobs = new NpgsqlConnectionStringBuilder(DatabaseConnections.ForJobs(Configuration(), maxConcurrency: 4));

        requests.MaxPoolSize.ShouldBe(40);
        jobs.MaxPoolSize.ShouldBe(7);
        // PostgreSQL allows 100 by default, 3 of them kept for superusers; the LISTEN connection is one more.
        (requests.MaxPoolSize + jobs.MaxPoolSize + 1).ShouldBeLessThan(100 - 3);
        requests.ApplicationName.ShouldBe("recordings");
        jobs.ApplicationName.ShouldBe("recordings-jobs");
    }

    [Fact]
    public void ThePoolIsSizedFromConfiguration()
    {
        var requests = new NpgsqlConnectionStringBuilder(DatabaseConnections.ForRequests(Configuration(("Database:MaxPoolSize", "12"))));

        requests.MaxPoolSize.ShouldBe(12);
        requests.Host.ShouldBe("127.0.0.1");
        requests.Database.ShouldBe("recordings");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("1001")]
    public void AnAbsurdPoolSizeStopsTheStart(string size)
    {
        var ex = Should.Throw<InvalidOperationException>(() => DatabaseConnections.ForRequests(Configuration(("Database:MaxPoolSize", size))));

        ex.Message.ShouldContain("Database:MaxPoolSize");
    }

    [Fact]
    public void AMinimumPoolSizeAboveTheMaximumIsLoweredToIt()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Recordings"] = "Host=127.0.0.1;Database=recordings;Minimum Pool Size=50",
            ["Database:MaxPoolSize"] = "10",
        }).Build();

        new NpgsqlConnectionStringBuilder(DatabaseConnections.ForRequests(configuration)).MinPoolSize.ShouldBe(10);
    }
}
