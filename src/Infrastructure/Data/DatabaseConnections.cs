using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Recordings.Infrastructure.Data;

/// <summary>
/// The app's connection strings, sized so that a node never asks PostgreSQL for more connections than it allows
/// (<c>max_connections</c>, 100 by default, less 3 reserved for superusers). A node opens at most
/// <c>Database:MaxPoolSize</c> connections for requests and the pipeline's own work (default
/// <see cref="DefaultMaxPoolSize"/>), <c>Quartz:MaxConcurrency</c> + <see cref="JobsPoolOverhead"/> for Quartz's store,
/// and one for LISTEN: 40 + 7 + 1 = 48 at the defaults (the audit trail's writer takes its connection from the
/// requests' pool). A burst beyond that waits for a free connection in Npgsql's
/// pool (up to the connection string's <c>Timeout</c>) instead of being refused by the server. For N nodes keep
/// N × (MaxPoolSize + MaxConcurrency + 4) below <c>max_connections</c> - 3 (README: "Several nodes").
/// </summary>
public static class DatabaseConnections
{
    public const string SectionName = "Database";

    public const int DefaultMaxPoolSize = 40;

    /// <summary>Quartz's connections beyond one per job thread: its scheduler thread, cluster check-in and misfire handler.</summary>
    public const int JobsPoolOverhead = 3;

    /// <summary>The <c>Application Name</c> of the request pool's connections (as <c>pg_stat_activity</c> shows them).</summary>
    public const string ApplicationName = "recordings";

    /// <summary>The connection string of requests, repositories and the pipeline's writes: one pool of MaxPoolSize.</summary>
    public static string ForRequests(IConfiguration configuration)
    {
        var builder = Configured(configuration);
        builder.MaxPoolSize = MaxPoolSize(configuration);
        builder.MinPoolSize = Math.Min(builder.MinPoolSize, builder.MaxPoolSize);
        builder.ApplicationName = string.IsNullOrEmpty(builder.ApplicationName) ? ApplicationName : builder.ApplicationName;
        return builder.ConnectionString;
    }

    /// <summary>Quartz's store: a pool of its own, as large as its threads need and no larger.</summary>
    public static string ForJobs(IConfiguration configuration, int maxConcurrency)
    {
        var builder = Configured(configuration);
        builder.MaxPoolSize = maxConcurrency + JobsPoolOverhead;
        builder.MinPoolSize = Math.Min(builder.MinPoolSize, builder.MaxPoolSize);
        builder.ApplicationName = (string.IsNullOrEmpty(builder.ApplicationName) ? ApplicationName : builder.ApplicationName) + "-jobs";
        return builder.ConnectionString;
    }

    private static int MaxPoolSize(IConfiguration configuration)
    {
        var value = configuration.GetValue<int?>($"{SectionName}:MaxPoolSize") ?? DefaultMaxPoolSize;
        return value is >= 2 and <= 1000
            ? value
            : throw new InvalidOperationException("Database:MaxPoolSize must be between 2 and 1000 (connections per node).");
    }

    private static NpgsqlConnectionStringBuilder Configured(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Recordings");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Recordings is not configured (e.g. ConnectionStrings__Recordings=\"Host=127.0.0.1;Port=5433;Database=recordings;Username=postgres\").");
        }

        return new NpgsqlConnectionStringBuilder(connectionString);
    }
}
