using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Recordings.Infrastructure.Identity;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>A second node of the same deployment (same database, its own Quartz instance).</summary>
public sealed class SecondNodeFactory : RecordingsApiFactory
{
    protected override string QuartzInstanceId => "functional-tests-node-2";
}

/// <summary>A node whose look-ups in storage can be held at a miss (<see cref="StoreMissGate"/>).</summary>
public sealed class StoreGatedNodeFactory(string instanceId) : RecordingsApiFactory
{
    public StoreMissGate Gate => Services.GetRequiredService<StoreMissGate>();

    protected override string QuartzInstanceId => instanceId;

    protected override void ConfigureTestServices(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.GateStoreMisses());
}

/// <summary>
/// Several nodes behind a load balancer: whatever node an agent lands on, the session holds, and a recording is
/// downloaded once however the requests for it are spread.
/// </summary>
public sealed class TwoNodesTests
{
    /// <summary>How many times <see cref="AReadyRecordingWhoseFileWasDeletedIsDownloadedOnceEvenByPlaysThatFoundItMissingBeforeItWasStoredAgain"/> loses the file.</summary>
    public const int Rounds = 20;

    [Fact]
    public async Task ASessionStartedOnOneNodeWorksOnAnother()
    {
        var first = new RecordingsApiFactory { OwnsDatabase = false };
        await first.InitializeAsync();
        var second = new SecondNodeFactory();
        second.TakeOver(first);
        await second.InitializeAsync();
        try
        {
            await Seed.CreateAgentAsync(first, (await Seed.CreateBusinessAsync(first, "Acme", "+15551230001")).Id, "agent@acme.example");
            using var onFirst = first.CreateBrowser();
            using var login = await onFirst.PostAsJsonAsync("/api/auth/login", new { email = "agent@acme.example", password = Seed.Password });
            login.EnsureSuccessStatusCode();
            var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(DependencyInjection.SessionCookieName, StringComparison.Ordinal));

            using var onSecond = second.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
            {
                BaseAddress = second.BaseAddress,
                HandleCookies = false,
            });
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
            request.Headers.Add("Cookie", cookie.Split(';')[0]);
            using var me = await onSecond.SendAsync(request);

