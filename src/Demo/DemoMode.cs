using Microsoft.Extensions.Options;
using Recordings.Application.Common.Interfaces;
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

        // Call 11 shows a failed download and Try again: the heal sweep's own retry of failed downloads waits a day here,
        // so that it stays failed until someone presses Try again (Recordings:RetryFailedAfter, 5 minutes by default).
        services.PostConfigure<Recordings.Application.Common.Options.RecordingsOptions>(recordings => recordings.RetryFailedAfter = TimeSpan.FromDays(1));

        var audioPath = Path.GetFullPath(settings.AudioPath, environment.ContentRootPath);
        // The demo business keeps its redacted recordings' originals: it needs a master key (one beside the audio cache).
        services.UseDemoMasterKeyUnlessSet(Path.GetDirectoryName(audioPath) ?? audioPath);
        services.AddSingleton(sp => new DemoAudioLibrary(audioPath, sp.GetRequiredService<ILogger<DemoAudioLibrary>>()));
        services.AddSingleton<DemoTwilio>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoTwilio>());
        services.AddScoped<StoredRecordingRelease>();
        services.AddSingleton<DemoSeeder>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoSeeder>());
        services.AddHttpClient(DemoSeeder.HttpClientName);
        DecorateTranscriber(services);
        return services;
    }

    /// <summary>
    /// The app's transcriber, as the product registered it, wrapped in <see cref="DemoScriptedTranscriber"/>: the demo's
    /// scripted call gets its script, every other recording the configured engine.
    /// </summary>
    private static void DecorateTranscriber(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(ITranscriber) && !d.IsKeyedService)
            ?? throw new DemoSetupException("The product registered no transcriber for demo mode to wrap.");
        services.Remove(registered);
        services.AddSingleton<ITranscriber>(sp => new DemoScriptedTranscriber(Create(sp, registered), sp.GetRequiredService<DemoAudioLibrary>(),
            sp.GetRequiredService<ILogger<DemoScriptedTranscriber>>()));

        static ITranscriber Create(IServiceProvider sp, ServiceDescriptor descriptor) =>
            (ITranscriber)(descriptor.ImplementationInstance
                ?? descriptor.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!));
    }
}
