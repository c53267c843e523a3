using Mediator;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Common;

namespace Recordings.Application.Recordings.Commands.HealPendingDownloads;

/// <summary>
/// The small periodic sweep that gives every pending (queued or downloading) recording its download job again when the
/// job is gone: a node stopped between the commit and scheduling it, a job that gave up its retries while the recording
/// was downloading, or a download queued again in the instant its previous job was finishing (Quartz found the job,
/// scheduled nothing, then deleted it). So the read endpoints need not repair anything: a status poll only reads.
/// </summary>
/// <remarks>
/// It reads the pending recordings only (an index on the recording's state), a handful at any moment, never every row;
/// scheduling is a no-op for a job that exists, on any node.
/// </remarks>
public sealed record HealPendingDownloadsCommand : ICommand<int>;

public sealed class HealPendingDownloadsCommandHandler(ICallRepository calls, IRecordingJobScheduler scheduler)
    : ICommandHandler<HealPendingDownloadsCommand, int>
{
    public async ValueTask<int> Handle(HealPendingDownloadsCommand command, CancellationToken cancellationToken)
    {
        var pending = await calls.ListPendingDownloadsAsync(cancellationToken);
        var ensured = 0;
        foreach (var (callSid, recordingSid) in pending)
        {
            if (Sid.IsCallSid(callSid) && Sid.IsRecordingSid(recordingSid))
            {
                await scheduler.EnsureDownloadScheduledAsync(callSid, recordingSid, cancellationToken);
                ensured++;
            }
        }

        return ensured;
    }
}
