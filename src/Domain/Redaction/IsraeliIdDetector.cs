namespace Recordings.Domain.Redaction;

/// <summary>
/// Israeli identity numbers: 9 digits with a valid check digit, however grouped. Said after an identity cue
/// (<c>ID</c>, <c>תעודת זהות</c>, <c>ת.ז</c>) any window of whole groups counts, and 8 digits too (read with a leading
/// zero), and a compound may be read as two numbers (<c>ninety one</c> as 90 then 1); without a cue the 9 digits must stand apart (a whole run, or set off by filler words), so that a valid check
/// digit inside a longer number (an order number) is left alone.
/// </summary>
public sealed class IsraeliIdDetector : IEntityDetector
{
    public RedactedEntity Entity => RedactedEntity.IsraeliId;

    public IEnumerable<Detection> Detect(SpokenText text)
    {
        foreach (var run in text.Runs)
        {
            var cued = text.IsCued(CueKind.Identity, run.FirstWord);
            var spans = run.Spans(8, 9, splits: cued).Where(s => (cued || (s.IsWhole && s.Digits.Length == 9)) && CheckDigits.IsIsraeliIdValid(s.Digits));
            foreach (var span in Detections.Longest(spans))
            {
                yield return Detection.Of(Entity, span, cued);
            }
        }
    }
}
