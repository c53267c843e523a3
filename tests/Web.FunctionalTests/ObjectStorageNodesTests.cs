using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Recordings.Demo;
using Recordings.Demo.Twilio;
using Recordings.Infrastructure.Notifications;
using Recordings.Testing;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>One node of a deployment on object storage: its own Quartz instance, the shared database and bucket.</summary>
public sealed class ObjectStorageNodeFactory(string instanceId, string bucket) : RecordingsApiFactory
{
    public string Bucket => bucket;

    /// <summary>Settings of this node beyond the bucket (set before InitializeAsync).</summary>
    public Dictionary<string, string> MoreSettings { get; } = [];

    protected override string QuartzInstanceId => instanceId;

    protected override void ConfigureTestServices(IWebHostBuilder builder)
    {
        builder.UseBucket(bucket);
        foreach (var (key, value) in MoreSettings)
        {
            builder.UseSetting(key, value);
        }
    }
}

/// <summary>Two app nodes on one PostgreSQL database and one bucket, as behind a load balancer.</summary>
public sealed class TwoObjectStorageNodes : IAsyncLifetime
{
    private static readonly string Bucket = TestObjectStore.UniqueBucket("recordings-nodes");

    public ObjectStorageNodeFactory A { get; } = new("object-storage-node-a", Bucket) { OwnsDatabase = false };

    public ObjectStorageNodeFactory B { get; } = new("object-storage-node-b", Bucket);

    public async Task InitializeAsync()
    {
        await A.InitializeAsync();
        B.TakeOver(A);
        await B.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }

    /// <summary>The same agent logged in on both nodes, with a call whose recording is at Twilio.</summary>
    public async Task<(RecordingScenario OnA, RecordingScenario OnB)> RecordingAtTwilioAsync(
        string name, string number, Action<SimulatedRecording> twilioScript)
    {
        var (_, onA) = await Seed.AgentOfNewBusinessAsync(A, name, number);
        var playOnA = await RecordingScenario.AtTwilioAsync(A, onA, number, twilioScript);
        var onB = B.CreateBrowser();
        using var login = await onB.PostAsJsonAsync("/api/auth/login",
            new { email = $"agent@{name.ToLowerInvariant()}.example", password = Seed.Password });
        login.EnsureSuccessStatusCode();
        return (playOnA, new RecordingScenario(B, onB, playOnA.CallSid, playOnA.RecordingSid));
    }
}

/// <summary>
/// Any node serves any recording: nothing but PostgreSQL and the bucket is shared (each node keeps its own local
/// folder, which the s3 provider does not use).
/// </summary>
public sealed class ObjectStorageNodesTests(TwoObjectStorageNodes nodes) : IClassFixture<TwoObjectStorageNodes>
{
    private static byte[] Audio(int seed, int length = 150_000)
    {
        var audio = new byte[length];
        new Random(seed).NextBytes(audio);
        return audio;
    }

    [Fact]
    public async Task ARecordingPreparedThroughOneNodePlaysByteExactWithRangesFromTheOther()
    {
        var audio = Audio(1);
        var (onA, onB) = await nodes.RecordingAtTwilioAsync("Northwind", "+15551230101", twilio => twilio.Serves(audio));

        (await onA.PrepareAsync(wait: 30)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var whole = await onB.GetFileAsync();
        whole.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await whole.Content.ReadAsByteArrayAsync()).ShouldBe(audio);
        using var range = await onB.GetFileAsync("bytes=100000-100999");
        range.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        (await range.Content.ReadAsByteArrayAsync()).ShouldBe(audio[100_000..101_000]);
        whole.Headers.ETag.ShouldBe((await onA.HeadAsync()).Headers.ETag, "both nodes describe the same object");
        onB.TwilioRequests.ShouldBe(1, "the second node downloads nothing again");
    }

