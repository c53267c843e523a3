using System.Security.Cryptography;
using System.Text;

namespace Recordings.Infrastructure.Twilio;

/// <summary>
/// Checks the <c>X-Twilio-Signature</c> header of a form-encoded Twilio webhook request.
/// Twilio signs the full URL it requested (scheme, user info, host, port, path and query exactly as configured)
/// followed by every POST parameter, sorted by name, as name immediately followed by value,
/// with HMAC-SHA1 keyed by the account's auth token, and sends the result base64-encoded.
/// </summary>
public static class TwilioRequestValidator
{
    private const int HttpPort = 80;
    private const int HttpsPort = 443;

    /// <summary>
    /// Signature Twilio would send for <paramref name="url"/> and <paramref name="parameters"/>:
    /// base64(HMAC-SHA1(UTF-8(authToken), UTF-8(url + name1 + value1 + name2 + value2 ...))),
    /// parameters ordered by name and then by value (both ordinal); repeated names are all kept.
    /// </summary>
    public static string ComputeSignature(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(authToken);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(parameters);

        return Convert.ToBase64String(Sign(authToken, url, CanonicalParameters(parameters)));
    }

    /// <summary>
    /// True when <paramref name="signature"/> matches <paramref name="url"/> as given, or the same URL with its
    /// port removed (when it has one) or with the scheme's standard port added (443 for https, 80 for http, when it
    /// has none) - Twilio's own validators accept all of these because Twilio does not sign them consistently.
    /// Missing or empty signature or auth token gives false.
    /// </summary>
    public static bool IsValid(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters, string? signature)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(parameters);

        if (string.IsNullOrEmpty(authToken) || string.IsNullOrEmpty(signature))
        {
            return false;
        }

        var provided = Encoding.UTF8.GetBytes(signature);
        var canonicalParameters = CanonicalParameters(parameters);

        foreach (var candidate in UrlVariants(url))
        {
            var expected = Encoding.UTF8.GetBytes(Convert.ToBase64String(Sign(authToken, candidate, canonicalParameters)));
            if (CryptographicOperations.FixedTimeEquals(expected, provided))
            {
                return true;
            }
        }

        return false;
    }

    private static string CanonicalParameters(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var builder = new StringBuilder();
        foreach (var parameter in parameters
                     .OrderBy(p => p.Key, StringComparer.Ordinal)
                     .ThenBy(p => p.Value ?? string.Empty, StringComparer.Ordinal))
        {
            builder.Append(parameter.Key).Append(parameter.Value);
        }

        return builder.ToString();
    }

#pragma warning disable CA5350 // HMAC-SHA1 is mandated by Twilio's signing scheme; it is not our choice.
    private static byte[] Sign(string authToken, string url, string canonicalParameters) =>
        HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(url + canonicalParameters));
#pragma warning restore CA5350

    /// <summary>The URL as given, then (for URLs with an authority) the port-toggled form.</summary>
    private static IEnumerable<string> UrlVariants(string url)
    {
        yield return url;

        var toggled = TogglePort(url);
        if (toggled is not null && !string.Equals(toggled, url, StringComparison.Ordinal))
        {
            yield return toggled;
        }
    }

    /// <summary>
    /// Works on the string itself rather than through <see cref="Uri"/>, which would lower-case the scheme and host
    /// and re-escape characters, while Twilio signs the URL's exact text (the vectors with mixed-case hosts,
    /// upper-case schemes and user info depend on that).
    /// Returns the URL without its port when it has one, with the standard port when it has none and the scheme
    /// is http or https, or null when the URL has no recognisable authority.
    /// </summary>
    private static string? TogglePort(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            return null;
        }

        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = url.Length;
        }

        var userInfoEnd = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
        var hostStart = userInfoEnd >= 0 ? userInfoEnd + 1 : authorityStart;
        if (hostStart >= authorityEnd)
        {
            return null;
        }

        // An IPv6 literal ("[::1]") has colons of its own; the port separator is the colon after the closing bracket.
        var hostEnd = authorityEnd;
        var searchFrom = url[hostStart] == '[' ? url.IndexOf(']', hostStart, authorityEnd - hostStart) : hostStart;
        if (searchFrom < 0)
        {
            return null;
        }

        var colon = url.IndexOf(':', searchFrom, authorityEnd - searchFrom);
        if (colon >= 0)
        {
            var port = url.AsSpan(colon + 1, authorityEnd - colon - 1);
            foreach (var c in port)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return null;
                }
            }

            hostEnd = colon;
        }

        if (hostEnd < authorityEnd)
        {
            return string.Concat(url.AsSpan(0, hostEnd), url.AsSpan(authorityEnd));
        }

        var scheme = url.AsSpan(0, schemeEnd);
        int standardPort;
        if (scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
        {
            standardPort = HttpsPort;
        }
        else if (scheme.Equals("http", StringComparison.OrdinalIgnoreCase))
        {
            standardPort = HttpPort;
        }
        else
        {
            return null;
        }

        return string.Concat(url.AsSpan(0, hostEnd), ":", standardPort.ToString(System.Globalization.CultureInfo.InvariantCulture), url.AsSpan(authorityEnd));
    }
}
