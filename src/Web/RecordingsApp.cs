using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Recordings.Application;
using Recordings.Infrastructure;
using Recordings.Infrastructure.Data;
using Recordings.Web.Infrastructure;
using Scalar.AspNetCore;
using Serilog;

namespace Recordings.Web;

/// <summary>
/// The product as a host composes it: its services (<see cref="AddRecordings"/>) and its request pipeline
/// (<see cref="UseRecordingsAsync"/>). <c>Program</c> runs exactly this; the demo host (src/Demo) adds demo mode
/// between the two.
/// </summary>
public static class RecordingsApp
{
    public static WebApplicationBuilder AddRecordings(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            // Last, so that it sees every property: values from requests are escaped and cut (SafeLogValues).
            .Enrich.With<SafeLogValues>()
            .Filter.ByExcluding(HandledDatabaseErrors.IsUniqueViolationLoggedByEfCore)
            .WriteTo.Console(new SafeConsoleFormatter(System.Globalization.CultureInfo.InvariantCulture)),
            // The app logs through its own logger, never the process-wide static one: several apps share a process in
            // the functional tests, and each must see only its own events.
            preserveStaticLogger: true);

        builder.Services
            .AddApplication()
            .AddInfrastructure(builder.Configuration)
            .AddWeb()
            .AddTelemetry(builder.Configuration)
            .AddProxyHeaders(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// Sets the app up (<see cref="UseRecordingsAsync"/>) and runs it until it is stopped: the exit code, 0, or 1 when the
    /// database never answered at start-up (logged; a supervisor restarts the node later).
    /// </summary>
    public static async Task<int> RunRecordingsAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            await app.UseRecordingsAsync();
        }
        catch (DatabaseUnreachableException)
        {
            await app.DisposeAsync();
            return 1;
        }

        await app.RunAsync();
        return 0;
    }

    /// <summary>Migrates the database (safely when several nodes start at once), then sets up the request pipeline.</summary>
    public static async Task UseRecordingsAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await DatabaseMigrator.MigrateAsync(app.Services);
        await RedactionKeyCheck.EnsureAsync(app.Services);

        // Before anything reads the scheme or host: behind a proxy they are the browser's, not the proxy's.
        app.UseProxyHeaders();

        // Request logging outermost, so it records the status the client finally got (after the exception handler).
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.GetLevel = RequestLogLevels.Of;
        });
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler();
        app.UseMiddleware<ClientBodyFaults>();
        app.UseClientApp();
        app.UseStatusCodePages();
        app.UseMiddleware<Sso.SsoResolution>();
        app.UseAuthentication();
        app.UseMiddleware<SameOriginMiddleware>();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapControllers();
        // Read-only: GET and HEAD (any other method is 405), as every probe asks.
        var health = app.MapGroup("/health").WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        health.MapHealthChecks("/live", new HealthCheckOptions { Predicate = _ => false });
        health.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        // The OpenAPI document lists every route; in Production it is served only when an operator asks for it.
        if (!app.Environment.IsProduction() || app.Configuration.GetValue<bool>("OpenApi:Enabled"))
        {
            app.MapOpenApi();
        }

        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference();
        }
    }
}
