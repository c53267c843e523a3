using Microsoft.Net.Http.Headers;

namespace Recordings.Web.Infrastructure;

/// <summary>
/// RFC 9110 13.1.5: a Range is honoured under <c>If-Range</c> only when it names the stored file exactly, by its strong
/// ETag or by exactly its <c>Last-Modified</c> date. Anything else (another or a weak tag, an earlier or a future date,
/// garbage) means "send me the whole file": the Range is dropped before ASP.NET Core's range processing, which on its
/// own accepts any date at or after <c>Last-Modified</c> and ignores an If-Range it cannot parse. And RFC 9110 14.2: a
/// Range in another unit than <c>bytes</c> is ignored (ASP.NET Core would read <c>items=0-10</c> as bytes).
/// </summary>
public static class IfRange
{
    public static void Apply(HttpRequest request, EntityTagHeaderValue etag, DateTimeOffset lastModified)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(etag);
        if (request.Headers.Range.Count > 0
            && !request.Headers.Range.ToString().TrimStart().StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            request.Headers.Remove(HeaderNames.Range);
            return;
        }

        var ifRange = request.Headers.IfRange;
        if (ifRange.Count == 0 || request.Headers.Range.Count == 0)
        {
            return;
        }

        if (!Matches(ifRange.ToString().Trim(), etag, lastModified))
        {
            request.Headers.Remove(HeaderNames.Range);
        }
    }

    private static bool Matches(string value, EntityTagHeaderValue etag, DateTimeOffset lastModified)
    {
        if (value.StartsWith('"') || value.StartsWith("W/", StringComparison.Ordinal))
        {
            return EntityTagHeaderValue.TryParse(value, out var tag) && tag.Compare(etag, useStrongComparison: true);
        }

        // Last-Modified is sent to the second: that second exactly is the file's date.
        var seconds = lastModified.ToUniversalTime();
        seconds = seconds.AddTicks(-(seconds.Ticks % TimeSpan.TicksPerSecond));
        return HeaderUtilities.TryParseDate(value, out var date) && date == seconds;
    }
}
