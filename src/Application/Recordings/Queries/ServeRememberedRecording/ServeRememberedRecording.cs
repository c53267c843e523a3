using FluentValidation;
using Mediator;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Validation;

namespace Recordings.Application.Recordings.Queries.ServeRememberedRecording;

/// <summary>
/// The first step of <c>GET|HEAD /api/recordings/file/{callSid}</c>: the stored file of a ready recording this node
/// remembers (<see cref="IReadyRecordingCache"/>), or null when it remembers none and the database must answer
/// (<c>ServeRecordingFileCommand</c>). A ready recording's file never changes, so a player's many range reads cost
/// the tenant check and nothing else: no database, no look-up in storage (but for a HEAD and with <c>accel</c>, see
/// below).
/// </summary>
/// <param name="Download">Asked for as a download (<c>?download=1</c>): saved, not played.</param>
/// <param name="HeadersOnly">A HEAD: the answer is the file's headers, and nothing reads the file.</param>
public sealed record ServeRememberedRecordingQuery(string CallSid, string? RecordingSid = null, bool Download = false, bool HeadersOnly = false)
    : IQuery<RecordingFile?>, IValidationErrorCode
{
    public static string ValidationErrorCode => "invalid_sid";
}

public sealed class ServeRememberedRecordingQueryHandler(IReadyRecordingCache cache, IRecordingStore store, ICurrentAgent currentAgent)
    : IQueryHandler<ServeRememberedRecordingQuery, RecordingFile?>
{
    public async ValueTask<RecordingFile?> Handle(ServeRememberedRecordingQuery query, CancellationToken cancellationToken)
    {
        if (!cache.TryGet(ReadyRecordingKey.For(query.CallSid, query.RecordingSid), out var remembered))
        {
            return null;
        }

        if (remembered.BusinessId != currentAgent.BusinessId)
        {
            // Another business's recording is not found, as when it is read from the database.
            throw RecordingAnswer.NotFound();
        }

        // A file removed behind the app's back shows when it is read, and is then left to the database path, which
        // queues it again. When nothing here reads it, it is looked up first (a stat, or a HEAD of the object): for a
        // HEAD (an object store opens without looking), and with accel (nginx would answer 404, which a player takes
        // as final).
        var file = await RecordingFile.OfAsync(remembered, store, query.CallSid, query.Download, cancellationToken);
        return (file.InternalRedirect is null && !query.HeadersOnly) || await store.FindAsync(remembered.StorageKey, cancellationToken) is not null
            ? file
            : null;
    }
}

public sealed class ServeRememberedRecordingQueryValidator : AbstractValidator<ServeRememberedRecordingQuery>
{
    public ServeRememberedRecordingQueryValidator()
    {
        RuleFor(q => q.CallSid).MustBeCallSid();
        RuleFor(q => q.RecordingSid).MustBeRecordingSid().When(q => q.RecordingSid is not null);
    }
}
