using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Recordings.Web.FunctionalTests.Support;

/// <summary>
/// Sits between the app and the identity provider's token endpoint (the app's <c>sso</c> HttpClient): sees the ID token
/// the provider signed and, when a test asks, hands the app a tampered one instead (or a token of another sign-in, or
/// the provider's answer late). It never makes a token: every token is oidc-provider's.
/// </summary>
public sealed class SsoTokenTamper
{
    /// <summary>What to do with the next ID tokens (null: hand them on as they are).</summary>
    public Func<string, string>? Tamper { get; set; }

    /// <summary>How long to hold the provider's token answer before the app gets it.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>The last ID token the provider issued (as it issued it).</summary>
    public string? LastIdToken { get; private set; }

    public void Reset()
    {
        Tamper = null;
        Delay = TimeSpan.Zero;
        LastIdToken = null;
    }

    public DelegatingHandler Handler() => new TamperHandler(this);

    public static string Header(string jwt) => Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(jwt.Split('.')[0]));

    /// <summary>The token with its header or payload changed (the signature kept: it no longer matches).</summary>
    public static string Edit(string jwt, Action<JsonObject>? header = null, Action<JsonObject>? payload = null, string? signature = null)
    {
        var parts = jwt.Split('.');
        string Re(string part, Action<JsonObject>? edit)
        {
            if (edit is null)
            {
                return part;
            }
            var node = JsonNode.Parse(WebEncoders.Base64UrlDecode(part))!.AsObject();
            edit(node);
            return WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(node.ToJsonString()));
        }
        return $"{Re(parts[0], header)}.{Re(parts[1], payload)}.{signature ?? parts[2]}";
    }

    private sealed class TamperHandler(SsoTokenTamper tamper) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method != HttpMethod.Post || !request.RequestUri!.AbsolutePath.EndsWith("/token", StringComparison.Ordinal)
                || !response.IsSuccessStatusCode)
            {
                return response;
            }
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
            if (body["id_token"]?.GetValue<string>() is { } idToken)
            {
                tamper.LastIdToken = idToken;
                if (tamper.Tamper is { } change)
                {
                    body["id_token"] = change(idToken);
                }
            }
            if (tamper.Delay > TimeSpan.Zero)
            {
                await Task.Delay(tamper.Delay, cancellationToken);
            }
            var changed = new HttpResponseMessage(response.StatusCode)
            {
                Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            response.Dispose();
            return changed;
        }
    }
}
