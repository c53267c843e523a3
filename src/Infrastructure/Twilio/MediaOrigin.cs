namespace Recordings.Infrastructure.Twilio;

/// <summary>Origins (scheme, host and port) of media URLs.</summary>
public static class MediaOrigin
{
    /// <summary>The origin of an absolute URL as <c>scheme://host:port</c> (always with the port), for logs and messages.</summary>
    public static string Of(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}";
    }

    /// <summary>True when both absolute URLs have the same scheme, host and (effective) port.</summary>
    public static bool AreSame(Uri first, Uri second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);

        return first.IsAbsoluteUri && second.IsAbsoluteUri
            && string.Equals(first.Scheme, second.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(first.IdnHost, second.IdnHost, StringComparison.OrdinalIgnoreCase)
            && first.Port == second.Port;
    }

    /// <summary>True when <paramref name="uri"/> is on one of <paramref name="allowedOrigins"/> (e.g. <c>https://api.twilio.com</c>).</summary>
    public static bool IsAllowed(Uri uri, IEnumerable<string> allowedOrigins)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(allowedOrigins);

        return allowedOrigins.Any(origin =>
            Uri.TryCreate(origin, UriKind.Absolute, out var allowed) && AreSame(uri, allowed));
    }
}
