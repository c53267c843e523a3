using FluentValidation;
using Mediator;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Validation;
using Recordings.Domain.Calls;

namespace Recordings.Application.Recordings.Commands.ServeRecordingFile;

/// <summary>
/// What <c>GET|HEAD /api/recordings/file/{callSid}</c> answers when this node remembers no such ready recording
/// (<c>ServeRememberedRecordingQuery</c>): the stored file, or that it is on its way (queuing the download of a
/// recording still at Twilio), or that it failed. A call without a recording is not found.
/// </summary>
/// <param name="RecordingSid">Which of the call's recordings (<c>?recordingSid=</c>); null: the first.</param>
/// <param name="Download">Asked for as a download (<c>?download=1</c>): saved, not played.</param>
public sealed record ServeRecordingFileCommand(string CallSid, TimeSpan Wait, string? RecordingSid = null, bool Download = false)
    : ICommand<RecordingAnswer>, IValidationErrorCode
{
    public static string ValidationErrorCode => "invalid_sid";
}

/// <remarks>
/// A ready recording it serves is remembered by this node (<see cref="IReadyRecordingCache"/>), so that the next read
/// of it is answered by <c>ServeRememberedRecordingQuery</c>, without the database.
/// </remarks>
public sealed class ServeRecordingFileCommandHandler(RecordingPreparation preparation, IRecordingStore store, IReadyRecordingCache cache)
    : ICommandHandler<ServeRecordingFileCommand, RecordingAnswer>
{
    public async ValueTask<RecordingAnswer> Handle(ServeRecordingFileCommand command, CancellationToken cancellationToken)
    {
        var version = cache.Version;
        using var lookup = await preparation.FindAsync(command.CallSid, command.RecordingSid, command.Wait, cancellationToken);
        if (lookup is null || lookup.Recording.State == RecordingState.Missing)
        {
            throw RecordingAnswer.NotFound();
        }

        RecordingAnswer.ThrowIfExpired(lookup.Recording);
        var call = await preparation.QueueDownloadAsync(lookup, lookup.Call, cancellationToken);
        (call, var stored) = await preparation.SettleAsync(lookup, call, cancellationToken);

        var recording = lookup.RecordingOf(call);
        RecordingAnswer.ThrowIfExpired(recording);
        var status = preparation.ToStatus(lookup, call);
        if (recording is { State: RecordingState.Ready, StorageKey: { } key, ContentSha256: { } sha256, RecordingSid: { } recordingSid }
            && stored is not null && call.BusinessId is { } businessId)
        {
            var ready = new ReadyRecording(businessId, key, stored.Length, sha256, recording.StoredAt ?? stored.LastWriteTime, recordingSid);
            // Remembered under the key the request used: a request for the first recording names no recording SID.
            cache.Add(ReadyRecordingKey.For(call.CallSid, command.RecordingSid), ready, version);
            return RecordingAnswer.Ready(status, lookup.WaitApplied, await RecordingFile.OfAsync(ready, store, call.CallSid, command.Download, cancellationToken));
        }

        return recording.State == RecordingState.Failed
            ? RecordingAnswer.Failed(status, lookup.WaitApplied)
            : RecordingAnswer.Pending(status, lookup.WaitApplied);
    }
}

public sealed class ServeRecordingFileCommandValidator : AbstractValidator<ServeRecordingFileCommand>
{
    public ServeRecordingFileCommandValidator()
    {
        RuleFor(c => c.CallSid).MustBeCallSid();
        RuleFor(c => c.RecordingSid).MustBeRecordingSid().When(c => c.RecordingSid is not null);
    }
}
