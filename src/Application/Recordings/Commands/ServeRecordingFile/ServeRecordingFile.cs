using FluentValidation;
using Mediator;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Validation;
using Recordings.Domain.Calls;

namespace Recordings.Application.Recordings.Commands.ServeRecordingFile;

/// <summary>
/// What <c>GET|HEAD /api/recordings/file/{callSid}</c> answers: the stored file, or that it is on its way (queuing
/// the download of a recording still at Twilio), or that it failed. A call without a recording is not found.
/// </summary>
public sealed record ServeRecordingFileCommand(string CallSid, TimeSpan Wait) : ICommand<RecordingAnswer>, IValidationErrorCode
{
    public static string ValidationErrorCode => "invalid_sid";
}

public sealed class ServeRecordingFileCommandHandler(RecordingPreparation preparation, IRecordingStore store)
    : ICommandHandler<ServeRecordingFileCommand, RecordingAnswer>
{
    public const string ContentType = "audio/mpeg";

    public async ValueTask<RecordingAnswer> Handle(ServeRecordingFileCommand command, CancellationToken cancellationToken)
    {
        using var lookup = await preparation.FindAsync(command.CallSid, command.Wait, cancellationToken);
        if (lookup is null || lookup.Call.Recording.State == RecordingState.Missing)
        {
            throw RecordingAnswer.NotFound();
        }

        var call = await preparation.QueueDownloadAsync(lookup.Call, cancellationToken);
        call = await preparation.WaitWhilePendingAsync(lookup, call, cancellationToken);
        (call, var stored) = await preparation.StoredFileAsync(call, cancellationToken);

        var recording = call.Recording;
        var status = preparation.ToStatus(call);
        if (recording.State == RecordingState.Ready && stored is not null)
        {
            var etag = $"\"{recording.ContentSha256}\"";
            var lastModified = recording.StoredAt ?? stored.LastWriteTime;
            var callSid = call.CallSid;
            var directUrl = await store.DirectUrlAsync(callSid, cancellationToken);
            return RecordingAnswer.Ready(status, lookup.WaitApplied,
                new RecordingFile(ct => store.OpenReadAsync(callSid, ct), stored.Length, ContentType, etag, lastModified, directUrl));
        }

        return recording.State == RecordingState.Failed
            ? RecordingAnswer.Failed(status, lookup.WaitApplied)
            : RecordingAnswer.Pending(status, lookup.WaitApplied);
    }
}

public sealed class ServeRecordingFileCommandValidator : AbstractValidator<ServeRecordingFileCommand>
{
    public ServeRecordingFileCommandValidator() => RuleFor(c => c.CallSid).MustBeCallSid();
}
