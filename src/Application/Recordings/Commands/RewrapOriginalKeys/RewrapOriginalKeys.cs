using Mediator;
using Microsoft.Extensions.Logging;
using Recordings.Application.Common.Interfaces;

namespace Recordings.Application.Recordings.Commands.RewrapOriginalKeys;

/// <summary>
/// After a rotation of the master key (the new one in <c>Redaction:MasterKey</c>, the old one moved to
/// <c>Redaction:PreviousMasterKeys</c>): every kept original's data key is wrapped again by the new key, page by page
/// over the kept originals only (a partial index), each under its call's lock. The sealed originals are not touched.
/// Once it reports nothing left, the old key can be removed from <c>PreviousMasterKeys</c>. Safe to run again, and
/// beside itself on another node.
/// </summary>
public sealed record RewrapOriginalKeysCommand : ICommand<RewrapReport>
{
    public const int PageSize = 500;
}

/// <summary>How many kept originals were read, and how many of them were wrapped again.</summary>
public sealed record RewrapReport(int Read, int Rewrapped);

public sealed partial class RewrapOriginalKeysCommandHandler(
    ICallRepository calls, IUnitOfWork unitOfWork, IOriginalVault vault, TimeProvider time, ILogger<RewrapOriginalKeysCommandHandler> logger)
    : ICommandHandler<RewrapOriginalKeysCommand, RewrapReport>
{
    public async ValueTask<RewrapReport> Handle(RewrapOriginalKeysCommand command, CancellationToken cancellationToken)
    {
        var (read, rewrapped) = (0, 0);
        PendingDownload? after = null;
        while (true)
        {
            var page = await calls.ListKeptOriginalsAsync(after, RewrapOriginalKeysCommand.PageSize, cancellationToken);
            foreach (var (callSid, recordingSid, wrappedKey) in page)
            {
                read++;
                var key = WrappedDataKey.Decode(wrappedKey);
                if (!vault.NeedsRewrap(key))
                {
                    continue;
                }

                var now = vault.Rewrap(key, recordingSid).Encode();
                if (await unitOfWork.UpdateCallAsync(calls, callSid,
                        call => call.RewrapOriginal(recordingSid, wrappedKey, now, time.GetUtcNow()), cancellationToken))
                {
                    rewrapped++;
                }
            }

            if (page.Count < RewrapOriginalKeysCommand.PageSize)
            {
                break;
            }

            after = new PendingDownload(page[^1].CallSid, page[^1].RecordingSid);
        }

        LogRewrapped(logger, read, rewrapped);
        return new RewrapReport(read, rewrapped);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Master key rotation: read {Read} kept original(s), wrapped {Rewrapped} key(s) again with the current master key")]
    private static partial void LogRewrapped(ILogger logger, int read, int rewrapped);
}
