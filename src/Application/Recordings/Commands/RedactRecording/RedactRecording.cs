using Mediator;
using Microsoft.Extensions.Logging;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Metrics;
using Recordings.Domain.Calls;
using Recordings.Domain.Redaction;

namespace Recordings.Application.Recordings.Commands.RedactRecording;

/// <summary>
/// Run by the redaction job once a recording awaiting redaction has its transcript (which says what to remove): its
/// audio is re-encoded with every redacted stretch silenced or toned (<see cref="IAudioRedactor"/>), stored as the
/// redacted copy, and the unredacted file deleted, after it was sealed into the vault when the business keeps originals
/// (<see cref="IOriginalVault"/>). The redacted copy then replaces the original on the call (under its lock), which
/// makes it playable and measured, and Twilio's copy deleted. A failure is thrown: the job retries it and, when it
/// gives up, fails the recording (<see cref="GiveUpRedactionCommand"/>); the unredacted audio is never served meanwhile.
/// </summary>
/// <remarks>
/// The unredacted file is deleted before the call is changed: if the change is then lost (the database, a crash), the
/// next attempt finds the stored copy gone and downloads it again from Twilio (whose copy is deleted only after the
/// redacted one is stored), which this job redacts again. Deleting it after the change instead could leave it behind
/// with nothing pointing at it.
/// </remarks>
public sealed record RedactRecordingCommand(string CallSid, string RecordingSid) : ICommand<bool>;

public sealed partial class RedactRecordingCommandHandler(
    ICallRepository calls,
    IBusinessRepository businesses,
    IUnitOfWork unitOfWork,
    IRecordingStore store,
    IAudioRedactor redactor,
    IOriginalVault vault,
    IRecordingJobScheduler scheduler,
    TimeProvider time,
    ILogger<RedactRecordingCommandHandler> logger) : ICommandHandler<RedactRecordingCommand, bool>
{
    public async ValueTask<bool> Handle(RedactRecordingCommand command, CancellationToken cancellationToken)
    {
        var (callSid, recordingSid) = (command.CallSid, command.RecordingSid);
        var call = await calls.FindAsync(callSid, cancellationToken);
        var recording = call?.RecordingFor(recordingSid);
        if (call is null || recording is not { AwaitsRedaction: true, Transcribed: true, StorageKey: { } key, TotalBytes: { } length })
        {
            return false;
        }

        if (!await StoredCopies.IsInStorageAsync(store, scheduler, callSid, recordingSid, key, length, cancellationToken))
        {
            // Gone (an earlier attempt deleted it and then lost its change, or storage lost it): downloaded again while
            // Twilio has it, and redacted after that; a lost only copy fails.
            var storedAt = recording.StoredAt;
            await unitOfWork.UpdateCallAsync(calls, callSid,
                locked => locked.RecoverLostRecordingFile(recordingSid, storedAt, time.GetUtcNow()), cancellationToken);
            LogNotInStorage(logger, recordingSid, callSid);
            return false;
        }

        var policy = call.BusinessId is { } businessId
            ? await businesses.FindRedactionPolicyAsync(businessId, cancellationToken) ?? RedactionPolicy.Off
            : RedactionPolicy.Off;
        var redactions = call.RedactionsOf(recordingSid);
        var windows = redactions.Select(r => new AudioWindow(r.StartSeconds, r.EndSeconds)).ToList();

        var redactedKey = RecordingStorageKey.RedactedOf(key);
        StoredRecording redacted;
        await using (var upload = await store.BeginUploadAsync(redactedKey, cancellationToken))
        {
            await using (var audio = await store.OpenReadAsync(key, length, cancellationToken))
            {
                await redactor.RedactAsync(audio, length, windows, policy.Audio, upload.Content, cancellationToken);
            }

            redacted = await upload.CommitAsync(cancellationToken);
        }

        EncryptedOriginal? original = null;
        if (policy.Original == OriginalAudio.Keep)
        {
            var originalKey = RecordingStorageKey.OriginalOf(key);
            await using var upload = await store.BeginUploadAsync(originalKey, cancellationToken);
            SealedOriginal sealedOriginal;
            await using (var audio = await store.OpenReadAsync(key, length, cancellationToken))
            {
                sealedOriginal = await vault.SealAsync(audio, upload.Content, recordingSid, cancellationToken);
            }

            await upload.CommitAsync(cancellationToken);
            original = new EncryptedOriginal(originalKey, sealedOriginal.Key.Encode(), sealedOriginal.PlaintextLength);
        }

        await store.DeleteAsync(key, cancellationToken);
        var replaced = await unitOfWork.UpdateCallAsync(calls, callSid, locked =>
            locked.RecordingFor(recordingSid)?.StorageKey == key
            && locked.CompleteRedaction(recordingSid, redactedKey, redacted.Length, redacted.Sha256, original, time.GetUtcNow()),
            cancellationToken);
        LogRedacted(logger, recordingSid, callSid, redactions.Count, policy.Audio, original is not null);
        if (replaced)
        {
            foreach (var entity in redactions.GroupBy(r => r.Entity))
            {
                RecordingsMetrics.Redacted(RedactedEntities.NameOf(entity.Key), entity.Count());
            }

            if (recording.CompletedAt is { } completedAt)
            {
                RecordingsMetrics.Playable(completedAt, time.GetUtcNow());
            }
        }

        return replaced;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Recording {RecordingSid} of call {CallSid} awaiting redaction is not in storage as it was stored (downloaded again, else failed as a lost only copy)")]
    private static partial void LogNotInStorage(ILogger logger, string recordingSid, string callSid);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Redacted recording {RecordingSid} of call {CallSid}: {Items} stretch(es) covered with {Audio}; original kept encrypted: {Kept}")]
    private static partial void LogRedacted(ILogger logger, string recordingSid, string callSid, int items, RedactionAudio audio, bool kept);
}

/// <summary>
/// The redaction job gave up after its last attempt: the recording is failed with a sentence an agent can act on; it is
/// never served unredacted. <c>prepare</c> downloads it again, and it is redacted again.
/// </summary>
public sealed record GiveUpRedactionCommand(string CallSid, string RecordingSid) : ICommand<bool>;

public sealed class GiveUpRedactionCommandHandler(ICallRepository calls, IUnitOfWork unitOfWork, TimeProvider time)
    : ICommandHandler<GiveUpRedactionCommand, bool>
{
    public const string Error =
        "This recording could not be redacted (the redaction failed several times); it is not played unredacted. Press Try again, and tell your administrator if it keeps failing.";

    public async ValueTask<bool> Handle(GiveUpRedactionCommand command, CancellationToken cancellationToken) =>
        await unitOfWork.UpdateCallAsync(calls, command.CallSid,
            call => call.FailRedaction(command.RecordingSid, Error, time.GetUtcNow()), cancellationToken);
}
