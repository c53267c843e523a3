using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Recordings.Application.Sso;

namespace Recordings.Web.Sso;

/// <summary>Settings of the relying party (<c>Sso</c> section); the providers themselves are configured per business.</summary>
public sealed class SsoRelyingPartyOptions
{
    public const string SectionName = "Sso";

    /// <summary>How far the ID token's times may be off our clock.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The least time between two fetches of a provider's discovery document and keys (an unknown key id asks for one).</summary>
    public TimeSpan ConfigurationRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The OpenID Connect handler's options for each business (ADR-021): built from the business's settings when first
/// needed and rebuilt when they change; one <see cref="ConfigurationManager{T}"/> per issuer keeps its discovery
/// document and keys (and fetches them again when a token names a key it does not know: key rotation). The client
/// secret lives only inside the options object, which is never logged.
/// </summary>
public sealed class SsoOptionsCache(
    IDataProtectionProvider dataProtection, IHttpClientFactory httpClients, IOptions<SsoRelyingPartyOptions> relyingParty, SsoEvents events,
    TimeProvider time)
{
    public const string Scheme = "sso";

    /// <summary>Every path the OpenID Connect handler answers itself lies under this one (<see cref="SsoRequestSchemes"/>).</summary>
    public const string Paths = "/api/auth/sso";
    public const string CallbackPath = Paths + "/callback";

    /// <summary>The provider's back-channel logout (AuthController): a signed token is its credential, not a cookie.</summary>
    public const string BackchannelLogoutPath = Paths + "/backchannel-logout";
    public const string BusinessItem = "sso.business";

    private readonly ConcurrentDictionary<Guid, (string Fingerprint, OpenIdConnectOptions Options)> _byBusiness = new();
    private readonly ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> _byIssuer = new(StringComparer.Ordinal);
    private readonly Lazy<OpenIdConnectOptions> _unconfigured = new(() => BuildUnconfigured(dataProtection, events));

    /// <summary>The handler's options when the request names no business: every callback with them fails (its state is not ours).</summary>
    public OpenIdConnectOptions Unconfigured => _unconfigured.Value;

    public OpenIdConnectOptions For(Guid businessId, SsoSettings settings, string clientSecret)
    {
        var fingerprint = Fingerprint(settings, clientSecret);
        if (_byBusiness.TryGetValue(businessId, out var cached) && cached.Fingerprint == fingerprint)
        {
            return cached.Options;
        }
        var options = Build(settings, clientSecret);
        _byBusiness[businessId] = (fingerprint, options);
        return options;
    }

    /// <summary>The issuer's configuration manager (its discovery document and keys), shared by the businesses that use it.</summary>
    public ConfigurationManager<OpenIdConnectConfiguration> ConfigurationOf(string issuer) =>
        _byIssuer.GetOrAdd(issuer, i =>
        {
            var requireHttps = !i.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
            return new ConfigurationManager<OpenIdConnectConfiguration>(
                i + "/.well-known/openid-configuration",
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever(httpClients.CreateClient(HttpClientName)) { RequireHttps = requireHttps })
            {
                RefreshInterval = relyingParty.Value.ConfigurationRefreshInterval,
            };
        });

    /// <summary>The named HttpClient the relying party talks to providers with (discovery, keys, the token endpoint).</summary>
    public const string HttpClientName = "sso";

    private OpenIdConnectOptions Build(SsoSettings settings, string clientSecret)
    {
        var o = Common(dataProtection, events);
        o.Authority = settings.Issuer;
        o.RequireHttpsMetadata = !settings.Issuer.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
        o.ClientId = settings.ClientId;
        o.ClientSecret = clientSecret;
        o.ConfigurationManager = ConfigurationOf(settings.Issuer);
        o.Backchannel = httpClients.CreateClient(HttpClientName);
        o.TokenValidationParameters.ValidIssuer = settings.Issuer;
        o.TokenValidationParameters.ValidAudience = settings.ClientId;
        o.TokenValidationParameters.ClockSkew = relyingParty.Value.ClockSkew;
        var issuer = settings.Issuer;
        o.TokenValidationParameters.IssuerSigningKeyResolverUsingConfiguration = (_, _, kid, parameters, configuration) =>
            SigningKeys(issuer, kid, [.. parameters.IssuerSigningKeys ?? [], .. configuration?.SigningKeys ?? []]);
        o.Scope.Clear();
        o.Scope.Add("openid");
        o.Scope.Add("email");
        o.Scope.Add("profile");
        new OpenIdConnectPostConfigureOptions(dataProtection).PostConfigure(Scheme, o);
        o.Validate(Scheme);
        return o;
    }

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastKeyFetch = new(StringComparer.Ordinal);

    /// <summary>
    /// The key the token's header names, from the issuer's keys the handler has; a key id it does not know (the provider
    /// rotated its keys) fetches the issuer's keys again at once, at most once per
    /// <see cref="SsoRelyingPartyOptions.ConfigurationRefreshInterval"/> per issuer (a stream of made-up key ids cannot
    /// make us hammer the provider), and the cached configuration is refreshed too. No key: the token is refused.
    /// </summary>
    private List<Microsoft.IdentityModel.Tokens.SecurityKey> SigningKeys(
        string issuer, string? kid, List<Microsoft.IdentityModel.Tokens.SecurityKey> have)
    {
        if (string.IsNullOrEmpty(kid))
        {
            return [];
        }
        var known = have.Where(k => k.KeyId == kid).ToList();
        if (known.Count > 0)
        {
            return known;
        }
        var now = time.GetUtcNow();
        var last = _lastKeyFetch.GetValueOrDefault(issuer, DateTimeOffset.MinValue);
        if (now - last < relyingParty.Value.ConfigurationRefreshInterval || !_lastKeyFetch.TryUpdate(issuer, now, last) && !_lastKeyFetch.TryAdd(issuer, now))
        {
            return [];
        }
        var requireHttps = !issuer.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
        // The token validation is synchronous here: one bounded fetch (the HttpClient's 10 s timeout), rare by design.
        var fresh = OpenIdConnectConfigurationRetriever.GetAsync(issuer + "/.well-known/openid-configuration",
                new HttpDocumentRetriever(httpClients.CreateClient(HttpClientName)) { RequireHttps = requireHttps }, CancellationToken.None)
            .GetAwaiter().GetResult();
        ConfigurationOf(issuer).RequestRefresh();
        return fresh.SigningKeys.Where(k => k.KeyId == kid).ToList();
    }

    private static OpenIdConnectOptions BuildUnconfigured(IDataProtectionProvider dataProtection, SsoEvents events)
    {
        var o = Common(dataProtection, events);
        o.ClientId = "unconfigured";
        o.Configuration = new OpenIdConnectConfiguration();
        new OpenIdConnectPostConfigureOptions(dataProtection).PostConfigure(Scheme, o);
        return o;
    }

    private static OpenIdConnectOptions Common(IDataProtectionProvider dataProtection, SsoEvents events)
    {
        var o = new OpenIdConnectOptions
        {
            DataProtectionProvider = dataProtection,
            SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme,
            CallbackPath = CallbackPath,
            SignedOutCallbackPath = Paths + "/signed-out",
            RemoteSignOutPath = Paths + "/front-channel-logout",
            ResponseType = OpenIdConnectResponseType.Code,
            ResponseMode = OpenIdConnectResponseMode.Query,
            UsePkce = true,
            SaveTokens = false,
            GetClaimsFromUserInfoEndpoint = false,
            MapInboundClaims = false,
            DisableTelemetry = true,
            Events = events,
            RemoteAuthenticationTimeout = TimeSpan.FromMinutes(10),
        };
        // Back from the provider is a top-level GET from another site: Lax cookies come along; over http (loopback) too.
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        // A token must be signed by the key its header names: no trying every key of the issuer.
        o.TokenValidationParameters.TryAllIssuerSigningKeys = false;
        o.TokenValidationParameters.RequireSignedTokens = true;
        o.TokenValidationParameters.RequireExpirationTime = true;
        return o;
    }

    private static string Fingerprint(SsoSettings settings, string clientSecret) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            JsonSerializer.Serialize(new { settings.Issuer, settings.ClientId, clientSecret }))));
}

