using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;

namespace Recordings.Infrastructure.Redaction;

public static class RedactionServiceCollectionExtensions
{
    /// <summary>
    /// The audio redactor (ffmpeg) and the vault of kept originals. The master keys (<c>Redaction:MasterKey</c>,
    /// <c>Redaction:PreviousMasterKeys</c>) are validated at start-up when set (a malformed key stops the app, with a
    /// message that quotes no key); without a master key the vault refuses to seal or open anything, and a business
    /// cannot choose to keep originals (the settings say so, and start-up refuses while one does: RedactionKeyCheck).
    /// </summary>
    public static IServiceCollection AddRedaction(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RedactionOptions>().Bind(configuration.GetSection(RedactionOptions.SectionName))
            .Validate(o => !o.HasMasterKey || MasterKeyRing.Validate(o) is null, "Redaction:MasterKey (or a previous master key) is not 32 bytes of base64.")
            .ValidateOnStart();
        services.AddOptions<FfmpegAudioRedactorOptions>().Bind(configuration.GetSection(FfmpegAudioRedactorOptions.SectionName));
        services.TryAddSingleton<IAudioRedactor, FfmpegAudioRedactor>();
        services.AddHostedService<RedactionLeftovers>();
        services.TryAddSingleton<IOriginalVault>(sp => sp.GetRequiredService<IOptions<RedactionOptions>>().Value is { HasMasterKey: true } options
            ? new AesGcmOriginalVault(MasterKeyRing.FromOptions(options))
            : new UnconfiguredOriginalVault());
        return services;
    }

    /// <summary>The vault of an installation without a master key: it keeps and opens nothing, and says why.</summary>
    private sealed class UnconfiguredOriginalVault : IOriginalVault
    {
        private const string Message = "Redaction:MasterKey is not set on this installation: originals can be neither kept nor played.";

        public Task<SealedOriginal> SealAsync(Stream original, Stream destination, string recordingId, CancellationToken cancellationToken) =>
            throw new OriginalVaultException(Message);

        public Stream Open(Stream sealedOriginal, long sealedLength, WrappedDataKey key, string recordingId) => throw new OriginalVaultException(Message);

        public bool NeedsRewrap(WrappedDataKey key) => false;

        public WrappedDataKey Rewrap(WrappedDataKey key, string recordingId) => throw new OriginalVaultException(Message);
    }
}