    [Fact]
    public async Task EightyConcurrentPlaysSpreadOverBothNodesStartOneDownload()
    {
        var audio = Audio(2);
        ResponseGate gate = null!;
        var (onA, onB) = await nodes.RecordingAtTwilioAsync("Initech", "+15551230102",
            twilio => gate = twilio.ThenGated(audio, holdAfterBytes: 1000));

        // Even requests to node A, odd ones to node B; half of each are a player's HEAD, half a prepare.
        var plays = Enumerable.Range(0, 80).Select(i =>
        {
            var node = i % 2 == 0 ? onA : onB;
            return i % 4 < 2 ? node.HeadAsync() : node.PrepareAsync();
        });
        var responses = await Task.WhenAll(plays);

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Accepted);
        await gate.WaitUntilReachedAsync();
        gate.Release();
        (await onB.WaitUntilSettledAsync()).ShouldBe("ready");
        onA.TwilioRequests.ShouldBe(1);
        using var file = await onA.GetFileAsync();
        (await file.Content.ReadAsByteArrayAsync()).ShouldBe(audio);
    }

    [Fact]
    public async Task AWaitOnEitherNodeIsWokenWhenTheDownloadFinishesWhicheverNodeRanIt()
    {
        var audio = Audio(3);
        ResponseGate gate = null!;
        var (onA, onB) = await nodes.RecordingAtTwilioAsync("Umbrella", "+15551230103",
            twilio => gate = twilio.ThenGated(audio, holdAfterBytes: 1000));
        (await onA.PrepareAsync()).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await gate.WaitUntilReachedAsync();

        // Both hold a status request for up to 30 s; only the node that ran the job finishes it locally.
        var waitOnA = onA.StatusAsync(wait: 30);
        var waitOnB = onB.StatusAsync(wait: 30);
        (await onB.StatusAsync()).GetProperty("state").GetString().ShouldBe("downloading");
        waitOnA.IsCompleted.ShouldBeFalse();
        waitOnB.IsCompleted.ShouldBeFalse();
        gate.Release();

        // Woken by the notification, not by the end of the wait: both answer well inside their 30 s.
        var woken = TimeSpan.FromSeconds(15);
        (await waitOnA.WaitAsync(woken)).GetProperty("state").GetString().ShouldBe("ready");
        (await waitOnB.WaitAsync(woken)).GetProperty("state").GetString().ShouldBe("ready");
    }

    [Fact]
    public async Task AReadyRecordingIsRememberedByTheNodeThatServedItAndForgottenWhenAnotherNodeReleasesIt()
    {
        var audio = Audio(5);
        var (onA, onB) = await nodes.RecordingAtTwilioAsync("Hooli", "+15551230105", twilio => twilio.Serves(audio));
        (await onA.PrepareAsync(wait: 30)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using (var first = await onB.GetFileAsync("bytes=0-0"))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        }

        var rememberedOnB = nodes.B.Services.GetRequiredService<ReadyRecordingCache>();
        rememberedOnB.TryGet(onB.CallSid, out var remembered).ShouldBeTrue("a range read of a ready recording is served from memory next time");
        remembered.Length.ShouldBe(audio.Length);

        // Listen on node B before node A releases the file: the announcement that reaches B has made it forget.
        using var announcements = nodes.B.Services.GetRequiredService<RecordingStateWaiters>().Subscribe(onB.CallSid);
        using (var scope = nodes.A.Services.CreateScope())
        {
            (await ActivatorUtilities.CreateInstance<StoredRecordingRelease>(scope.ServiceProvider).ReleaseAsync(onA.CallSid, CancellationToken.None))
                .ShouldBe(ReleaseStoredRecordingResult.Released);
        }

        (await announcements.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None)).ShouldBeTrue();
        rememberedOnB.TryGet(onB.CallSid, out _).ShouldBeFalse();
        using (var afterRelease = await onB.GetFileAsync())
        {
            afterRelease.StatusCode.ShouldBe(HttpStatusCode.Accepted, "the file is gone: node B queues the download, never serves what it remembered");
        }

        (await onB.WaitUntilSettledAsync()).ShouldBe("ready");
        using var again = await onB.GetFileAsync();
        (await again.Content.ReadAsByteArrayAsync()).ShouldBe(audio);
        onB.TwilioRequests.ShouldBe(2);
    }
}

/// <summary>
/// A node killed (SIGKILL) in the middle of a download: another node runs the job again (Quartz clustered, the job
/// requests recovery), and a player only ever sees 202, then 200 with the exact bytes.
/// </summary>
public sealed class KilledNodeTests
{
    private const string Number = "+15551230104";

    [Fact]
    public async Task ADownloadOfAKilledNodeIsFinishedByTheSurvivorAndPlayersSee202Then200()
    {
        var audio = new byte[300_000];
        new Random(4).NextBytes(audio);
        // Check-ins every second: a dead node is noticed after about two (7.5 s and 15 s by default).
        const string checkin = "00:00:01";
        var survivor = new ObjectStorageNodeFactory("killed-node-tests-survivor", TestObjectStore.UniqueBucket("recordings-killed"));
        survivor.MoreSettings["Quartz:ClusterCheckinInterval"] = checkin;
        await survivor.InitializeAsync();
        try
        {
            await KillMidDownloadAsync(survivor, checkin, audio);
        }
        finally
        {
            await survivor.DisposeAsync();
        }
    }

    private static async Task KillMidDownloadAsync(ObjectStorageNodeFactory survivor, string checkin, byte[] audio)
    {
        var scheduler = await survivor.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        // The survivor fires nothing for now, so that the node about to be killed is the one that runs the download.
        await scheduler.Standby();

        var settings = survivor.AppSettings("killed-node-tests-victim");
        foreach (var (key, value) in ObjectStoreSettings.Bucket(survivor.Bucket))
        {
            settings[key] = value;
        }

        settings["Quartz:ClusterCheckinInterval"] = checkin;
        using var victim = await AppProcess.StartAsync(settings);
        var (_, onSurvivor) = await Seed.AgentOfNewBusinessAsync(survivor, "Cyberdyne", Number);
        ResponseGate gate = null!;
        var play = await RecordingScenario.AtTwilioAsync(survivor, onSurvivor, Number,
            twilio => gate = twilio.ThenGated(audio, holdAfterBytes: 100_000));
        play.AtTwilio.Serves(audio);
        using var onVictim = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new System.Net.CookieContainer() })
        {
            BaseAddress = victim.BaseAddress,
        };
        (await onVictim.PostAsJsonAsync("/api/auth/login", new { email = "agent@cyberdyne.example", password = Seed.Password })).EnsureSuccessStatusCode();

        using (var prepare = await onVictim.PostAsync($"/api/recordings/{play.CallSid}/prepare", null))
        {
            prepare.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        await gate.WaitUntilReachedAsync();
        await play.WaitForProgressAsync();
        victim.Kill();
        try
        {
            // The object is not in the bucket yet: the survivor answers 202, never a part of the file.
            using (var meanwhile = await play.GetFileAsync())
            {
                meanwhile.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            }

            await scheduler.Start();

            (await play.WaitUntilSettledAsync()).ShouldBe("ready", victim.Output);
            using var file = await play.GetFileAsync();
            file.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await file.Content.ReadAsByteArrayAsync()).ShouldBe(audio);
            play.TwilioRequests.ShouldBe(2, "the killed node's attempt, then the survivor's");
        }
        finally
        {
            gate.Release();
        }
    }
}
