using FluentValidation;
using Mediator;
using Recordings.Application.Common.Access;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Validation;
using Recordings.Domain.Calls;

namespace Recordings.Application.Recordings.Commands.ServeRecordingFile;

/// <summary>
/// What <c>GET|HEAD /api/recordings/file/{callSid}</c> answers: the stored file, or that it is on its way (queuing the
/// download of a recording still at Twilio, or of one whose stored file is gone), or that it failed. A call without a
/// recording is not found.
/// </summary>
/// <param name="RecordingSid">Which of the call's recordings (<c>?recordingSid=</c>); null: the first.</param>
/// <param name="Download">Asked for as a download (<c>?download=1</c>): saved, not played.</param>
/// <param name="HeadersOnly">A HEAD: the answer is the file's headers, and nothing reads the file.</param>
/// <param name="FromMemory">
/// Whether this node's memory of ready recordings may answer. False when the file it remembered was found gone at the
/// first read (an object store finds that only then): the database answers, and queues the recording again.
/// </param>
public sealed record ServeRecordingFileCommand(
    string CallSid, TimeSpan Wait, string? RecordingSid = null, bool Download = false, bool HeadersOnly = false, bool FromMemory = true)
    : ICommand<RecordingAnswer>, IValidationErrorCode
{
    public static string ValidationErrorCode => "invalid_sid";
}

/// <remarks>
/// Cache-aside: a ready recording this node remembers (<see cref="IReadyRecordingCache"/>, ADR-009) is answered from
/// memory, so a player's many range reads cost the tenant check and nothing else: no database, no look-up in storage
/// (but for a HEAD and with <c>accel</c>, see <see cref="RememberedAsync"/>). Otherwise the database answers, and a
/// ready recording it serves is remembered for the next read.
/// </remarks>
/// <remarks>
/// The database side (<see cref="RecordingPreparation"/>, and with it a DbContext) is built only on a miss: a player's
/// range reads answered from memory pay for none of it.
/// </remarks>
public sealed class ServeRecordingFileCommandHandler(
    Lazy<RecordingPreparation> database, IRecordingStore store, IRecordingDelivery delivery, IReadyRecordingCache cache, ICurrentViewer currentViewer)
    : ICommandHandler<ServeRecordingFileCommand, RecordingAnswer>
{
    public async ValueTask<RecordingAnswer> Handle(ServeRecordingFileCommand command, CancellationToken cancellationToken)
    {
        if (command.FromMemory && await RememberedAsync(command, cancellationToken) is { } remembered)
        {
            return RecordingAnswer.Ready(null, command.Wait > TimeSpan.Zero, remembered);
        }

        var preparation = database.Value;
        var version = cache.Version;
        using var lookup = await preparation.FindAsync(command.CallSid, command.RecordingSid, command.Wait, cancellationToken)
            ?? throw RecordingAnswer.NotFound();
        var (call, decision, stored) = await preparation.DecideAsync(lookup, RecordingRequest.File, cancellationToken);
        var status = preparation.ToStatus(lookup, call);
        if (decision is { Verdict: RecordingVerdict.Ready, Recording: { StorageKey: { } key, ContentSha256: { } sha256, RecordingSid: { } recordingSid } recording }
            && stored is not null && call.BusinessId is { } businessId)
        {
            var ready = new ReadyRecording(businessId, key, stored.Length, sha256, recording.StoredAt ?? stored.LastWriteTime, recordingSid);
            // Remembered under the key the request used: a request for the first recording names no recording SID.
            cache.Add(ReadyRecordingKey.For(call.CallSid, command.RecordingSid), ready, version);
            return RecordingAnswer.Ready(status, lookup.WaitApplied, await RecordingFile.OfAsync(ready, store, delivery, call.CallSid, command.Download, cancellationToken));
        }

        return RecordingAnswer.For(decision, status, lookup.WaitApplied);
    }

    /// <summary>
    /// The file of a ready recording this node remembers, or null when it remembers none (or one whose file is gone,
    /// where that can be seen without reading it). A ready recording's file never changes.
    /// </summary>
    private async Task<RecordingFile?> RememberedAsync(ServeRecordingFileCommand command, CancellationToken cancellationToken)
    {
        // The node remembers where a file is, not who took the call: only a viewer who sees the whole business is
        // answered from memory; anyone else is answered by the database, which knows the call's agents and line.
        var viewer = await currentViewer.GetAsync(cancellationToken);
        if (!viewer.Scope.WholeBusiness || !cache.TryGet(ReadyRecordingKey.For(command.CallSid, command.RecordingSid), out var remembered))
        {
            return null;
        }

        if (!viewer.Scope.Includes(remembered.BusinessId, [], null))
        {
            // Another business's recording is not found, as when it is read from the database.
            throw RecordingAnswer.NotFound();
        }

        // A file removed behind the app's back shows when it is read, and is then left to the database path, which
        // queues it again. When nothing here reads it, it is looked up first (a stat, or a HEAD of the object): for a
        // HEAD (an object store opens without looking), and with accel (nginx would answer 404, which a player takes
        // as final).
        var file = await RecordingFile.OfAsync(remembered, store, delivery, command.CallSid, command.Download, cancellationToken);
        return (file.InternalRedirect is null && !command.HeadersOnly) || await store.FindAsync(remembered.StorageKey, cancellationToken) is not null
            ? file
            : null;
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