/// <summary>
/// Gives the OpenID Connect handler the options of the business the request is about (<see cref="SsoResolution"/>
/// found it before authentication runs), or <see cref="SsoOptionsCache.Unconfigured"/>.
/// </summary>
public sealed class SsoOptionsMonitor(IHttpContextAccessor http, SsoOptionsCache cache) : IOptionsMonitor<OpenIdConnectOptions>
{
    public const string OptionsItem = "sso.options";

    public OpenIdConnectOptions CurrentValue => Get(Options.DefaultName);

    public OpenIdConnectOptions Get(string? name) =>
        http.HttpContext?.Items[OptionsItem] as OpenIdConnectOptions ?? cache.Unconfigured;

    public IDisposable? OnChange(Action<OpenIdConnectOptions, string?> listener) => null;
}

/// <summary>
/// Before authentication runs: on <c>/api/auth/sso</c> (the business from <c>?business=</c>, set by the controller's
/// lookup here) and on the callback (the business from the protected <c>state</c>, which only this deployment can make),
/// loads the business's settings and puts the handler's options on the request.
/// </summary>
public sealed class SsoResolution(RequestDelegate next, SsoOptionsCache cache, IDataProtectionProvider dataProtection)
{
    private readonly PropertiesDataFormat _state = new(
        dataProtection.CreateProtector(typeof(OpenIdConnectHandler).FullName!, SsoOptionsCache.Scheme, "v1"));

    /// <remarks>
    /// The services are taken from the request only on the two SSO paths: every other request (a player's range reads
    /// above all) passes through here without building a mediator or a DbContext.
    /// </remarks>
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        Guid? businessId = null;
        if (path.Equals(SsoOptionsCache.CallbackPath, StringComparison.OrdinalIgnoreCase))
        {
            var state = context.Request.Query["state"].ToString();
            if (state.Length > 0 && _state.Unprotect(state) is { } properties
                && properties.Items.TryGetValue(SsoOptionsCache.BusinessItem, out var id) && Guid.TryParse(id, out var parsed))
            {
                businessId = parsed;
            }
        }
        else if (path.Equals(SsoOptionsCache.Paths, StringComparison.OrdinalIgnoreCase) && HttpMethods.IsGet(context.Request.Method))
        {
            Guid? asked = Guid.TryParse(context.Request.Query["business"].ToString(), out var b) ? b : null;
            var email = context.Request.Query["email"].ToString();
            businessId = await context.RequestServices.GetRequiredService<Mediator.ISender>()
                .Send(new Application.Sso.Queries.FindSsoBusinessQuery(email, asked), context.RequestAborted);
        }

        if (businessId is { } business
            && context.RequestServices.GetRequiredService<global::Recordings.Infrastructure.Sso.BusinessSsoStore>() is var store
            && await store.FindAsync(business, context.RequestAborted) is { } found
            && await store.FindSecretAsync(business, context.RequestAborted) is { } secret)
        {
            context.Items[SsoOptionsCache.BusinessItem] = business;
            context.Items[SsoOptionsMonitor.OptionsItem] = cache.For(business, found.Settings, secret);
        }
        await next(context);
    }
}
