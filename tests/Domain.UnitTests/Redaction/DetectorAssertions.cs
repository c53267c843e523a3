using Recordings.Domain.Redaction;

namespace Recordings.Domain.UnitTests.Redaction;

internal static class DetectorAssertions
{
    /// <summary>The words each detection covers, joined by spaces.</summary>
    public static string[] Found(this IEntityDetector detector, string said)
    {
        var text = SpokenText.Of(said);
        return [.. detector.Detect(text).Select(d => string.Join(' ', text.Words.Skip(d.FirstWord).Take(d.Length)))];
    }
}
