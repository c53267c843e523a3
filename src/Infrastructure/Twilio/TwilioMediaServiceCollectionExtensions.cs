using System.Net;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

using Recordings.Application.Common.Interfaces;

namespace Recordings.Infrastructure.Twilio;

public static class TwilioMediaServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ITwilioMediaClient"/> (<see cref="TwilioMediaClient"/>), its retry policy and the named
    /// <see cref="HttpClient"/> <c>twilio-media</c> (a <see cref="SocketsHttpHandler"/> that follows at most
    /// <see cref="TwilioMediaClient.MaxRedirects"/> redirects, which drops the Authorization header on every hop and
    /// refuses HTTPS to HTTP, and keeps no cookies; no HttpClient-level timeout or retry, since the client times and
    /// retries whole attempts).
    /// Expects <c>TwilioOptions</c> to be bound elsewhere; uses the registered <see cref="TimeProvider"/> (adds
    /// <see cref="TimeProvider.System"/> if there is none).
    /// </summary>
    public static IServiceCollection AddTwilioMedia(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(TwilioMediaClient.HttpClientName, static client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Recordings/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
            {
                AllowAutoRedirect = true,
                MaxAutomaticRedirections = TwilioMediaClient.MaxRedirects,
                AutomaticDecompression = DecompressionMethods.None,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .AddHttpMessageHandler(static () => new TwilioAnswersMetric(TwilioAnswersMetric.Media))
            // Its default logs would name redirect targets with their (signed) query strings; the client logs origins only.
            .RemoveAllLoggers();

        services.TryAddSingleton<TwilioDownloadRetryPolicy>();
        services.TryAddSingleton<ITwilioMediaClient, TwilioMediaClient>();

        // Twilio's REST API through its SDK, at Twilio:ApiBaseUrl (no HttpClient-level retry: TwilioRestApi retries).
        services.AddHttpClient(TwilioRestApi.HttpClientName, static client =>
            {
                client.Timeout = TimeSpan.FromSeconds(30);
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Recordings/1.0");
            })
            .AddHttpMessageHandler(static sp => new ApiOriginHandler(new Uri(sp.GetRequiredService<IOptions<TwilioOptions>>().Value.ApiBaseUrl)))
            .AddHttpMessageHandler(static () => new TwilioAnswersMetric(TwilioAnswersMetric.Rest))
            .RemoveAllLoggers();
        services.TryAddSingleton<ITwilioRestApi, TwilioRestApi>();

        return services;
    }
}
