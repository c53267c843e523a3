using System.Globalization;

namespace Recordings.Domain.Common;

/// <summary>
/// Cutting text that came from outside (a User-Agent, an address, a webhook's field) to a length we keep. A cut made
/// on a UTF-16 index can split a surrogate pair (an emoji) or a letter from its combining marks, and a lone surrogate is
/// text PostgreSQL's encoder refuses: every cut is made on a text element (grapheme) boundary instead.
/// </summary>
public static class Text
{
    /// <summary>
    /// <paramref name="value"/> cut to at most <paramref name="maxLength"/> UTF-16 units, ending on a whole text element
    /// (never inside a surrogate pair or between a letter and its marks); null or empty stays as it is.
    /// </summary>
    public static string? Cut(string? value, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        if (value is null || value.Length <= maxLength)
        {
            return value;
        }

        var end = 0;
        while (end < value.Length)
        {
            var next = end + StringInfo.GetNextTextElementLength(value, end);
            if (next > maxLength)
            {
                break;
            }

            end = next;
        }

        if (end == 0 && maxLength > 0)
        {
            // One text element longer than the whole allowance (a letter under hundreds of marks): cut between code
            // points, still never inside a surrogate pair.
            end = char.IsHighSurrogate(value[maxLength - 1]) ? maxLength - 1 : maxLength;
        }

        return value[..end];
    }
}
