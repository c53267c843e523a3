using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Calls;
using Recordings.Infrastructure.Data;
using Recordings.Testing;

namespace Recordings.Infrastructure.IntegrationTests.Data;

public sealed class CallRepositoryTests : IAsyncLifetime
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    private ServiceProvider _node = null!;
    private string _connectionString = string.Empty;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync(TestDatabase.UniqueName("recordings_calls"));
        _node = DatabaseMigratorTests.Node(_connectionString);
        await DatabaseMigrator.MigrateAsync(_node);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await TestDatabase.DropAsync(_connectionString);
    }

    [Fact]
    public async Task ConcurrentCreatorsOfOneCallShareOneRowAndEveryChangeLands()
    {
        var callSid = "CA" + Guid.NewGuid().ToString("N");

        // Ten "callbacks" at once, each creating the call if needed and applying its own change under the row lock.
        await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            await using var scope = _node.CreateAsyncScope();
            var calls = scope.ServiceProvider.GetRequiredService<ICallRepository>();
            var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
            await unitOfWork.InTransactionAsync(async ct =>
            {
                var call = await calls.GetOrCreateForUpdateAsync(callSid, AccountSid, _time.GetUtcNow(), ct);
                var status = i == 9 ? CallStatus.Completed : CallStatus.Ringing;
                call.ApplyStatus(new CallStatusReport("+15550000001", "+15551230001", CallDirection.Inbound, status, i == 9 ? 42 : null, null), null, _time.GetUtcNow());
                await unitOfWork.SaveChangesAsync(ct);
                return true;
            }, CancellationToken.None);
        }));

        await using var check = _node.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        var stored = await db.Calls.AsNoTracking().SingleAsync();
        stored.CallSid.ShouldBe(callSid);
        stored.Status.ShouldBe(CallStatus.Completed);
        stored.DurationSeconds.ShouldBe(42);
    }

    [Fact]
    public async Task LockingOutsideATransactionIsRefused()
    {
        await using var scope = _node.CreateAsyncScope();
        var calls = scope.ServiceProvider.GetRequiredService<ICallRepository>();

        await Should.ThrowAsync<InvalidOperationException>(() =>
            calls.GetOrCreateForUpdateAsync("CA" + Guid.NewGuid().ToString("N"), AccountSid, _time.GetUtcNow(), CancellationToken.None));
    }

    [Fact]
    public async Task TheCallStaysLockedUntilTheTransactionEnds()
    {
        var callSid = "CA" + Guid.NewGuid().ToString("N");
        await using var scope = _node.CreateAsyncScope();
        var calls = scope.ServiceProvider.GetRequiredService<ICallRepository>();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();

        await unitOfWork.InTransactionAsync(async ct =>
        {
            await calls.GetOrCreateForUpdateAsync(callSid, AccountSid, _time.GetUtcNow(), ct);

            // While this transaction holds the row, another connection cannot lock it.
            (await TryLockElsewhereAsync(callSid)).ShouldBeFalse();
            return true;
        }, CancellationToken.None);

        (await TryLockElsewhereAsync(callSid)).ShouldBeTrue();
    }

    [Fact]
    public async Task TheUnmeasuredRecordingsAreTheReadyOnesWithoutMeasuresOrPeaksOldestFirst()
    {
        var (older, newer) = ("CA" + Guid.NewGuid().ToString("N"), "CA" + Guid.NewGuid().ToString("N"));
        var (measured, undecodable, remote) = ("CA" + Guid.NewGuid().ToString("N"), "CA" + Guid.NewGuid().ToString("N"), "CA" + Guid.NewGuid().ToString("N"));
        await StoreCallAsync(newer, storedAt: _time.GetUtcNow().AddMinutes(2));
        await StoreCallAsync(older, storedAt: _time.GetUtcNow().AddMinutes(1));
        await StoreCallAsync(measured, storedAt: _time.GetUtcNow(), analyze: call =>
            call.RecordInsight(RecordingSidOf(measured), new RecordingMetrics(1, 1, 2, 0, 0, 1, 0), [], 2.5, _time.GetUtcNow()));
        await StoreCallAsync(undecodable, storedAt: _time.GetUtcNow());
        await StoreCallAsync(remote, storedAt: null);
        await using (var scope = _node.CreateAsyncScope())
        {
            // An undecodable recording is kept with empty peaks and no measures: tried, not to be tried again.
            await scope.ServiceProvider.GetRequiredService<IRecordingPeaksStore>().SaveAsync(undecodable, RecordingSidOf(undecodable), 0, [], CancellationToken.None);
        }

        await using var check = _node.CreateAsyncScope();
        var calls = check.ServiceProvider.GetRequiredService<ICallRepository>();

        (await calls.ListUnmeasuredRecordingsAsync(10, CancellationToken.None)).ShouldBe(
            [new PendingDownload(older, RecordingSidOf(older)), new PendingDownload(newer, RecordingSidOf(newer))]);
        (await calls.ListUnmeasuredRecordingsAsync(1, CancellationToken.None)).ShouldBe([new PendingDownload(older, RecordingSidOf(older))]);
    }

    [Fact]
    public async Task TheCallsWithProcessingDueAreTheQueuedOnesThatCanRunLeastRecentlyChangedFirst()
    {
        var (older, newer, remote, notQueued, summary) = (NewCallSid(), NewCallSid(), NewCallSid(), NewCallSid(), NewCallSid());
        await StoreCallAsync(older, storedAt: _time.GetUtcNow(), analyze: call => call.RequestTranscript(true, _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromSeconds(1));
        await StoreCallAsync(newer, storedAt: _time.GetUtcNow(), analyze: call => call.RequestTranscript(true, _time.GetUtcNow()));
        await StoreCallAsync(remote, storedAt: null);
        await StoreCallAsync(notQueued, storedAt: _time.GetUtcNow());
        await StoreCallAsync(summary, storedAt: _time.GetUtcNow());
        await using (var connection = new NpgsqlConnection(_connectionString))
        {
            await connection.OpenAsync();
            await using var queue = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("UPDATE calls SET transcript_state = 'Queued' WHERE call_sid = $1") { Parameters = { new() { Value = remote } } },
                    new NpgsqlBatchCommand("UPDATE calls SET transcript_state = 'Done', summary_state = 'Queued' WHERE call_sid = $1") { Parameters = { new() { Value = summary } } },
                },
            };
            await queue.ExecuteNonQueryAsync();
        }

        await using var check = _node.CreateAsyncScope();
        var calls = check.ServiceProvider.GetRequiredService<ICallRepository>();

        // A transcript queued for a recording still at Twilio waits for its download, which queues its job.
        (await calls.ListCallsWithProcessingDueAsync(ProcessingStep.Transcript, 10, CancellationToken.None)).ShouldBe([older, newer]);
        (await calls.ListCallsWithProcessingDueAsync(ProcessingStep.Transcript, 1, CancellationToken.None)).ShouldBe([older]);
        (await calls.ListCallsWithProcessingDueAsync(ProcessingStep.Summary, 10, CancellationToken.None)).ShouldBe([summary]);
    }

    [Fact]
    public async Task TheFailedDownloadsToRetryAreThoseQueuedBeforeTheCutOffThatTwilioHasAndThatWereNotRetriedTooOften()
    {
        var (early, late, spent, ready) = (NewCallSid(), NewCallSid(), NewCallSid(), NewCallSid());
        var now = _time.GetUtcNow();
        await StoreCallAsync(early, storedAt: null, fail: now.AddMinutes(-20));
        await StoreCallAsync(late, storedAt: null, fail: now.AddMinutes(-1));
        await StoreCallAsync(spent, storedAt: null, fail: now.AddMinutes(-30), retries: Recording.MaxAutomaticRetries);
        await StoreCallAsync(ready, storedAt: now.AddMinutes(-40));

        await using var check = _node.CreateAsyncScope();
        var calls = check.ServiceProvider.GetRequiredService<ICallRepository>();

        (await calls.ListFailedDownloadsToRetryAsync(now.AddMinutes(-5), 10, CancellationToken.None))
            .ShouldBe([new PendingDownload(early, RecordingSidOf(early))]);
    }

    private static string NewCallSid() => "CA" + Guid.NewGuid().ToString("N");

    private static string RecordingSidOf(string callSid) => "RE" + callSid[2..];

    /// <summary>A call with one recording, stored (downloaded) at <paramref name="storedAt"/>, or still at Twilio when null.</summary>
    /// <param name="fail">When set (and <paramref name="storedAt"/> is null): its download, queued then, failed; after <paramref name="retries"/> automatic retries.</param>
    private async Task StoreCallAsync(string callSid, DateTimeOffset? storedAt, Func<CallLog, bool>? analyze = null, DateTimeOffset? fail = null, int retries = 0)
    {
        await using var scope = _node.CreateAsyncScope();
        var calls = scope.ServiceProvider.GetRequiredService<ICallRepository>();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        var recordingSid = RecordingSidOf(callSid);
        await unitOfWork.InTransactionAsync(async ct =>
        {
            var call = await calls.GetOrCreateForUpdateAsync(callSid, AccountSid, _time.GetUtcNow(), ct);
            call.AttachRecording(recordingSid, $"https://api.twilio.com/2010-04-01/Accounts/{AccountSid}/Recordings/{recordingSid}", 3, 1, _time.GetUtcNow());
            if (storedAt is { } at)
            {
                call.RequestRecordingDownload(recordingSid, at);
                call.StartRecordingDownload(recordingSid, at);
                call.CompleteRecordingDownload(recordingSid, 100, "ab", at);
                analyze?.Invoke(call);
            }
            else if (fail is { } failedAt)
            {
                call.RequestRecordingDownload(recordingSid, failedAt);
                call.StartRecordingDownload(recordingSid, failedAt);
                call.FailRecordingDownload(recordingSid, "Twilio answered 503 six times.", failedAt);
                for (var retry = 0; retry < retries; retry++)
                {
                    call.RetryFailedDownload(recordingSid, failedAt);
                    call.StartRecordingDownload(recordingSid, failedAt);
                    call.FailRecordingDownload(recordingSid, "Twilio answered 503 six times.", failedAt);
                }
            }

            call.TakeDomainEvents(); // nothing to schedule here
            await unitOfWork.SaveChangesAsync(ct);
            return true;
        }, CancellationToken.None);
    }

    private async Task<bool> TryLockElsewhereAsync(string callSid)
    {
        await using var other = new NpgsqlConnection(_connectionString);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await using var tryLock = new NpgsqlCommand("SELECT call_sid FROM calls WHERE call_sid = @sid FOR UPDATE NOWAIT", other, transaction);
        tryLock.Parameters.AddWithValue("sid", callSid);
        try
        {
            return await tryLock.ExecuteScalarAsync() is string;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return false;
        }
    }
}
