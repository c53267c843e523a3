using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

using Recordings.Infrastructure.Summarization;

namespace Recordings.Infrastructure.Transcription;

public static class TranscriptionServiceCollectionExtensions
{
    /// <summary>
    /// Registers the offline speech engines as concrete singletons: <see cref="PocketsphinxTranscriber"/> (settings:
    /// section <c>Transcription:Pocketsphinx</c>, <see cref="PocketsphinxOptions"/>) and
    /// <see cref="ExtractiveSummarizer"/> (section <c>Summarization:Extractive</c>,
    /// <see cref="ExtractiveSummarizerOptions"/>). They are not registered as <c>ITranscriber</c> or
    /// <c>ISummarizer</c>: choosing the configured provider is left to the caller. The settings are validated when
    /// an engine is first built, not at start-up, so a host that never uses an engine does not need its settings
    /// right; ffmpeg, pocketsphinx and the model are looked for at each transcription.
    /// </summary>
    public static IServiceCollection AddOfflineSpeechEngines(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<PocketsphinxOptions>()
            .Bind(configuration.GetSection(PocketsphinxOptions.SectionName))
            .Validate(o => o.Validate() is null, "Transcription:Pocketsphinx is invalid (FfmpegPath, PocketsphinxPath and "
                + "ModelPath are required, Timeout positive and at most a day).");
        services.AddOptions<ExtractiveSummarizerOptions>()
            .Bind(configuration.GetSection(ExtractiveSummarizerOptions.SectionName))
            .Validate(o => o.Validate() is null, "Summarization:Extractive:MaxSentences must be between 1 and 10.");

        services.TryAddSingleton<PocketsphinxTranscriber>();
        services.TryAddSingleton<ExtractiveSummarizer>();

        return services;
    }
}