            me.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await first.QueryAsync<long>("SELECT count(*) FROM data_protection_keys")).ShouldBe(1);

            // The second node now remembers the session; a logout through the first makes it forget it at once.
            var sessionKey = (await first.QueryAsync<Guid>("SELECT id FROM agent_sessions")).ToString("N");
            var remembered = second.Services.GetRequiredService<AgentSessionCache>();
            remembered.TryGet(sessionKey, out _).ShouldBeTrue("an authenticated request reads the session row once");
            using (var logout = await onFirst.PostAsync("/api/auth/logout", null))
            {
                logout.IsSuccessStatusCode.ShouldBeTrue();
            }

            await Eventually.TrueAsync(() => Task.FromResult(!remembered.TryGet(sessionKey, out _)), "the second node to hear that the session ended");
            using var afterLogout = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
            afterLogout.Headers.Add("Cookie", cookie.Split(';')[0]);
            (await onSecond.SendAsync(afterLogout)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        finally
        {
            await second.DisposeAsync();
            await first.DisposeAsync();
        }
    }

    /// <summary>
    /// Issue 21: sixty plays over two nodes of a ready recording whose file was deleted behind the app's back asked
    /// Twilio twice in 1 of 7 trials. A request that had found the file missing took the call's lock only after another
    /// had queued the download and the download had stored and verified the file again; it then marked that new file
    /// lost and queued a second download. Here, in every round, a GET, a HEAD and a prepare on each node are held at the
    /// instant they find the file missing, until the download the others queued is done.
    /// </summary>
    [Fact]
    public async Task AReadyRecordingWhoseFileWasDeletedIsDownloadedOnceEvenByPlaysThatFoundItMissingBeforeItWasStoredAgain()
    {
        var a = new StoreGatedNodeFactory("two-nodes-gated-a") { OwnsDatabase = false };
        await a.InitializeAsync();
        var b = new StoreGatedNodeFactory("two-nodes-gated-b");
        b.TakeOver(a);
        await b.InitializeAsync();
        try
        {
            await DeleteAndPlayAsync(a, b);
        }
        finally
        {
            await b.DisposeAsync();
            await a.DisposeAsync();
        }
    }

    private static async Task DeleteAndPlayAsync(StoreGatedNodeFactory a, StoreGatedNodeFactory b)
    {
        const string number = "+15551230201";
        var audio = new byte[48_000];
        new Random(21).NextBytes(audio);
        var (_, browserOnA) = await Seed.AgentOfNewBusinessAsync(a, "Acme", number);
        var onA = await RecordingScenario.AtTwilioAsync(a, browserOnA, number, twilio => twilio.Serves(audio));
        var browserOnB = b.CreateBrowser();
        (await browserOnB.PostAsJsonAsync("/api/auth/login", new { email = "agent@acme.example", password = Seed.Password })).EnsureSuccessStatusCode();
        var onB = new RecordingScenario(b, browserOnB, onA.CallSid, onA.RecordingSid);
        (await onA.PrepareAsync(wait: 30)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var key = await a.QueryAsync<string>($"SELECT storage_key FROM call_recordings WHERE call_sid = '{onA.CallSid}'");

        for (var round = 1; round <= Rounds; round++)
        {
            // Each round starts when the call's jobs (the download, the first measuring of the audio) are done and gone.
            await Eventually.TrueAsync(async () =>
                await a.QueryAsync<long>($"SELECT count(*) FROM qrtz_job_details WHERE job_name LIKE '%{onA.CallSid}%'") == 0,
                "the call's jobs to be done");

            // Gone from the shared folder behind the app's back: no announcement tells either node.
            File.Delete(onA.StoredFiles(a.StoragePath).ShouldHaveSingleItem());
            a.Gate.HoldNextMisses(key, 3);
            b.Gate.HoldNextMisses(key, 3);
            Task<HttpResponseMessage>[] held =
            [
                onA.GetFileAsync("bytes=0-99"), onA.HeadAsync(), onA.PrepareAsync(),
                onB.GetFileAsync("bytes=0-99"), onB.HeadAsync(), onB.PrepareAsync(),
            ];
            await a.Gate.WaitUntilHeldAsync();
            await b.Gate.WaitUntilHeldAsync();

            // The probe: sixty plays, half on each node, a third each of GET, HEAD and prepare.
            var probe = await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
            {
                var node = i % 2 == 0 ? onA : onB;
                return (i / 2 % 3) switch
                {
                    0 => node.GetFileAsync("bytes=0-99"),
                    1 => node.HeadAsync(),
                    _ => node.PrepareAsync(),
                };
            }));
            probe.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Accepted || r.StatusCode == HttpStatusCode.OK || r.StatusCode == HttpStatusCode.PartialContent,
                $"round {round}: queued again, or already stored again");
            (await onA.WaitUntilSettledAsync()).ShouldBe("ready");

            // Downloaded, stored and verified again; now the held plays go on from what they found: a missing file.
            a.Gate.Release();
            b.Gate.Release();
            var answers = await Task.WhenAll(held);
            (await onB.WaitUntilSettledAsync()).ShouldBe("ready");
            onA.TwilioRequests.ShouldBe(1 + round, $"round {round}: one download for each loss of the file");
            answers.Select(r => r.StatusCode).ShouldBe(
                [HttpStatusCode.PartialContent, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.PartialContent, HttpStatusCode.OK, HttpStatusCode.OK],
                $"round {round}: the held plays are answered with the file stored again");
            (await answers[0].Content.ReadAsByteArrayAsync()).ShouldBe(audio[..100]);
            (await answers[3].Content.ReadAsByteArrayAsync()).ShouldBe(audio[..100]);
            foreach (var response in probe.Concat(answers))
            {
                response.Dispose();
            }
        }
    }
}
