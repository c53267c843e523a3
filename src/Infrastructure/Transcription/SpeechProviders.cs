using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Infrastructure.Summarization;

namespace Recordings.Infrastructure.Transcription;

/// <summary>Chooses the transcription and summary engines from <c>Transcription:Provider</c> and <c>Summarization:Provider</c>.</summary>
public static class SpeechProviders
{
    public static IServiceCollection AddSpeechPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TranscriptionOptions>().Bind(configuration.GetSection(TranscriptionOptions.SectionName))
            .Validate(o => TranscriptionOptions.Providers.Contains(o.Provider, StringComparer.OrdinalIgnoreCase),
                "Transcription:Provider must be pocketsphinx, openai or none.")
            .ValidateOnStart();
        services.AddOptions<SummarizationOptions>().Bind(configuration.GetSection(SummarizationOptions.SectionName))
            .Validate(o => SummarizationOptions.Providers.Contains(o.Provider, StringComparer.OrdinalIgnoreCase),
                "Summarization:Provider must be extractive, openai or none.")
            .ValidateOnStart();

        services.AddOfflineSpeechEngines(configuration);
        services.AddOpenAiSpeechEngines(configuration);
        services.AddSingleton<ITranscriber>(sp => sp.GetRequiredService<IOptions<TranscriptionOptions>>().Value.Provider.ToLowerInvariant() switch
        {
            TranscriptionOptions.OpenAi => sp.GetRequiredService<OpenAiTranscriber>(),
            TranscriptionOptions.None => new DisabledEngine(),
            _ => sp.GetRequiredService<PocketsphinxTranscriber>(),
        });
        services.AddSingleton<ISummarizer>(sp => sp.GetRequiredService<IOptions<SummarizationOptions>>().Value.Provider.ToLowerInvariant() switch
        {
            SummarizationOptions.OpenAi => sp.GetRequiredService<OpenAiSummarizer>(),
            SummarizationOptions.None => new DisabledEngine(),
            _ => sp.GetRequiredService<ExtractiveSummarizer>(),
        });
        return services;
    }

    /// <summary>Provider <c>none</c>: the states say disabled, so nothing ever calls it.</summary>
    private sealed class DisabledEngine : ITranscriber, ISummarizer
    {
        public string Provider => "none";

        public Task<Transcript> TranscribeAsync(Stream audio, long length, int? channel, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Transcription is disabled (Transcription:Provider = none).");

        public Task<string> SummarizeAsync(Transcript transcript, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Summaries are disabled (Summarization:Provider = none).");
    }
}
