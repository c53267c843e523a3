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
/// <param name="FromDatabase">Read the recording from the database even when this node remembers it (the remembered
/// file could not be opened: it was removed, and the announcement has not arrived yet).</param>
public sealed record ServeRecordingFileCommand(string CallSid, TimeSpan Wait, bool FromDatabase = false) : ICommand<RecordingAnswer>, IValidationErrorCode
{
    public static string ValidationErrorCode => "invalid_sid";
}

/// <remarks>
/// A ready recording's stored file never changes, so this node remembers it (<see cref="IReadyRecordingCache"/>): the
/// next range read of it costs the tenant check and nothing else (no database read, no look-up in storage).
/// </remarks>
public sealed class ServeRecordingFileCommandHandler(
    RecordingPreparation preparation, IRecordingStore store, IReadyRecordingCache cache, ICurrentAgent currentAgent)
    : ICommandHandler<ServeRecordingFileCommand, RecordingAnswer>
{
    public const string ContentType = "audio/mpeg";

    public async ValueTask<RecordingAnswer> Handle(ServeRecordingFileCommand command, CancellationToken cancellationToken)
    {
        var waitApplied = command.Wait > TimeSpan.Zero;
        if (!command.FromDatabase && cache.TryGet(command.CallSid, out var remembered))
        {
            if (remembered.BusinessId != currentAgent.BusinessId)
            {
                // Another business's recording is not found, as when it is read from the database.
                throw RecordingAnswer.NotFound();
            }

            // nginx would answer a file that is gone with 404, which a player takes as final: with accel, the file is
            // looked up (a stat) first, and a lost one is handled from the database like any other.
            var file = await FileOf(remembered, cancellationToken);
            if (file.InternalRedirectPath is null || await store.FindAsync(remembered.StorageKey, cancellationToken) is not null)
            {
                return RecordingAnswer.Ready(null, waitApplied, file);
            }
        }

        var version = cache.Version;
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
        if (recording is { State: RecordingState.Ready, StorageKey: { } key, ContentSha256: { } sha256 } && stored is not null
            && call.BusinessId is { } businessId)
        {
            var ready = new ReadyRecording(businessId, key, stored.Length, sha256, recording.StoredAt ?? stored.LastWriteTime);
            cache.Add(call.CallSid, ready, version);
            return RecordingAnswer.Ready(status, lookup.WaitApplied, await FileOf(ready, cancellationToken));
        }

        return recording.State == RecordingState.Failed
            ? RecordingAnswer.Failed(status, lookup.WaitApplied)
            : RecordingAnswer.Pending(status, lookup.WaitApplied);
    }

    private async Task<RecordingFile> FileOf(ReadyRecording ready, CancellationToken cancellationToken)
    {
        var key = ready.StorageKey;
        var length = ready.Length;
        var directUrl = await store.DirectUrlAsync(key, cancellationToken);
        return new RecordingFile(ct => store.OpenReadAsync(key, length, ct), length, ContentType, $"\"{ready.Sha256}\"", ready.LastModified,
            directUrl, store.InternalRedirectPath(key));
    }
}

public sealed class ServeRecordingFileCommandValidator : AbstractValidator<ServeRecordingFileCommand>
{
    public ServeRecordingFileCommandValidator() => RuleFor(c => c.CallSid).MustBeCallSid();
}
