using FluentValidation;
using Mediator;
using Recordings.Application.Common.Access;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Validation;
using Recordings.Domain.Organisation;

namespace Recordings.Application.Recordings.Queries.ServeOriginalRecording;

/// <summary>
/// What <c>GET|HEAD /api/recordings/file/{callSid}?original=1</c> answers an admin: the unredacted original of a redacted
/// recording its business kept, decrypted as it is read (ranges included), audited as <c>play_original</c>. Another
/// role is refused (403); a call the admin does not see, or a recording without a kept original, is not found (404).
/// </summary>
[RequiresRole(AccountRole.Admin)]
public sealed record ServeOriginalRecordingQuery(string CallSid, string? RecordingSid = null) : IQuery<RecordingAnswer>, IValidationErrorCode
{
    public static string ValidationErrorCode => "invalid_sid";
}

/// <remarks>The call is found as for every recordings endpoint (<see cref="RecordingPreparation.FindAsync"/>: the viewer's scope decides).</remarks>
public sealed class ServeOriginalRecordingQueryHandler(RecordingPreparation preparation, IRecordingStore store, IOriginalVault vault)
    : IQueryHandler<ServeOriginalRecordingQuery, RecordingAnswer>
{
    public async ValueTask<RecordingAnswer> Handle(ServeOriginalRecordingQuery query, CancellationToken cancellationToken)
    {
        using var lookup = await preparation.FindAsync(query.CallSid, query.RecordingSid, TimeSpan.Zero, cancellationToken);
        if (lookup?.RecordingOf(lookup.Call) is not { RecordingSid: { } recordingSid, Original: { } original } recording
            || await store.FindAsync(original.StorageKey, cancellationToken) is not { } sealedFile)
        {
            throw RecordingAnswer.NotFound();
        }

        var key = WrappedDataKey.Decode(original.WrappedKey);
        var file = new RecordingFile(
            async ct => vault.Open(await store.OpenReadAsync(original.StorageKey, sealedFile.Length, ct), sealedFile.Length, key, recordingSid),
            original.Length,
            RecordingFile.AudioContentType,
            $"\"original-{recordingSid}\"",
            recording.StoredAt ?? sealedFile.LastWriteTime,
            RecordingSid: recordingSid,
            Original: true);
        return RecordingAnswer.Ready(null, false, file);
    }
}

public sealed class ServeOriginalRecordingQueryValidator : AbstractValidator<ServeOriginalRecordingQuery>
{
    public ServeOriginalRecordingQueryValidator()
    {
        RuleFor(q => q.CallSid).MustBeCallSid();
        RuleFor(q => q.RecordingSid).MustBeRecordingSid().When(q => q.RecordingSid is not null);
    }
}
