using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;

namespace Recordings.Infrastructure.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="RecordingsOptions"/> (section <c>Recordings</c>, checked at start-up) and registers
    /// <see cref="LocalDiskRecordingStore"/> as the singleton <see cref="IRecordingStore"/>. A relative
    /// <c>Recordings:StoragePath</c> is resolved against the host's content root.
    /// </summary>
    public static IServiceCollection AddRecordingStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<RecordingsOptions>()
            .Bind(configuration.GetSection(RecordingsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(sp => new LocalDiskRecordingStore(
            ResolveStoragePath(sp.GetRequiredService<IOptions<RecordingsOptions>>().Value, sp.GetService<IHostEnvironment>()),
            sp.GetRequiredService<ILogger<LocalDiskRecordingStore>>()));
        services.TryAddSingleton<IRecordingStore>(sp => sp.GetRequiredService<LocalDiskRecordingStore>());

        return services;
    }

    /// <summary>The absolute storage folder: <c>StoragePath</c>, relative to the content root when it is relative.</summary>
    public static string ResolveStoragePath(RecordingsOptions options, IHostEnvironment? environment)
    {
        ArgumentNullException.ThrowIfNull(options);

        var root = environment?.ContentRootPath is { Length: > 0 } contentRoot ? contentRoot : Directory.GetCurrentDirectory();
        return Path.GetFullPath(Path.Combine(root, options.StoragePath));
    }
}
