using Recordings.Domain.Calls;
using System.Globalization;

using Recordings.Application.Common.Interfaces;

namespace Recordings.Infrastructure.Transcription;

/// <summary>
/// Turns what ffmpeg's <c>ametadata=mode=print</c> writes after the <c>silencedetect</c> and <c>asr</c> filters into
/// timed segments.
/// </summary>
/// <remarks>
/// <para>
/// ffmpeg prints every audio frame that carries metadata as a <c>frame:N pts:P pts_time:T</c> line followed by its
/// <c>key=value</c> lines. The <c>asr</c> filter attaches <c>lavfi.asr.text</c> to the frame on which pocketsphinx's
/// voice activity detector ends an utterance, so an utterance's text comes a little (about 0.3–0.5 s of silence)
/// after its speech, and the frame tells nothing of where the speech began. <c>silencedetect</c>, run on the same
/// samples just before, reports where silences start and end (<c>lavfi.silence_start</c>, <c>lavfi.silence_end</c>:
/// exact times, even though the frame carrying them comes later).
/// </para>
/// <para>
/// A segment's times are therefore an approximation built from both:
/// <list type="bullet">
/// <item>the window of an utterance runs from the previous segment's end (0 for the first) to the time <c>T</c> of
/// the frame carrying its text;</item>
/// <item>start: when the window opens inside a silence that ends before <c>T</c>, the end of that silence (where the
/// speech resumed); otherwise the window's opening;</item>
/// <item>end: when <c>T</c> lies inside a silence that began after the start, the beginning of that silence (where the
/// speech stopped); otherwise <c>T</c> itself.</item>
/// </list>
/// On a quiet line this is within a few tens of milliseconds of the speech; on a noisy one (no silence below the
/// threshold) the segments tile the recording from one end of utterance to the next, each ending up to half a second
/// late. Times are rounded to milliseconds.
/// </para>
/// </remarks>
public static partial class AsrMetadataParser
{
    public const string TextKey = "lavfi.asr.text";
    public const string SilenceStartKey = "lavfi.silence_start";
    public const string SilenceEndKey = "lavfi.silence_end";

    private const string PtsTimeLabel = "pts_time:";

    /// <summary>The segments the printed lines describe, in time order; texts without words are left out.</summary>
    public static IReadOnlyList<TranscriptSegment> ToSegments(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);

        var utterances = new List<(double Time, string Text)>();
        var silences = new List<(double Start, double End)>();
        var frameTime = 0.0;

        foreach (var line in lines.SelectMany(SplitGluedFrameHeader))
        {
            if (line.StartsWith("frame:", StringComparison.Ordinal))
            {
                // A frame without a timestamp (pts_time:NOPTS) keeps the previous frame's time.
                frameTime = ParsePtsTime(line) ?? frameTime;
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var key = line.AsSpan(0, equals).Trim();
            var value = line.AsSpan(equals + 1).Trim();
            if (key.SequenceEqual(TextKey))
            {
                var text = CleanText(value.ToString());
                if (text.Length > 0)
                {
                    utterances.Add((frameTime, text));
                }
            }
            else if (key.SequenceEqual(SilenceStartKey) && TryParseSeconds(value, out var silenceStart))
            {
                silences.Add((silenceStart, double.PositiveInfinity));
            }
            else if (key.SequenceEqual(SilenceEndKey) && TryParseSeconds(value, out var silenceEnd)
                && silences.Count > 0 && double.IsPositiveInfinity(silences[^1].End))
            {
                silences[^1] = (silences[^1].Start, silenceEnd);
            }
        }

        var segments = new List<TranscriptSegment>(utterances.Count);
        var previousEnd = 0.0;
        foreach (var (time, text) in utterances)
        {
            var start = previousEnd;
            foreach (var (silenceStart, silenceEnd) in silences)
            {
                if (silenceStart <= previousEnd && previousEnd < silenceEnd)
                {
                    if (silenceEnd < time)
                    {
                        start = silenceEnd;
                    }

                    break;
                }
            }

            var end = time;
            for (var i = silences.Count - 1; i >= 0; i--)
            {
                var (silenceStart, silenceEnd) = silences[i];
                if (silenceStart <= time && time <= silenceEnd)
                {
                    if (silenceStart > start)
                    {
                        end = silenceStart;
                    }

                    break;
                }
            }

            var roundedStart = Round(Math.Max(start, 0));
            var roundedEnd = Math.Max(Round(end), roundedStart + 0.001);
            segments.Add(new TranscriptSegment(roundedStart, roundedEnd, Speaker: null, text));
            previousEnd = Math.Max(end, start);
        }

        return segments;
    }

    /// <summary>
    /// ffmpeg's <c>asr</c> filter can leave its text without a line break, so the next frame's
    /// <c>frame:N pts:P pts_time:T</c> header arrives on the same line as the words, sometimes right after a letter
    /// (<c>do foframe:514 ...</c>): split it off again.
    /// </summary>
    public static IEnumerable<string> SplitGluedFrameHeader(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var match = GluedFrameHeader().Match(line);
        if (!match.Success)
        {
            return [line];
        }

        return match.Index == 0
            ? [line]
            : [line[..match.Index].TrimEnd(), .. SplitGluedFrameHeader(line[match.Index..])];
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"frame:\d+\s+pts:\S+\s+pts_time:\S+")]
    private static partial System.Text.RegularExpressions.Regex GluedFrameHeader();

    /// <summary>
    /// The words of a hypothesis: single spaces, without filler tokens (<c>&lt;sil&gt;</c>, <c>[NOISE]</c>,
    /// <c>++UM++</c>) or alternative-pronunciation marks (<c>read(2)</c>), should any come through.
    /// </summary>
    public static string CleanText(string hypothesis)
    {
        ArgumentNullException.ThrowIfNull(hypothesis);

        var words = new List<string>();
        foreach (var token in hypothesis.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (token[0] is '<' or '[' || token.StartsWith("++", StringComparison.Ordinal))
            {
                continue;
            }

            var word = token;
            var open = word.IndexOf('(', StringComparison.Ordinal);
            if (open > 0 && word[^1] == ')')
            {
                word = word[..open];
            }

            words.Add(word);
        }

        return string.Join(' ', words);
    }

    private static double? ParsePtsTime(string frameLine)
    {
        var at = frameLine.IndexOf(PtsTimeLabel, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var value = frameLine.AsSpan(at + PtsTimeLabel.Length).Trim();
        var space = value.IndexOfAny(' ', '\t');
        if (space >= 0)
        {
            value = value[..space];
        }

        return TryParseSeconds(value, out var seconds) ? seconds : null;
    }

    private static bool TryParseSeconds(ReadOnlySpan<char> value, out double seconds) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds)
        && double.IsFinite(seconds);

    private static double Round(double seconds) => Math.Round(seconds, 3, MidpointRounding.AwayFromZero);
}
