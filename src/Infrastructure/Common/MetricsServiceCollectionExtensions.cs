using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Recordings.Infrastructure.Common;

public static class MetricsServiceCollectionExtensions
{
    /// <summary>
    /// <c>Metrics:</c> settings and the gauges read when a scrape asks (<see cref="RecordingGauges"/>). What exports
    /// them (the Prometheus listener, OTLP) is the host's (src/Web).
    /// </summary>
    public static IServiceCollection AddRecordingsMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.SectionName));
        var connectionString = Data.DatabaseConnections.ForRequests(configuration);
        services.TryAddSingleton(sp => new RecordingGauges(
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), connectionString,
            sp.GetRequiredService<Audit.BufferedAuditLog>(), sp.GetRequiredService<IOptions<MetricsOptions>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RecordingGauges>>()));
        return services;
    }
}
