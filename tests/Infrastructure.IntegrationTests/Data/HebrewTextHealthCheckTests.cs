using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Recordings.Infrastructure.Data;

namespace Recordings.Infrastructure.IntegrationTests.Data;

public sealed class HebrewTextHealthCheckTests
{
    [Fact]
    public async Task ADatabaseInTheCLocaleIsDegradedWithTheReason()
    {
        var result = await CheckAsync("C");

        result.Status.ShouldBe(HealthStatus.Degraded);
        result.Description!.ShouldContain("LC_CTYPE 'C'");
        result.Description!.ShouldContain("Hebrew");
    }

    [Fact]
    public async Task ADatabaseInCUtf8IsHealthy() => (await CheckAsync("C.UTF-8")).Status.ShouldBe(HealthStatus.Healthy);

    private static async Task<HealthCheckResult> CheckAsync(string locale)
    {
        var name = TestDatabase.UniqueName("recordings_ctype");
        await using (var connection = await TestDatabase.OpenServerAsync())
        {
            await using var create = new NpgsqlCommand(
                $"CREATE DATABASE \"{name}\" WITH TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE '{locale}' LC_CTYPE '{locale}'", connection);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString) { Database = name }.ConnectionString;
        try
        {
            var options = new DbContextOptionsBuilder<RecordingsDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options;
            await using var db = new RecordingsDbContext(options);
            return await new HebrewTextHealthCheck(db).CheckHealthAsync(new HealthCheckContext());
        }
        finally
        {
            await TestDatabase.DropAsync(connectionString);
        }
    }
}
