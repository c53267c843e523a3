using Microsoft.Extensions.Options;
using Recordings.Infrastructure.Twilio;

namespace Recordings.Demo;

/// <summary>Turns demo mode on when <c>Demo:Enabled</c> is true (run.sh does); never in the Production environment.</summary>
public static class DemoMode
{
    public static IServiceCollection AddDemoMode(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var section = configuration.GetSection(DemoOptions.SectionName);
        var settings = section.Get<DemoOptions>() ?? new DemoOptions();
        if (!settings.Enabled)
        {
            return services;
        }

        if (environment.IsProduction())
        {
            throw new DemoSetupException(
                "Demo mode is never on in Production: it seeds a known login and simulates Twilio. Unset Demo:Enabled, or run in Development.");
        }

        // Refuse a non-loopback simulated host before anything starts.
        var origin = DemoTwilio.OriginOf(settings.TwilioUrl);

        services.Configure<DemoOptions>(section);
        // Recording URLs on the simulated host are trusted and downloaded, besides the configured (real) origins.
        // Twilio's REST API is the simulated one too: reconciliation lists its recordings, never the real Twilio's.
        services.PostConfigure<TwilioOptions>(twilio =>
        {
            twilio.MediaOrigins = [.. twilio.MediaOrigins.Length == 0 ? TwilioOptions.DefaultMediaOrigins : twilio.MediaOrigins, origin];
            twilio.ApiBaseUrl = origin;
        });

        var audioPath = Path.GetFullPath(settings.AudioPath, environment.ContentRootPath);
        services.AddSingleton(sp => new DemoAudioLibrary(audioPath, sp.GetRequiredService<ILogger<DemoAudioLibrary>>()));
        services.AddSingleton<DemoTwilio>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoTwilio>());
        services.AddScoped<StoredRecordingRelease>();
        services.AddSingleton<DemoSeeder>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoSeeder>());
        services.AddHttpClient(DemoSeeder.HttpClientName);
        return services;
    }
}
