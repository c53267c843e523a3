using System.Globalization;
using Recordings.Application.Common.Options;

namespace Recordings.Web.Infrastructure;

/// <summary>The <c>wait</c> preference of RFC 7240: <c>Prefer: wait=N</c>, N in seconds, honoured up to 30.</summary>
public static class PreferWait
{
    public const string PreferenceAppliedHeader = "Preference-Applied";

    /// <summary>The wait asked for (clamped to <see cref="RecordingsOptions.MaxWaitSeconds"/>), or zero when none or malformed.</summary>
    public static int Seconds(HttpRequest request)
    {
        foreach (var header in request.Headers["Prefer"])
        {
            foreach (var preference in (header ?? string.Empty).Split(','))
            {
                // A preference is token[=value] followed by optional ;parameters, which wait does not use.
                var head = preference.Split(';')[0].Trim();
                var equals = head.IndexOf('=', StringComparison.Ordinal);
                if (equals < 0 || !head[..equals].Trim().Equals("wait", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var value = head[(equals + 1)..].Trim().Trim('"');
                if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                {
                    return Math.Min(seconds, RecordingsOptions.MaxWaitSeconds);
                }

                if (value.Length > 0 && value.All(char.IsAsciiDigit))
                {
                    return RecordingsOptions.MaxWaitSeconds; // digits beyond int: as long as allowed
                }
            }
        }

        return 0;
    }

    /// <summary>The wait asked for, as the time a handler holds the answer (zero: answer at once).</summary>
    public static TimeSpan Of(HttpRequest request) => TimeSpan.FromSeconds(Seconds(request));

    public static void Apply(HttpResponse response, int seconds) =>
        response.Headers[PreferenceAppliedHeader] = $"wait={seconds.ToString(CultureInfo.InvariantCulture)}";
}
