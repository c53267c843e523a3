using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using NSubstitute;
using Recordings.Application.Sso;
using Recordings.Web.Sso;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// A token naming a key the relying party does not have (the provider rotated its keys) fetches the provider's keys
/// at once, but at most once per <see cref="SsoRelyingPartyOptions.ConfigurationRefreshInterval"/> per issuer: a stream
/// of made-up key ids cannot make the app hammer the provider. On the app's clock (fake here). That a rotation works
/// end to end with a real provider is <see cref="SsoHostileTests.AfterTheProviderRotatesItsKeysTheNextSignInWorks"/>.
/// </summary>
public sealed class SsoKeyFetchTests : IDisposable
{
    private const string Issuer = "http://idp.example.test";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    private readonly Provider _provider = new();
    private readonly SsoOptionsCache _cache;

    public SsoKeyFetchTests()
    {
        var clients = Substitute.For<IHttpClientFactory>();
        clients.CreateClient(Arg.Any<string>()).Returns(_ => new HttpClient(_provider, disposeHandler: false));
        _cache = new SsoOptionsCache(new EphemeralDataProtectionProvider(), clients,
            Options.Create(new SsoRelyingPartyOptions { ConfigurationRefreshInterval = Interval }),
            new SsoEvents(NullLogger<SsoEvents>.Instance), _time);
    }

    public void Dispose() => _provider.Dispose();

    private string[] KeysFor(string kid)
    {
        var options = _cache.For(Guid.NewGuid(), new SsoSettings(Issuer, "recordings", "email", null, new Dictionary<string, string>(), null, "existing", true), "secret");
        var parameters = options.TokenValidationParameters;
        return parameters.IssuerSigningKeyResolverUsingConfiguration(string.Empty, null!, kid, parameters, null!)
            .Select(k => k.KeyId).ToArray();
    }

    [Fact]
    public void AnUnknownKeyIdFetchesTheKeysAtOnceThenNotAgainUntilTheIntervalHasPassed()
    {
        _provider.KeyIds = ["key-1"];
        KeysFor("key-1").ShouldBe(["key-1"], "the first unknown key id fetches the provider's keys");

        _provider.KeyIds = ["key-2"];
        _time.Advance(Interval - TimeSpan.FromSeconds(1));
        KeysFor("key-2").ShouldBeEmpty("within the interval nothing is fetched, even though the provider has the key");
        KeysFor("made-up").ShouldBeEmpty();

        _time.Advance(TimeSpan.FromSeconds(1));
        KeysFor("key-2").ShouldBe(["key-2"], "once the interval has passed, the next unknown key id fetches again");
    }

    [Fact]
    public void ATokenWithoutAKeyIdGetsNoKeyAndFetchesNothing()
    {
        _provider.KeyIds = ["key-1"];
        KeysFor(string.Empty).ShouldBeEmpty();
        _provider.Requests.ShouldBe(0);
    }

    /// <summary>The provider's discovery document and key set, whatever key ids the test gives it.</summary>
    private sealed class Provider : HttpMessageHandler
    {
        private readonly RSA _rsa = RSA.Create(2048);
        private int _requests;

        public string[] KeyIds { get; set; } = [];

        public int Requests => Volatile.Read(ref _requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            var json = request.RequestUri!.AbsolutePath switch
            {
                "/.well-known/openid-configuration" => $$"""
                    {"issuer":"{{Issuer}}","jwks_uri":"{{Issuer}}/jwks","authorization_endpoint":"{{Issuer}}/auth",
                     "token_endpoint":"{{Issuer}}/token","id_token_signing_alg_values_supported":["RS256"]}
                    """,
                "/jwks" => KeySet(),
                _ => null,
            };
            return Task.FromResult(json is null
                ? new HttpResponseMessage(HttpStatusCode.NotFound)
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        }

        private string KeySet()
        {
            var p = _rsa.ExportParameters(includePrivateParameters: false);
            var keys = KeyIds.Select(kid =>
                $$"""{"kty":"RSA","use":"sig","alg":"RS256","kid":"{{kid}}","n":"{{Base64UrlEncoder.Encode(p.Modulus)}}","e":"{{Base64UrlEncoder.Encode(p.Exponent)}}"}""");
            return $$"""{"keys":[{{string.Join(',', keys)}}]}""";
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _rsa.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
