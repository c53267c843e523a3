using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc.Filters;
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
/// Password checks are also limited all together (<see cref="PasswordCheckCeiling"/>, on the password endpoints only:
/// a limiter for every request would cost every play a partition look-up under a lock).
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
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
                await Problems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "too_many_requests",
                    $"Too many sign-in attempts from this address. Try again in {seconds} seconds.");
            };
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
        services.AddSingleton<PasswordCheckCeiling>();
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

/// <summary>
/// The ceiling on password checks running at once on this node, from all clients together
/// (<see cref="LoginRateLimitOptions.ConcurrentPasswordChecks"/>, with <see cref="LoginRateLimitOptions.QueuedPasswordChecks"/>
/// waiting behind them): a hash check is deliberately expensive, and many clients each within their own limit must not
/// keep every core busy while agents are playing recordings. Beyond it, 429 with <c>Retry-After: 1</c>.
/// </summary>
public sealed class PasswordCheckCeiling(IOptions<LoginRateLimitOptions> options) : IDisposable
{
    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.ConcurrentPasswordChecks,
        QueueLimit = options.Value.QueuedPasswordChecks,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    public ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken) => _limiter.AcquireAsync(1, cancellationToken);

    public void Dispose() => _limiter.Dispose();
}

/// <summary>Runs the action (a login, a password change) within the node's <see cref="PasswordCheckCeiling"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PasswordCheckAttribute : Attribute, IAsyncResourceFilter
{
    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var ceiling = context.HttpContext.RequestServices.GetRequiredService<PasswordCheckCeiling>();
        using var lease = await ceiling.AcquireAsync(context.HttpContext.RequestAborted);
        if (!lease.IsAcquired)
        {
            context.HttpContext.Response.Headers[HeaderNames.RetryAfter] = "1";
            context.Result = Problems.Result(StatusCodes.Status429TooManyRequests, "too_many_requests",
                "Too many sign-ins are being checked at once. Try again in a moment.");
            return;
        }

        await next();
    }
}
