using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Recordings.Web.Infrastructure;

/// <summary>
/// ASP.NET Core's rate limiter on the password endpoints (login, password change): a token bucket per client address
/// (the forwarded address only when it comes from a configured proxy, see <see cref="ProxyHeaders"/>). A client that
/// spends its burst gets 429 with <c>Retry-After</c>; other clients, and the agents whose emails it tried, are not
/// affected. An IPv6 client is one /64 (a home or a host gets a whole /64; its addresses are one client). The limits are
/// per node: N nodes allow N times the rate.
/// </summary>
/// <remarks>
/// Password checks are also limited all together (<see cref="LoginRateLimitOptions.ConcurrentPasswordChecks"/> at once
/// per node, a bounded queue behind them): a hash check is deliberately expensive, and many clients each within their own
/// limit must not keep every core busy while agents are playing recordings.
/// </remarks>
public static class LoginRateLimit
{
    public const string PolicyName = "login";

    public static IServiceCollection AddLoginRateLimit(this IServiceCollection services)
    {
        services.AddOptions<LoginRateLimitOptions>().BindConfiguration(LoginRateLimitOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, _) =>
            {
                // Only the per-address bucket knows when its next token comes; the ceiling on checks frees up in moments.
                var perAddress = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait);
                var seconds = perAddress ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                context.HttpContext.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
                await Problems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "too_many_requests",
                    perAddress
                        ? $"Too many sign-in attempts from this address. Try again in {seconds} seconds."
                        : "Too many sign-ins are being checked at once. Try again in a moment.");
            };
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName != PolicyName)
                {
                    return RateLimitPartition.GetNoLimiter(string.Empty);
                }

                var limits = context.RequestServices.GetRequiredService<IOptions<LoginRateLimitOptions>>().Value;
                return RateLimitPartition.GetConcurrencyLimiter("password-checks", _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = limits.ConcurrentPasswordChecks,
                    QueueLimit = limits.QueuedPasswordChecks,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                });
            });
            options.AddPolicy(PolicyName, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<LoginRateLimitOptions>>().Value;
                return RateLimitPartition.GetTokenBucketLimiter(ClientKey(context.Connection.RemoteIpAddress), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.Burst,
                    TokensPerPeriod = 1,
                    ReplenishmentPeriod = limits.ReplenishEvery,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
        });
        return services;
    }

    /// <summary>
    /// Whose bucket a request spends: an IPv4 address (an IPv4-mapped IPv6 address is its IPv4 address), or the /64
    /// network of an IPv6 address.
    /// </summary>
    public static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}

/// <summary>The <c>Auth:LoginRateLimit</c> configuration section.</summary>
public sealed class LoginRateLimitOptions
{
    public const string SectionName = "Auth:LoginRateLimit";

    /// <summary>Attempts one address may make in a row.</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 20;

    /// <summary>One more attempt is allowed after each such period (20 per minute at the default).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan ReplenishEvery { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Password checks (logins, password changes) one node runs at once, from all clients together (half the cores).</summary>
    [Range(1, 1024)]
    public int ConcurrentPasswordChecks { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Password checks that wait for one of those; beyond them, 429.</summary>
    [Range(0, 100_000)]
    public int QueuedPasswordChecks { get; set; } = 200;
}
