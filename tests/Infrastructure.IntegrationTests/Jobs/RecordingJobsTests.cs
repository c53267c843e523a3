using System.Threading.Channels;
using Recordings.Application.Recordings.Commands.DownloadRecording;
using Recordings.Application.Recordings.Commands.TranscribeRecording;
using Recordings.Infrastructure.Data;
using Recordings.Infrastructure.IntegrationTests.Data;
using Recordings.Infrastructure.Jobs;
using Recordings.Testing;

namespace Recordings.Infrastructure.IntegrationTests.Jobs;

/// <summary>Quartz on a real PostgreSQL database of its own per test: schema, scheduling, clustering, recovery.</summary>
public sealed class RecordingJobsTests : IAsyncLifetime
{
    private const string QuartzTables = "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'qrtz\\_%'";
    private const string DownloadJobs = "SELECT count(*) FROM qrtz_job_details WHERE job_group = 'recordings' AND job_name = 'download-' || @sid || '-RE' || substr(@sid, 3)";

    private readonly List<JobsTestNode> _nodes = [];
    private readonly DownloadLog _log = new();
    private string _connectionString = string.Empty;
    private string _storagePath = string.Empty;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync(TestDatabase.UniqueName("recordings_jobs"));
        _storagePath = Directory.CreateTempSubdirectory("recordings-jobs-").FullName;
        await using var migrator = DatabaseMigratorTests.Node(_connectionString);
        await DatabaseMigrator.MigrateAsync(migrator);
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await TestDatabase.DropAsync(_connectionString);
        Directory.Delete(_storagePath, recursive: true);
    }

    [Fact]
    public async Task ProvisionsItsSchemaOnAFreshDatabaseAndRunsAScheduledDownload()
    {
        (await CallRows.CountAsync(_connectionString, QuartzTables)).ShouldBe(0);
        var node = Node("a", Completes);
        await node.StartAsync();
        (await CallRows.CountAsync(_connectionString, QuartzTables)).ShouldBeGreaterThan(5);

        var callSid = CallRows.NewCallSid();
        await node.Jobs.EnsureDownloadScheduledAsync(callSid, CallRows.RecordingSidOf(callSid), CancellationToken.None);

        (await _log.NextAsync()).ShouldBe(("a", callSid));
        await node.WhenJobGoneAsync(callSid);
        _log.All.Count.ShouldBe(1);
    }

    [Fact]
    public async Task RefusesWhatIsNotACallSid()
    {
        var node = Node("a", Completes);
        await node.StartAsync();

        const string RecordingSid = "RE0123456789abcdef0123456789abcdef";
        await Should.ThrowAsync<ArgumentException>(() => node.Jobs.EnsureDownloadScheduledAsync(RecordingSid, RecordingSid, CancellationToken.None));
        await Should.ThrowAsync<ArgumentException>(() => node.Jobs.EnsureDownloadScheduledAsync("CA../../etc/passwd", RecordingSid, CancellationToken.None));
        await Should.ThrowAsync<ArgumentException>(() =>
            node.Jobs.EnsureDownloadScheduledAsync("CA0123456789abcdef0123456789abcdef", "RE-1', 'x", CancellationToken.None));
    }

    [Fact]
    public async Task FiftyConcurrentRequestsCreateOneJobThatRunsOnce()
    {
        var release = new TaskCompletionSource<DownloadRecordingResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var node = Node("a", (_, _) => release.Task);
        await node.StartAsync();
        var callSid = CallRows.NewCallSid();

        // The job stays running (blocked in the command) until every request has returned, so no request can see it
        // finished and legitimately schedule a second one.
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            Task.Run(() => node.Jobs.EnsureDownloadScheduledAsync(callSid, CallRows.RecordingSidOf(callSid), CancellationToken.None))));
        (await _log.NextAsync()).ShouldBe(("a", callSid));
        (await CallRows.CountAsync(_connectionString, DownloadJobs, callSid)).ShouldBe(1);

        release.SetResult(DownloadRecordingResult.Ready);
        await node.WhenJobGoneAsync(callSid);
        _log.All.Count.ShouldBe(1);
        (await CallRows.CountAsync(_connectionString, "SELECT count(*) FROM qrtz_triggers WHERE job_group = 'recordings'")).ShouldBe(0);
    }

    [Fact]
    public async Task TwoNodesStartingAtOnceOnAFreshDatabaseBothComeUpAndRunAJobOnce()
    {
        var release = new TaskCompletionSource<DownloadRecordingResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var a = Node("a", (_, _) => release.Task, instanceId: "node-a");
        var b = Node("b", (_, _) => release.Task, instanceId: "node-b");

        await Task.WhenAll(Task.Run(a.StartAsync), Task.Run(b.StartAsync));

        // Both checked in to the cluster (each does so on its own schedule once started).
        await JobsTestNode.UntilAsync(
            async () => await CallRows.CountAsync(_connectionString, "SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = 'recordings'") == 2,
            "both nodes checked in");
        var callSid = CallRows.NewCallSid();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => (i % 2 == 0 ? a : b).Jobs.EnsureDownloadScheduledAsync(callSid, CallRows.RecordingSidOf(callSid), CancellationToken.None))));
        var (runner, sid) = await _log.NextAsync();
        sid.ShouldBe(callSid);

        release.SetResult(DownloadRecordingResult.Ready);
        await (runner == "a" ? a : b).WhenJobGoneAsync(callSid);
        _log.All.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ANodeThatCrashedMidDownloadRunsItAgainWhenItComesBackWithItsId()
    {
        // The crashed node's download hangs, deaf to cancellation, as if its process had frozen.
        var hung = new TaskCompletionSource<DownloadRecordingResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var before = Node("before", (_, _) => hung.Task, instanceId: "node-1");
        await before.StartAsync();
        var callSid = CallRows.NewCallSid();
        await before.Jobs.EnsureDownloadScheduledAsync(callSid, CallRows.RecordingSidOf(callSid), CancellationToken.None);
        (await _log.NextAsync()).ShouldBe(("before", callSid));

        await before.CrashAsync();
        var after = Node("after", Completes, instanceId: "node-1");
        var restarted = System.Diagnostics.Stopwatch.StartNew();
        await after.StartAsync();

        // Recovered at the restarted node's first check-in, without waiting out the cluster's check-in timeout
        // (interval plus threshold: a node with a new id takes over 20 s here).
        (await _log.NextAsync()).ShouldBe(("after", callSid));
        restarted.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        await after.WhenJobGoneAsync(callSid);
        hung.SetResult(DownloadRecordingResult.NothingToDo);
    }

    [Fact]
    public async Task ADownloadInterruptedByAGracefulShutdownRunsAgainAfterTheRestart()
    {
        var before = Node("before", async (_, ct) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return DownloadRecordingResult.Ready;
        });
        await before.StartAsync();
        var callSid = CallRows.NewCallSid();
        await before.Jobs.EnsureDownloadScheduledAsync(callSid, CallRows.RecordingSidOf(callSid), CancellationToken.None);
        (await _log.NextAsync()).ShouldBe(("before", callSid));

        await before.StopAsync().WaitAsync(JobsTestNode.Patience);
        (await CallRows.CountAsync(_connectionString, DownloadJobs, callSid)).ShouldBe(1, "the interrupted job is handed back, not dropped");

        // A fresh instance id: the handed-back firing is an ordinary trigger that any node runs.
        var after = Node("after", Completes);
        await after.StartAsync();
        (await _log.NextAsync()).ShouldBe(("after", callSid));
        await after.WhenJobGoneAsync(callSid);
    }

    [Fact]
    public async Task ADownloadRunsAtOnceWhileTranscriptionsHoldEveryOtherThread()
    {
        // Two threads: the transcriptions may use one, the other is the downloads'. Without the limit the second
        // transcription (queued before the download) would take it, and the download would wait for one to end.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = Channel.CreateUnbounded<string>();
        var node = Node("a", Completes, settings: new Dictionary<string, string?> { ["Quartz:MaxConcurrency"] = "2" },
            others: async (command, cancellationToken) =>
            {
                var transcription = command.ShouldBeOfType<TranscribeRecordingCommand>();
                started.Writer.TryWrite(transcription.CallSid);
                await release.Task.WaitAsync(cancellationToken);
            });
        await node.StartAsync();
        var (first, second, download) = (CallRows.NewCallSid(), CallRows.NewCallSid(), CallRows.NewCallSid());

        await node.Jobs.EnsureTranscriptionScheduledAsync(first, CancellationToken.None);
        (await started.Reader.ReadAsync().AsTask().WaitAsync(JobsTestNode.Patience)).ShouldBe(first);
        await node.Jobs.EnsureTranscriptionScheduledAsync(second, CancellationToken.None);
        await node.Jobs.EnsureDownloadScheduledAsync(download, CallRows.RecordingSidOf(download), CancellationToken.None);

        (await _log.NextAsync()).ShouldBe(("a", download));
        started.Reader.TryRead(out _).ShouldBeFalse("the second transcription waits for the first: one processing thread");
        release.SetResult();
        (await started.Reader.ReadAsync().AsTask().WaitAsync(JobsTestNode.Patience)).ShouldBe(second);
    }

    [Fact]
    public async Task AFailedDownloadRunsAgainAfterABackoff()
    {
        var runs = 0;
        var node = Node("a", (_, _) => Interlocked.Increment(ref runs) == 1
            ? Task.FromException<DownloadRecordingResult>(new InvalidOperationException("database unavailable"))
            : Task.FromResult(DownloadRecordingResult.Ready),
            settings: new Dictionary<string, string?> { ["Quartz:DownloadRetryDelay"] = "00:00:00.200" });
        await node.StartAsync();
        var callSid = CallRows.NewCallSid();

        await node.Jobs.EnsureDownloadScheduledAsync(callSid, CallRows.RecordingSidOf(callSid), CancellationToken.None);

        (await _log.NextAsync()).ShouldBe(("a", callSid));
        (await _log.NextAsync()).ShouldBe(("a", callSid));
        await node.WhenJobGoneAsync(callSid);
        _log.All.Count.ShouldBe(2);
    }

    [Fact]
    public async Task AFailingDownloadGivesUpAfterItsAttempts()
    {
        var node = Node("a", (_, _) => Task.FromException<DownloadRecordingResult>(new InvalidOperationException("database unavailable")),
            settings: new Dictionary<string, string?>
            {
                ["Quartz:DownloadRetryDelay"] = "00:00:00.100",
                ["Quartz:DownloadMaxAttempts"] = "3",
            });
        await node.StartAsync();
        var callSid = CallRows.NewCallSid();

        await node.Jobs.EnsureDownloadScheduledAsync(callSid, CallRows.RecordingSidOf(callSid), CancellationToken.None);

        await node.WhenJobGoneAsync(callSid);
        _log.All.Count.ShouldBe(3);
    }

    [Fact]
    public async Task StartUpRequeuesPendingDownloadsThatHaveNoJob()
    {
        var queued = CallRows.NewCallSid();
        var downloading = CallRows.NewCallSid();
        var ready = CallRows.NewCallSid();
        await CallRows.InsertAsync(_connectionString, queued, "Queued", DateTimeOffset.UtcNow);
        await CallRows.InsertAsync(_connectionString, downloading, "Downloading", DateTimeOffset.UtcNow);
        await CallRows.InsertAsync(_connectionString, ready, "Ready", DateTimeOffset.UtcNow);
        var leftover = Path.Combine(_storagePath, ".tmp");
        Directory.CreateDirectory(leftover);

        var node = Node("a", Completes);
        await node.StartAsync();

        var report = await node.Recovery.Completed.WaitAsync(JobsTestNode.Patience);
        report.DownloadsRequeued.ShouldBe(2);
        report.DownloadsAlreadyScheduled.ShouldBe(0);
        var sent = new[] { await _log.NextAsync(), await _log.NextAsync() };
        sent.Select(s => s.CallSid).ShouldBe([queued, downloading], ignoreOrder: true);
    }

    private static Task<DownloadRecordingResult> Completes(DownloadRecordingCommand command, CancellationToken cancellationToken) =>
        Task.FromResult(DownloadRecordingResult.Ready);

    private JobsTestNode Node(
        string name,
        DownloadBehaviour behaviour,
        string instanceId = RecordingJobsOptions.AutoInstanceId,
        IDictionary<string, string?>? settings = null,
        OtherJobBehaviour? others = null)
    {
        var node = JobsTestNode.Create(name, _connectionString, _storagePath, _log, behaviour, instanceId, settings, others);
        _nodes.Add(node);
        return node;
    }
}
