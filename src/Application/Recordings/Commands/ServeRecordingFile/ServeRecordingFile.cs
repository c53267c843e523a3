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

public sealed class ServeRecordingFileCommandHandler(RecordingPreparation preparation)
    : ICommandHandler<ServeRecordingFileCommand, RecordingAnswer>
{
    public const string ContentType = "audio/mpeg";

    public async ValueTask<RecordingAnswer> Handle(ServeRecordingFileCommand command, CancellationToken cancellationToken)
    {
        var prepared = await preparation.PrepareAsync(command.CallSid, queueDownload: true, retryFailed: false, command.Wait, cancellationToken);
        if (prepared is null || prepared.Call.Recording.State == RecordingState.Missing)
        {
            throw RecordingAnswer.NotFound();
        }

        var recording = prepared.Call.Recording;
        var status = preparation.ToStatus(prepared.Call);
        if (recording.State == RecordingState.Ready && prepared.File is { } stored)
        {
            var etag = $"\"{recording.ContentSha256}\"";
            var lastModified = recording.StoredAt ?? stored.LastWriteTime;
            return RecordingAnswer.Ready(status, prepared.WaitApplied, new RecordingFile(stored, ContentType, etag, lastModified));
        }

        return recording.State == RecordingState.Failed
            ? RecordingAnswer.Failed(status, prepared.WaitApplied)
            : RecordingAnswer.Pending(status, prepared.WaitApplied);
    }
}

public sealed class ServeRecordingFileCommandValidator : AbstractValidator<ServeRecordingFileCommand>
{
    public ServeRecordingFileCommandValidator() => RuleFor(c => c.CallSid).MustBeCallSid();
}
