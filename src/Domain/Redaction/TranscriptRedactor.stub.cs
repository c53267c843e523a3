// TEMPORARY: replaced by the real TranscriptRedactor on merge of i26-text.
using Recordings.Domain.Calls;
namespace Recordings.Domain.Redaction;
public static class TranscriptRedactor
{
    public static RedactedTranscript Redact(string recordingSid, IReadOnlyList<TranscriptSegment> segments, IReadOnlyCollection<RedactedEntity> entities) =>
        throw new NotImplementedException();
}
public sealed record RedactedTranscript(IReadOnlyList<TranscriptSegment> Segments, IReadOnlyList<Redaction> Redactions);
