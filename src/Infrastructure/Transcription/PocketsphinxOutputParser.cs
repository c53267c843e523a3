using System.Globalization;
using System.Text.RegularExpressions;

using Recordings.Domain.Calls;

namespace Recordings.Infrastructure.Transcription;

/// <summary>
/// Turns what <c>pocketsphinx_continuous -time yes</c> writes to standard output into timed segments with their words.
/// </summary>
/// <remarks>
/// <para>
/// For each utterance (pocketsphinx's voice activity detector ends one at a pause) it writes the hypothesis on a line
/// of its own, then one line per entry of the best path: <c>word start end probability</c>, times in seconds from the
/// start of the input, e.g.
/// <code>
/// go forward ten meters
/// &lt;s&gt; 0.000 0.240 1.000000
/// &lt;sil&gt; 0.250 0.450 0.706282
/// go 0.460 0.630 0.997303
/// forward(2) 0.640 1.160 0.996207
/// </code>
/// The path holds fillers (<c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c>, <c>&lt;sil&gt;</c>, <c>[NOISE]</c>, <c>++UM++</c>),
/// which are dropped, and marks alternative pronunciations (<c>forward(2)</c>), which are stripped. An utterance whose
/// hypothesis is empty may print its path without a hypothesis line, so an utterance also begins at <c>&lt;s&gt;</c>.
/// </para>
/// <para>
/// A segment is one utterance's words: it starts where its first word starts and ends where its last word ends, its
/// text is its words joined by spaces, and <see cref="TranscriptSegment.Words"/> holds each word with its times. An
/// utterance without words (only fillers) gives no segment. The end of a word is the start of its last 10 ms frame,
/// as pocketsphinx prints it.
/// </para>
/// </remarks>
public static partial class PocketsphinxOutputParser
{
    /// <summary>The segments the printed lines describe, in the order printed (time order).</summary>
    public static IReadOnlyList<TranscriptSegment> ToSegments(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);

        var segments = new List<TranscriptSegment>();
        var words = new List<TranscriptWord>();

        foreach (var line in lines)
        {
            var match = WordLine().Match(line);
            if (!match.Success || match.Groups["word"].Value == "<s>")
            {
                // A hypothesis line, or a path that starts without one: the next utterance.
                Flush(segments, words);
                continue;
            }

            var word = CleanWord(match.Groups["word"].Value);
            if (word is null
                || !TryParseSeconds(match.Groups["start"].Value, out var start)
                || !TryParseSeconds(match.Groups["end"].Value, out var end))
            {
                continue;
            }

            words.Add(new TranscriptWord(WordTimings.Round(start), WordTimings.Round(Math.Max(start, end)), word));
        }

        Flush(segments, words);
        return segments;
    }

    /// <summary>
    /// A word of the path without its alternative-pronunciation mark (<c>read(2)</c> is <c>read</c>), or null for a
    /// filler (<c>&lt;sil&gt;</c>, <c>[NOISE]</c>, <c>++UM++</c>).
    /// </summary>
    public static string? CleanWord(string token)
    {
        ArgumentNullException.ThrowIfNull(token);

        token = token.Trim();
        if (token.Length == 0 || token[0] is '<' or '[' || token.StartsWith("++", StringComparison.Ordinal))
        {
            return null;
        }

        var open = token.IndexOf('(', StringComparison.Ordinal);
        if (open > 0 && token[^1] == ')')
        {
            token = token[..open];
        }

        return token.Length == 0 ? null : token;
    }

    private static void Flush(List<TranscriptSegment> segments, List<TranscriptWord> words)
    {
        if (words.Count == 0)
        {
            return;
        }

        var start = words[0].StartSeconds;
        var end = Math.Max(words.Max(w => w.EndSeconds), start + 0.001);
        segments.Add(new TranscriptSegment(
            start, end, Speaker: null, string.Join(' ', words.Select(w => w.Text)), Words: [.. words]));
        words.Clear();
    }

    private static bool TryParseSeconds(string value, out double seconds) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds)
        && double.IsFinite(seconds) && seconds >= 0;

    /// <summary><c>word start end probability</c>: the word has no spaces, the times are decimal seconds.</summary>
    [GeneratedRegex(@"^(?<word>\S+) (?<start>\d+\.\d+) (?<end>\d+\.\d+) \S+$", RegexOptions.CultureInvariant)]
    private static partial Regex WordLine();
}
