using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Recordings.Application.Common.Metrics;
using Recordings.Infrastructure.Common;
using Recordings.Infrastructure.Jobs;

namespace Recordings.Web.Infrastructure;

/// <summary>
/// Metrics and traces (ADR-023), through OpenTelemetry's SDK (stable packages): the instruments of
/// <see cref="PublishedMeters"/>, read by the Prometheus listener on <c>Metrics:Url</c> (off by default) through
/// <see cref="PrometheusText"/>, and exported over OTLP with the traces when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set
/// (with the standard <c>OTEL_*</c> variables).
/// </summary>
public static class Telemetry
{
    /// <summary>
    /// The meters published: HTTP server durations by route and status (ASP.NET Core's own), Kestrel's connections,
    /// HttpClient's requests, PostgreSQL's connections and commands (Npgsql), the runtime's (GC, thread pool, memory),
    /// and the product's own.
    /// </summary>
    public static readonly string[] PublishedMeters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http", "Npgsql", "System.Runtime", RecordingsMetrics.MeterName,
    ];

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var prometheus = !string.IsNullOrWhiteSpace(configuration[$"{MetricsOptions.SectionName}:Url"]);
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        services.AddSingleton<PrometheusText>();
        services.AddSingleton<MetricsListener>();
        services.AddHostedService(sp => sp.GetRequiredService<MetricsListener>());
        if (!prometheus && !otlp)
        {
            return services;
        }

        // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL, _HEADERS, OTEL_SERVICE_NAME, ... itself.
        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("recordings"));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(PublishedMeters)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation();
            ((IDeferredMeterProviderBuilder)metrics).Configure((sp, builder) =>
            {
                // An instrument of another app's meter factory (several apps share a process in the tests) is not
                // this app's: its gauges would read another database.
                var own = sp.GetRequiredService<IMeterFactory>();
                builder.AddView(instrument => instrument.Meter.Scope is { } scope && !ReferenceEquals(scope, own)
                    ? MetricStreamConfiguration.Drop
                    : null);
            });
            if (prometheus)
            {
                metrics.AddReader(sp => sp.GetRequiredService<PrometheusText>().Reader);
            }

            if (otlp)
            {
                metrics.AddOtlpExporter();
            }
        });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(JobTracing.SourceName)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter());
        }

        return services;
    }
}

/// <summary>
/// <c>GET /metrics</c> in Prometheus' text format on a listener of its own (<c>Metrics:Url</c>, e.g.
/// <c>http://127.0.0.1:9464</c>; port 0 takes a free one, see <see cref="Address"/>), never on the API's port: the API
/// may face the internet, the metrics only the monitoring network.
/// </summary>
public sealed partial class MetricsListener(
    IOptions<MetricsOptions> options, IServiceProvider services, ILogger<MetricsListener> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _server;

    /// <summary>Where the listener listens once started (null when off).</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var url = options.Value.Url;
        if (string.IsNullOrWhiteSpace(url))
        {
            return;
        }

        // The meter provider (which starts listening) and the gauges exist before the first scrape.
        _ = services.GetRequiredService<MeterProvider>();
        _ = services.GetRequiredService<RecordingGauges>();
        var exporter = services.GetRequiredService<PrometheusText>();

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.MapGet("/metrics", async context =>
        {
            // Collected on a pool thread: the observable gauges may read the database (at most every few seconds).
            var text = await Task.Run(exporter.Scrape, context.RequestAborted);
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await context.Response.WriteAsync(text, context.RequestAborted);
        });
        await _server.StartAsync(cancellationToken);
        var bound = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        Address = new Uri(bound ?? url);
        LogListening(logger, Address);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Metrics for Prometheus at {Url}metrics")]
    private static partial void LogListening(ILogger logger, Uri url);
}
