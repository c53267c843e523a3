using Amazon;
using Amazon.Runtime;
using Amazon.S3;
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
    /// the singleton <see cref="IRecordingStore"/> of <c>Recordings:Storage:Provider</c>: <see cref="LocalDiskRecordingStore"/>
    /// (<c>local</c>, the default; a relative <c>Recordings:StoragePath</c> is resolved against the host's content root)
    /// or <see cref="S3RecordingStore"/> (<c>s3</c>).
    /// </summary>
    public static IServiceCollection AddRecordingStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<RecordingsOptions>()
            .Bind(configuration.GetSection(RecordingsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddRecordingDelivery(configuration);
        var provider = configuration[$"{StorageOptions.SectionName}:Provider"];
        if (string.Equals(provider, StorageOptions.S3, StringComparison.OrdinalIgnoreCase))
        {
            return services.AddS3RecordingStorage(configuration);
        }

        services.TryAddSingleton(sp => new LocalDiskRecordingStore(
            ResolveStoragePath(sp.GetRequiredService<IOptions<RecordingsOptions>>().Value, sp.GetService<IHostEnvironment>()),
            sp.GetRequiredService<ILogger<LocalDiskRecordingStore>>()));
        services.TryAddSingleton<IRecordingStore>(sp => sp.GetRequiredService<LocalDiskRecordingStore>());

        return services;
    }

    /// <summary>
    /// The <see cref="IRecordingDelivery"/> of <c>Recordings:Storage:Delivery</c> (which provider each needs is checked by
    /// <see cref="StorageOptionsValidator"/> at start-up): <see cref="ProxyDelivery"/>, <see cref="AccelDelivery"/> or
    /// <see cref="RedirectDelivery"/>.
    /// </summary>
    private static void AddRecordingDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        var delivery = new StorageOptions { Delivery = configuration[$"{StorageOptions.SectionName}:Delivery"] ?? StorageOptions.Proxy };
        if (delivery.Accelerates)
        {
            services.TryAddSingleton<IRecordingDelivery>(sp => new AccelDelivery(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        }
        else if (delivery.Redirects)
        {
            services.TryAddSingleton<IRecordingDelivery>(sp => new RedirectDelivery(
                sp.GetRequiredService<S3RecordingStore>(), sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        }
        else
        {
            services.TryAddSingleton<IRecordingDelivery, ProxyDelivery>();
        }
    }

    /// <summary>
    /// <see cref="S3RecordingStore"/> as the <see cref="IRecordingStore"/>, on an <see cref="IAmazonS3"/> client for any
    /// S3-compatible store (<c>Recordings:Storage:S3</c>: its endpoint, region, keys, path-style addressing).
    /// </summary>
    private static IServiceCollection AddS3RecordingStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<S3StorageOptions>().Bind(configuration.GetSection(S3StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IAmazonS3>(sp => CreateS3Client(sp.GetRequiredService<IOptions<S3StorageOptions>>().Value));
        services.TryAddSingleton(sp => new S3RecordingStore(
            sp.GetRequiredService<IAmazonS3>(),
            sp.GetRequiredService<IOptions<S3StorageOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<S3RecordingStore>>()));
        services.TryAddSingleton<IRecordingStore>(sp => sp.GetRequiredService<S3RecordingStore>());
        services.AddHealthChecks().AddCheck<ObjectStoreHealthCheck>("object-store", tags: ["ready"]);
        return services;
    }

    /// <summary>An S3 client for the configured store: its endpoint (or AWS's for the region), path-style when asked.</summary>
    public static AmazonS3Client CreateS3Client(S3StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            AuthenticationRegion = options.Region,
        };
        if (string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = options.ServiceUrl;
        }

        return new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }

    /// <summary>The absolute storage folder: <c>StoragePath</c>, relative to the content root when it is relative.</summary>
    public static string ResolveStoragePath(RecordingsOptions options, IHostEnvironment? environment)
    {
        ArgumentNullException.ThrowIfNull(options);

        var root = environment?.ContentRootPath is { Length: > 0 } contentRoot ? contentRoot : Directory.GetCurrentDirectory();
        return Path.GetFullPath(Path.Combine(root, options.StoragePath));
    }
}
