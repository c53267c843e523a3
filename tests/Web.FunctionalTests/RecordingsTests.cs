using Microsoft.Extensions.DependencyInjection;
using Recordings.Demo.Twilio;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Recordings.Infrastructure.Notifications;
using Recordings.Testing;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>Playing a recording over real HTTP: prepare, 202 + Retry-After, streaming with ranges, and the download behind it.</summary>
public sealed class RecordingsTests(RecordingsApiFactory factory) : ApiTest(factory)
{
    private const string BusinessNumber = "+15551230001";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static byte[] Audio(int length = 48_000)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    private async Task<RecordingScenario> AtTwilioAsync(Action<SimulatedRecording> script, TimeSpan? completedAgo = null)
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);
        return await RecordingScenario.AtTwilioAsync(Factory, browser, BusinessNumber, script, completedAgo);
    }

    [Fact]
    public async Task ThePlayFlowAnswersAcceptedUntilTheFileIsHereThenStreamsTwiliosBytes()
    {
        var audio = Audio();
        ResponseGate gate = null!;
        var (business, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);
        var play = await RecordingScenario.DeliveredAsync(Factory, browser, BusinessNumber,
            twilio => gate = twilio.ThenGated(audio, holdAfterBytes: 16_000));
        await gate.WaitUntilReachedAsync();

        using (var head = await play.HeadAsync())
        {
            head.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            head.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(2));
            head.Headers.CacheControl!.NoStore.ShouldBeTrue();
            (await head.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
        }

        using (var get = await play.GetFileAsync())
        {
            get.StatusCode.ShouldBe(HttpStatusCode.Accepted, "a partial file is never served");
            get.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(2));
            var status = await get.Content.ReadFromJsonAsync<JsonElement>();
            status.GetProperty("callSid").GetString().ShouldBe(play.CallSid);
            status.GetProperty("state").GetString().ShouldBe("downloading");
            status.GetProperty("retryAfterSeconds").GetInt32().ShouldBe(2);
        }

        gate.Release();
        (await play.WaitUntilSettledAsync()).ShouldBe("ready");

        using var file = await play.GetFileAsync();
        file.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await file.Content.ReadAsByteArrayAsync()).ShouldBe(audio);
        file.Content.Headers.ContentType!.MediaType.ShouldBe("audio/mpeg");
        file.Content.Headers.ContentLength.ShouldBe(audio.Length);
        file.Content.Headers.ContentEncoding.ShouldBeEmpty();
        file.Content.Headers.LastModified.ShouldNotBeNull();
        file.Headers.AcceptRanges.ShouldContain("bytes");
        file.Headers.ETag!.IsWeak.ShouldBeFalse();
        file.Headers.ETag.Tag.ShouldBe($"\"{Convert.ToHexStringLower(SHA256.HashData(audio))}\"");
        file.Headers.CacheControl!.Private.ShouldBeTrue();
        play.TwilioRequests.ShouldBe(1);

        var stored = play.StoredFiles(Factory.StoragePath).ShouldHaveSingleItem();
        // {businessId}/{recordingSid}.mp3
        Path.GetFileName(Path.GetDirectoryName(stored)).ShouldBe(business.Id.ToString("D"));
        (await File.ReadAllBytesAsync(stored)).ShouldBe(audio);
    }

    [Fact]
    public async Task ARememberedRecordingWhoseFileWasRemovedIsQueuedAgainNotAnError()
    {
        var audio = Audio();
        var play = await AtTwilioAsync(twilio => twilio.Serves(audio));
        (await play.PrepareAsync(wait: 30)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var first = await play.GetFileAsync("bytes=0-99"))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.PartialContent, "served, and now remembered by the node");
        }

        // Gone from the disk behind the app's back (an operator, a lost volume): no announcement tells the node.
        File.Delete(play.StoredFiles(Factory.StoragePath).ShouldHaveSingleItem());

        using (var afterLoss = await play.GetFileAsync("bytes=0-99"))
        {
            afterLoss.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        (await play.WaitUntilSettledAsync()).ShouldBe("ready");
        using var again = await play.GetFileAsync();
        (await again.Content.ReadAsByteArrayAsync()).ShouldBe(audio);
        play.TwilioRequests.ShouldBe(2);
    }

    [Fact]
    public async Task HeadAnswersExactlyWhatGetWouldWithoutABody()
    {
        var audio = Audio();
        var play = await AtTwilioAsync(twilio => twilio.Serves(audio));
        (await play.PrepareAsync(wait: 30)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var get = await play.GetFileAsync();
        using var head = await play.HeadAsync();

        head.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await head.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
        head.Content.Headers.ContentLength.ShouldBe(audio.Length);
        head.Content.Headers.ContentType!.MediaType.ShouldBe("audio/mpeg");
        head.Headers.ETag.ShouldBe(get.Headers.ETag);
        head.Content.Headers.LastModified.ShouldBe(get.Content.Headers.LastModified);
        head.Headers.AcceptRanges.ShouldContain("bytes");

        using var headRange = await play.HeadAsync("bytes=0-99");
        headRange.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        headRange.Content.Headers.ContentRange!.ToString().ShouldBe($"bytes 0-99/{audio.Length}");
    }

    [Theory]
    [InlineData("bytes=0-99", 0, 99)]
    [InlineData("bytes=-100", -100, -1)]
    [InlineData("bytes=100-", 100, -1)]
    [InlineData("bytes=47990-48100", 47990, 47999)]
    public async Task ARangeIsAnsweredWithPartialContent(string range, int from, int to)
    {
        var audio = Audio();
        var play = await AtTwilioAsync(twilio => twilio.Serves(audio));
        (await play.PrepareAsync(wait: 30)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var start = from < 0 ? audio.Length + from : from;
        var end = to < 0 ? audio.Length - 1 : to;

        using var response = await play.GetFileAsync(range);

        response.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        response.Content.Headers.ContentRange!.ToString().ShouldBe($"bytes {start}-{end}/{audio.Length}");
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(audio[start..(end + 1)]);
    }

    [Fact]
    public async Task ARangePastTheEndIsUnsatisfiable()
    {
        var audio = Audio();
        var play = await AtTwilioAsync(twilio => twilio.Serves(audio));
        (await play.PrepareAsync(wait: 30)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var response = await play.GetFileAsync($"bytes={audio.Length}-");

        response.StatusCode.ShouldBe(HttpStatusCode.RequestedRangeNotSatisfiable);
        response.Content.Headers.ContentRange!.ToString().ShouldBe($"bytes */{audio.Length}");
    }

    [Theory]
    [InlineData("bytes=abc")]
    [InlineData("bytes=5-1")]
    [InlineData("items=0-10")]
    [InlineData("bytes=0-1,5-")]
    [InlineData("bytes=")]
    public async Task AJunkRangeNeverFailsTheServer(string range)
    {
        var audio = Audio(1000);
        var play = await AtTwilioAsync(twilio => twilio.Serves(audio));
        (await play.PrepareAsync(wait: 30)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var response = await play.GetFileAsync(range);

        ((int)response.StatusCode).ShouldBeLessThan(500);
        response.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.PartialContent, HttpStatusCode.RequestedRangeNotSatisfiable);
    }

    [Fact]
    public async Task ConditionalRequestsUseTheStrongETag()
    {
        var audio = Audio();
        var play = await AtTwilioAsync(twilio => twilio.Serves(audio));
        (await play.PrepareAsync(wait: 30)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var first = await play.GetFileAsync();
        var etag = first.Headers.ETag!.Tag;

        using var notModified = await play.SendAsync(HttpMethod.Get, play.FilePath, configure: r => r.Headers.TryAddWithoutValidation("If-None-Match", etag));
        notModified.StatusCode.ShouldBe(HttpStatusCode.NotModified);

        using var staleIfRange = await play.SendAsync(HttpMethod.Get, play.FilePath, "bytes=0-99",
            configure: r => r.Headers.TryAddWithoutValidation("If-Range", "\"not-the-etag\""));
        staleIfRange.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await staleIfRange.Content.ReadAsByteArrayAsync()).Length.ShouldBe(audio.Length);

        using var freshIfRange = await play.SendAsync(HttpMethod.Get, play.FilePath, "bytes=0-99",
            configure: r => r.Headers.TryAddWithoutValidation("If-Range", etag));
        freshIfRange.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
    }

    [Fact]
    public async Task ARangeInAnotherUnitThanBytesIsIgnored()
    {
        var audio = Audio();
        var play = await AtTwilioAsync(twilio => twilio.Serves(audio));
        (await play.PrepareAsync(wait: 30)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // RFC 9110 14.2: a range unit the server does not know is ignored, and the whole file is the answer.
        using var items = await play.SendAsync(HttpMethod.Get, play.FilePath, configure: r => r.Headers.TryAddWithoutValidation("Range", "items=0-10"));
        items.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await items.Content.ReadAsByteArrayAsync()).ShouldBe(audio);

        using var bytes = await play.SendAsync(HttpMethod.Get, play.FilePath, configure: r => r.Headers.TryAddWithoutValidation("Range", "Bytes=0-10"));
        bytes.StatusCode.ShouldBe(HttpStatusCode.PartialContent, "the unit's name is case-insensitive");
        (await bytes.Content.ReadAsByteArrayAsync()).ShouldBe(audio[..11]);
    }

    [Fact]
    public async Task IfRangeWithADateHonoursTheRangeOnlyForExactlyTheFilesDate()
    {
        var audio = Audio();
        var play = await AtTwilioAsync(twilio => twilio.Serves(audio));
        (await play.PrepareAsync(wait: 30)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var first = await play.GetFileAsync();
        var lastModified = first.Content.Headers.LastModified!.Value;

        async Task<HttpResponseMessage> RangeIf(string ifRange) =>
            await play.SendAsync(HttpMethod.Get, play.FilePath, "bytes=0-99", configure: r => r.Headers.TryAddWithoutValidation("If-Range", ifRange));

        using var exact = await RangeIf(lastModified.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        exact.StatusCode.ShouldBe(HttpStatusCode.PartialContent);

        foreach (var other in new[]
        {
            lastModified.AddDays(1).ToString("R", System.Globalization.CultureInfo.InvariantCulture), // a future date
            lastModified.AddSeconds(1).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            lastModified.AddDays(-1).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            "not a date at all",
            "W/" + first.Headers.ETag!.Tag, // a weak validator never matches for ranges
        })
        {
            using var whole = await RangeIf(other);
            whole.StatusCode.ShouldBe(HttpStatusCode.OK, other);
            (await whole.Content.ReadAsByteArrayAsync()).ShouldBe(audio, other);
        }
    }

    [Fact]
    public async Task PrepareQueuesARecordingAtTwilioAndPointsAtItsStatus()
    {
        var audio = Audio();
        ResponseGate gate = null!;
        var play = await AtTwilioAsync(twilio => gate = twilio.ThenGated(audio, holdAfterBytes: 100));
        (await play.StatusAsync()).GetProperty("state").GetString().ShouldBe("remote", "reading the status queues nothing");

        using var prepare = await play.PrepareAsync();

        prepare.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        prepare.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(2));
        prepare.Headers.Location!.ToString().ShouldBe($"/api/recordings/{play.CallSid}");
        var status = await prepare.Content.ReadFromJsonAsync<JsonElement>();
        status.GetProperty("state").GetString().ShouldBeOneOf("queued", "downloading");
        status.GetProperty("transcript").GetProperty("state").GetString().ShouldBe("none");
        status.GetProperty("summary").GetProperty("state").GetString().ShouldBe("none");

        await gate.WaitUntilReachedAsync();
        var downloading = await play.WaitForProgressAsync();
        downloading.GetProperty("state").GetString().ShouldBe("downloading");
        downloading.GetProperty("totalBytes").GetInt64().ShouldBe(audio.Length);
        gate.Release();
        (await play.WaitUntilSettledAsync()).ShouldBe("ready");

        using var ready = await play.PrepareAsync();
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString().ShouldBe("ready");
    }

    [Fact]
    public async Task ConcurrentPlaysOfANewRecordingMakeOneRequestToTwilio()
    {
        var audio = Audio();
        ResponseGate gate = null!;
        var play = await AtTwilioAsync(twilio => gate = twilio.ThenGated(audio, holdAfterBytes: 100));

        var requests = Enumerable.Range(0, 50).Select(i => i % 2 == 0 ? play.HeadAsync() : play.PrepareAsync());
        var responses = await Task.WhenAll(requests);

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Accepted);
        await gate.WaitUntilReachedAsync();
        gate.Release();
        (await play.WaitUntilSettledAsync()).ShouldBe("ready", (await play.StatusAsync()).ToString() + string.Join(",", Factory.Twilio.RequestsFor(play.RecordingSid)));
        play.TwilioRequests.ShouldBe(1);
        // Quartz deletes the finished job after it returns.
        await Eventually.TrueAsync(async () =>
            await Factory.QueryAsync<long>($"SELECT count(*) FROM qrtz_job_details WHERE job_name LIKE '%{play.CallSid}%'") == 0,
            "the download job to be done");
    }

    [Fact]
    public async Task TwoServiceUnavailablesThenSuccessEndReady()
    {
        var audio = Audio();
        var play = await AtTwilioAsync(twilio => twilio.Then(TwilioResponse.Status(503), TwilioResponse.Status(503)).Serves(audio));

        (await play.PrepareAsync()).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        (await play.WaitUntilSettledAsync()).ShouldBe("ready");
        play.TwilioRequests.ShouldBe(3);
        using var file = await play.GetFileAsync();
        (await file.Content.ReadAsByteArrayAsync()).ShouldBe(audio);
    }

    [Fact]
    public async Task AnAlwaysFailingDownloadIsABadGatewayUntilPrepareSucceedsOnceTwilioRecovers()
    {
        var audio = Audio();
        var play = await AtTwilioAsync(twilio => twilio.AlwaysFails(503));
        (await play.PrepareAsync()).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await play.WaitUntilSettledAsync()).ShouldBe("failed");
        play.TwilioRequests.ShouldBe(6, "Twilio:MaxDownloadAttempts");
        Factory.Logs.Clear();

        using (var failed = await play.GetFileAsync())
        {
            await failed.ShouldBeProblemAsync(HttpStatusCode.BadGateway, "recording_download_failed");
            failed.Headers.CacheControl!.NoStore.ShouldBeTrue();
        }

        var status = await play.StatusAsync();
        status.GetProperty("state").GetString().ShouldBe("failed");
        status.GetProperty("error").GetString()!.ShouldContain("503");
        (await play.GetFileAsync()).StatusCode.ShouldBe(HttpStatusCode.BadGateway, "the file endpoint reports; only prepare retries");
        play.TwilioRequests.ShouldBe(6);
        Factory.Logs.WarningsAndErrors().Where(line => line.StartsWith("Error", StringComparison.Ordinal))
            .ShouldBeEmpty("the player's requests for a failed download are answers, not faults (the job logged the failure once)");

        play.AtTwilio.Serves(audio);
        (await play.PrepareAsync()).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await play.WaitUntilSettledAsync()).ShouldBe("ready");
        using var file = await play.GetFileAsync();
        (await file.Content.ReadAsByteArrayAsync()).ShouldBe(audio);
    }

    [Fact]
    public async Task AQueuedRecordingWhoseJobIsGoneIsHealedByTheSweepNotByAStatusPoll()
    {
        var audio = Audio();
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);
        var play = await RecordingScenario.DeliveredAsync(Factory, browser, BusinessNumber, twilio => twilio.Serves(audio));
        (await play.WaitUntilSettledAsync()).ShouldBe("ready");
        await Factory.JobsOfCallEndedAsync(play.CallSid);
        // Queued, with no job: what a lost schedule leaves behind.
        await Factory.QueryAsync<int>($"UPDATE call_recordings SET state = 'Queued' WHERE recording_sid = '{play.RecordingSid}' RETURNING 1");

        (await play.StatusAsync()).GetProperty("state").GetString().ShouldBe("queued");
        play.TwilioRequests.ShouldBe(1, "a status poll only reads");

        (await Factory.HealAsync()).ShouldBeGreaterThanOrEqualTo(1);

        (await play.WaitUntilSettledAsync()).ShouldBe("ready");
        play.TwilioRequests.ShouldBe(2);
    }

    [Fact]
    public async Task NotFoundPastTheGracePeriodMeansTheRecordingIsMissing()
    {
        var play = await AtTwilioAsync(twilio => twilio.NotFound(), completedAgo: TimeSpan.FromMinutes(10));

        (await play.PrepareAsync()).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        (await play.WaitUntilSettledAsync()).ShouldBe("missing");
        play.TwilioRequests.ShouldBe(1);
        await (await play.GetFileAsync()).ShouldBeProblemAsync(HttpStatusCode.NotFound, "recording_not_found");
        await (await play.PrepareAsync()).ShouldBeProblemAsync(HttpStatusCode.NotFound, "recording_not_found");
    }

    [Fact]
    public async Task NotFoundWithinTheGracePeriodIsRetried()
    {
        var audio = Audio();
        var play = await AtTwilioAsync(twilio => twilio.Then(TwilioResponse.NotFound(), TwilioResponse.NotFound()).Serves(audio));

        (await play.PrepareAsync()).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        (await play.WaitUntilSettledAsync()).ShouldBe("ready");
        play.TwilioRequests.ShouldBe(3);
    }

    [Fact]
    public async Task ABodyThatIsNotAudioIsNeverStoredOrServed()
    {
        var play = await AtTwilioAsync(twilio => twilio.Otherwise(TwilioResponse.Html()));

        (await play.PrepareAsync()).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        (await play.WaitUntilSettledAsync()).ShouldBe("failed");
        play.StoredFiles(Factory.StoragePath).ShouldBeEmpty();
        await (await play.GetFileAsync()).ShouldBeProblemAsync(HttpStatusCode.BadGateway, "recording_download_failed");
    }

    [Fact]
    public async Task PreferWaitAnswersWhenTheDownloadEndsNotAtItsTimeout()
    {
        var audio = Audio();
        ResponseGate gate = null!;
        var play = await AtTwilioAsync(twilio => gate = twilio.ThenGated(audio, holdAfterBytes: 100));
        (await play.PrepareAsync()).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await gate.WaitUntilReachedAsync();

        var held = play.SendAsync(HttpMethod.Head, play.FilePath, wait: 30);
        var heldStatus = play.SendAsync(HttpMethod.Get, play.StatusPath, wait: 30);
        // Both are held on the call (each has its subscription open) while Twilio's answer is held: neither has answered.
        var waiters = Factory.Services.GetRequiredService<RecordingStateWaiters>();
        await Eventually.TrueAsync(() => waiters.CountFor(play.CallSid) == 2, "both requests to be held on the call");
        held.IsCompleted.ShouldBeFalse("held while the download runs");
        heldStatus.IsCompleted.ShouldBeFalse("held while the download runs");
        gate.Release();

        // Bounded well below the 30 s asked for: an answer at the timeout would fail here.
        using var response = await held.WaitAsync(Bound);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Preference-Applied").ShouldBe(["wait=30"]);
        using var status = await heldStatus.WaitAsync(Bound);
        (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString().ShouldBe("ready");
    }

    [Fact]
    public async Task PreferWaitIsCappedAndHonouredOnPrepare()
    {
        var audio = Audio();
        var play = await AtTwilioAsync(twilio => twilio.Serves(audio));

        using var response = await play.SendAsync(HttpMethod.Post, play.PreparePath, wait: 600);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Preference-Applied").ShouldBe(["wait=30"]);
    }

    [Fact]
    public async Task ACallWithoutARecordingIsNotFoundAndNeverAsksTwilio()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);
        var callSid = NewCallSid();
        (await Twilio.CallStatusAsync(TwilioWebhookClient.CallStatus(callSid, RecordingScenario.Customer, BusinessNumber))).EnsureSuccessStatusCode();
        var play = new RecordingScenario(Factory, browser, callSid, NewRecordingSid());

        (await play.HeadAsync()).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await (await play.GetFileAsync()).ShouldBeProblemAsync(HttpStatusCode.NotFound, "recording_not_found");
        await (await play.PrepareAsync()).ShouldBeProblemAsync(HttpStatusCode.NotFound, "recording_not_found");
        (await play.StatusAsync()).GetProperty("state").GetString().ShouldBe("missing");
        (await Factory.QueryAsync<long>($"SELECT count(*) FROM qrtz_job_details WHERE job_name LIKE '%{callSid}%'")).ShouldBe(0);
    }

    [Fact]
    public async Task AnotherBusinesssRecordingIsNotFoundEverywhereAndNotQueued()
    {
        var play = await AtTwilioAsync(twilio => twilio.Serves(Audio()));
        var (_, intruder) = await AgentOfNewBusinessAsync("Other", "+15559990000");
        var other = new RecordingScenario(Factory, intruder, play.CallSid, play.RecordingSid);

        (await other.HeadAsync()).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await (await other.GetFileAsync()).ShouldBeProblemAsync(HttpStatusCode.NotFound, "recording_not_found");
        await (await other.PrepareAsync()).ShouldBeProblemAsync(HttpStatusCode.NotFound, "recording_not_found");
        await (await other.SendAsync(HttpMethod.Get, other.StatusPath)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "recording_not_found");
        (await play.StatusAsync()).GetProperty("state").GetString().ShouldBe("remote");
        play.TwilioRequests.ShouldBe(0);
    }

    [Fact]
    public async Task WithoutASessionEveryRecordingEndpointIsUnauthorized()
    {
        using var anonymous = Factory.CreateBrowser();
        var callSid = NewCallSid();

        await (await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/recordings/file/{callSid}")))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await anonymous.PostAsync($"/api/recordings/{callSid}/prepare", null)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await anonymous.GetAsync($"/api/recordings/{callSid}")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Theory]
    [InlineData("/api/recordings/file/CA123")]
    [InlineData("/api/recordings/file/../../etc/passwd")]
    [InlineData("/api/recordings/file/CA0123456789ABCDEF0123456789abcdeg")]
    [InlineData("/api/recordings/RE0123456789abcdef0123456789abcdef")]
    public async Task AMalformedSidIsABadRequest(string path)
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);

        using var response = await browser.GetAsync(path);

        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_sid");
        }
        else
        {
            // A path that leaves the route (.. collapsed by the client) matches no endpoint at all.
            path.ShouldContain("..");
        }
    }

    [Fact]
    public async Task ACrossOriginPrepareIsRefused()
    {
        var play = await AtTwilioAsync(twilio => twilio.Serves(Audio()));

        using var response = await play.SendAsync(HttpMethod.Post, play.PreparePath,
            configure: r => r.Headers.TryAddWithoutValidation("Origin", "https://evil.example"));

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "cross_origin_request");
        play.TwilioRequests.ShouldBe(0);
    }
}
