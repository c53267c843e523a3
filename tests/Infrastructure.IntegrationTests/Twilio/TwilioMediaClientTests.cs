using Recordings.Demo.Twilio;
using System.Security.Cryptography;
using System.Text;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Infrastructure.Storage;
using Recordings.Infrastructure.Twilio;
using Recordings.Infrastructure.IntegrationTests.Support;
using Recordings.Testing;

namespace Recordings.Infrastructure.IntegrationTests.Twilio;

/// <summary>The media client against a fake Twilio on real loopback HTTP, storing into a temporary folder.</summary>
public sealed class TwilioMediaClientTests : IAsyncLifetime
{
    private static readonly TimeSpan FastRetry = TimeSpan.FromMilliseconds(5);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "recordings-media-tests", Guid.NewGuid().ToString("N"));
    private readonly List<ServiceProvider> _providers = [];
    private readonly List<SimulatedTwilio> _servers = [];
    private readonly List<(long Bytes, long? Total)> _progress = [];
    private SimulatedTwilio _twilio = null!;
    private LocalDiskRecordingStore _store = null!;

    public async Task InitializeAsync()
    {
        _twilio = await StartServerAsync();
        _store = new LocalDiskRecordingStore(_root, NullLogger<LocalDiskRecordingStore>.Instance);
    }

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private async Task<SimulatedTwilio> StartServerAsync(bool requireAuthentication = true)
    {
        var server = await SimulatedTwilio.StartAsync(requireAuthentication: requireAuthentication);
        _servers.Add(server);
        return server;
    }

    private static string NewCallSid() => "CA" + Guid.NewGuid().ToString("N");

    private static string NewRecordingSid() => "RE" + Guid.NewGuid().ToString("N");

    private static byte[] Audio(int length = 300_000)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private ITwilioMediaClient Client(Action<TwilioOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new TwilioOptions
        {
            AccountSid = _twilio.AccountSid,
            AuthToken = _twilio.AuthToken,
            MediaOrigins = [_twilio.BaseUrl],
            MaxDownloadAttempts = 6,
            RetryBaseDelay = FastRetry,
        };
        configure?.Invoke(options);

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton(Options.Create(options));
        services.AddTwilioMedia(new ConfigurationBuilder().Build());
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<ITwilioMediaClient>();
    }

    private Task<MediaDownloadResult> DownloadAsync(
        ITwilioMediaClient client,
        string callSid,
        string recordingUrl,
        DateTimeOffset? completedAt = null,
        IRecordingStore? store = null,
        CancellationToken cancellationToken = default) =>
        client.DownloadAsync(
            new MediaDownloadRequest(callSid, callSid + ".mp3", recordingUrl, completedAt ?? DateTimeOffset.UtcNow),
            store ?? _store,
            (bytes, total, _) =>
            {
                lock (_progress)
                {
                    _progress.Add((bytes, total));
                }

                return ValueTask.CompletedTask;
            },
            cancellationToken);

    private string[] TempFiles() => Directory.Exists(_store.TempDirectory) ? Directory.GetFiles(_store.TempDirectory) : [];

    private static bool IsBackoff(TimeSpan due) => due > TimeSpan.Zero && due < TimeSpan.FromSeconds(20);

    [Fact]
    public async Task StoresTheServedBytesWithTheirSha256()
    {
        var (callSid, recordingSid, audio) = (NewCallSid(), NewRecordingSid(), Audio());
        _twilio.Recording(recordingSid).Serves(audio);

        var result = await DownloadAsync(Client(), callSid, _twilio.RecordingUrl(recordingSid));

        result.Outcome.ShouldBe(MediaDownloadOutcome.Stored);
        result.Attempts.ShouldBe(1);
        result.Error.ShouldBeNull();
        var stored = result.Stored.ShouldNotBeNull();
        stored.Length.ShouldBe(audio.Length);
        stored.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(audio)));
        (await File.ReadAllBytesAsync(_store.FinalPath(callSid + ".mp3"))).ShouldBe(audio);
        TempFiles().ShouldBeEmpty();
        _twilio.RequestsFor(recordingSid).ShouldHaveSingleItem().Path.ShouldEndWith($"/Recordings/{recordingSid}.mp3");
    }

    [Fact]
    public async Task SendsTheCredentialsAsBasicAuth()
    {
        var (callSid, recordingSid) = (NewCallSid(), NewRecordingSid());
        _twilio.Recording(recordingSid).Serves(Audio(1000));

        await DownloadAsync(Client(), callSid, _twilio.RecordingUrl(recordingSid));

        var authorization = _twilio.RequestsFor(recordingSid).ShouldHaveSingleItem().Authorization.ShouldNotBeNull();
        authorization.ShouldStartWith("Basic ");
        Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..]))
            .ShouldBe($"{SimulatedTwilio.DefaultAccountSid}:{SimulatedTwilio.DefaultAuthToken}");
    }

    [Fact]
    public async Task ReportsProgressFromZeroToTheWholeLength()
    {
        var (callSid, recordingSid, audio) = (NewCallSid(), NewRecordingSid(), Audio(500_000));
        _twilio.Recording(recordingSid).Serves(audio);

        await DownloadAsync(Client(), callSid, _twilio.RecordingUrl(recordingSid));

        _progress[0].ShouldBe((0L, (long?)audio.Length));
        _progress[^1].ShouldBe(((long)audio.Length, (long?)audio.Length));
        _progress.Select(p => p.Bytes).ShouldBeInOrder();
    }

    [Fact]
    public async Task StoresABodyWithoutContentLength()
    {
        var (callSid, recordingSid, audio) = (NewCallSid(), NewRecordingSid(), Audio(100_000));
        _twilio.Recording(recordingSid).Otherwise(TwilioResponse.Audio(audio, withContentLength: false));

        var result = await DownloadAsync(Client(), callSid, _twilio.RecordingUrl(recordingSid));

        result.Stored.ShouldNotBeNull().Length.ShouldBe(audio.Length);
        _progress.ShouldAllBe(p => p.Total == null);
        _progress[^1].Bytes.ShouldBe(audio.Length);
    }

    [Fact]
    public async Task WrongCredentialsFailAtOnce()
    {
        var (callSid, recordingSid) = (NewCallSid(), NewRecordingSid());
        _twilio.Recording(recordingSid).Serves(Audio(1000));

        var result = await DownloadAsync(Client(o => o.AuthToken = "wrong"), callSid, _twilio.RecordingUrl(recordingSid));

        result.Outcome.ShouldBe(MediaDownloadOutcome.Failed);
        result.Attempts.ShouldBe(1);
        result.Error.ShouldNotBeNull().ShouldContain("401");
        result.Error.ShouldContain("credentials");
        result.Error.ShouldNotContain("wrong");
        _twilio.RequestCount(recordingSid).ShouldBe(1);
        (await _store.FindAsync(callSid + ".mp3", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task RetriesServiceUnavailableUntilItSucceeds()
    {
        var (callSid, recordingSid, audio) = (NewCallSid(), NewRecordingSid(), Audio());
        _twilio.Recording(recordingSid).Then(TwilioResponse.Status(503), TwilioResponse.Status(503)).Serves(audio);

        var result = await DownloadAsync(Client(), callSid, _twilio.RecordingUrl(recordingSid));

        result.Outcome.ShouldBe(MediaDownloadOutcome.Stored);
        result.Attempts.ShouldBe(3);
        _twilio.RequestCount(recordingSid).ShouldBe(3);
        (await File.ReadAllBytesAsync(_store.FinalPath(callSid + ".mp3"))).ShouldBe(audio);
    }

    [Fact]
    public async Task AnObjectStoreThatRefusesTheUploadIsRetriedThenFailsWithASentenceAnAgentCanActOn()
    {
        var (callSid, recordingSid) = (NewCallSid(), NewRecordingSid());
        _twilio.Recording(recordingSid).Serves(new byte[20_000]);
        var wrongKeys = TestObjectStore.Options(TestObjectStore.UniqueBucket("recordings-refused"));
        wrongKeys.SecretKey = "not-the-secret";
        using var s3 = StorageServiceCollectionExtensions.CreateS3Client(wrongKeys);
        using var refusing = new S3RecordingStore(s3, wrongKeys, TimeProvider.System, NullLogger<S3RecordingStore>.Instance);

        var result = await DownloadAsync(Client(o => o.MaxDownloadAttempts = 3), callSid, _twilio.RecordingUrl(recordingSid), store: refusing);

        result.Outcome.ShouldBe(MediaDownloadOutcome.Failed);
        result.Attempts.ShouldBe(3);
        result.Error.ShouldBe("Our recording storage did not accept the recording 3 times" + TwilioMediaClient.StorageAdvice);
        result.Error!.ShouldNotContain("not-the-secret");
    }

    [Fact]
    public async Task GivesUpAfterMaxAttemptsNamingTheProblem()
    {
        var (callSid, recordingSid) = (NewCallSid(), NewRecordingSid());
        _twilio.Recording(recordingSid).AlwaysFails(503);

        var result = await DownloadAsync(Client(o => o.MaxDownloadAttempts = 4), callSid, _twilio.RecordingUrl(recordingSid));

        result.Outcome.ShouldBe(MediaDownloadOutcome.Failed);
        result.Attempts.ShouldBe(4);
        result.Error.ShouldBe("Twilio answered 503 Service Unavailable 4 times");
        _twilio.RequestCount(recordingSid).ShouldBe(4);
        (await _store.FindAsync(callSid + ".mp3", CancellationToken.None)).ShouldBeNull();
        TempFiles().ShouldBeEmpty();
    }

    [Fact]
    public async Task RetriesNotFoundWithinTheGracePeriod()
    {
        var (callSid, recordingSid, audio) = (NewCallSid(), NewRecordingSid(), Audio(10_000));
        _twilio.Recording(recordingSid).Then(TwilioResponse.NotFound(), TwilioResponse.NotFound()).Serves(audio);

        var result = await DownloadAsync(Client(), callSid, _twilio.RecordingUrl(recordingSid), DateTimeOffset.UtcNow);

        result.Outcome.ShouldBe(MediaDownloadOutcome.Stored);
        result.Attempts.ShouldBe(3);
    }

    [Fact]
    public async Task NotFoundAfterTheGracePeriodIsGone()
    {
        var (callSid, recordingSid) = (NewCallSid(), NewRecordingSid());
        _twilio.Recording(recordingSid).NotFound();

        var result = await DownloadAsync(
            Client(o => o.NotFoundGraceSeconds = 120), callSid, _twilio.RecordingUrl(recordingSid), DateTimeOffset.UtcNow.AddSeconds(-121));

        result.Outcome.ShouldBe(MediaDownloadOutcome.Gone);
        result.Error.ShouldBe("Twilio has no such recording (404)");
        result.Attempts.ShouldBe(1);
        _twilio.RequestCount(recordingSid).ShouldBe(1);
    }

    [Fact]
    public async Task RetriesTooManyRequests()
    {
        var (callSid, recordingSid, audio) = (NewCallSid(), NewRecordingSid(), Audio(10_000));
        _twilio.Recording(recordingSid).Then(TwilioResponse.TooManyRequests(0)).Serves(audio);

        var result = await DownloadAsync(Client(), callSid, _twilio.RecordingUrl(recordingSid));

        result.Outcome.ShouldBe(MediaDownloadOutcome.Stored);
        result.Attempts.ShouldBe(2);
    }

    [Fact]
    public async Task NeverStoresANonAudioBody()
    {
        var (callSid, recordingSid) = (NewCallSid(), NewRecordingSid());
        _twilio.Recording(recordingSid).Otherwise(TwilioResponse.Html());

        var result = await DownloadAsync(Client(o => o.MaxDownloadAttempts = 3), callSid, _twilio.RecordingUrl(recordingSid));

        result.Outcome.ShouldBe(MediaDownloadOutcome.Failed);
        result.Error.ShouldNotBeNull().ShouldContain("text/html");
        result.Attempts.ShouldBe(3);
        (await _store.FindAsync(callSid + ".mp3", CancellationToken.None)).ShouldBeNull();
        TempFiles().ShouldBeEmpty();
        _progress.ShouldBeEmpty();
    }

    [Fact]
    public async Task RetriesAfterANonAudioBody()
    {
        var (callSid, recordingSid, audio) = (NewCallSid(), NewRecordingSid(), Audio(10_000));
        _twilio.Recording(recordingSid).Then(TwilioResponse.Html()).Serves(audio);

        var result = await DownloadAsync(Client(), callSid, _twilio.RecordingUrl(recordingSid));

        result.Attempts.ShouldBe(2);
        (await File.ReadAllBytesAsync(_store.FinalPath(callSid + ".mp3"))).ShouldBe(audio);
    }

    [Fact]
    public async Task RetriesATruncatedBodyWithoutStoringIt()
    {
        var (callSid, recordingSid, audio) = (NewCallSid(), NewRecordingSid(), Audio());
        _twilio.Recording(recordingSid).Then(TwilioResponse.Truncated(audio, 100_000)).Serves(audio);

        var result = await DownloadAsync(Client(), callSid, _twilio.RecordingUrl(recordingSid));

        result.Outcome.ShouldBe(MediaDownloadOutcome.Stored);
        result.Attempts.ShouldBe(2);
        (await File.ReadAllBytesAsync(_store.FinalPath(callSid + ".mp3"))).ShouldBe(audio);
        TempFiles().ShouldBeEmpty();
    }

    [Fact]
    public async Task NeverStoresATruncatedBody()
    {
        var (callSid, recordingSid, audio) = (NewCallSid(), NewRecordingSid(), Audio());
        _twilio.Recording(recordingSid).Otherwise(TwilioResponse.Truncated(audio, 100_000));

        var result = await DownloadAsync(Client(o => o.MaxDownloadAttempts = 2), callSid, _twilio.RecordingUrl(recordingSid));

        result.Outcome.ShouldBe(MediaDownloadOutcome.Failed);
        result.Error.ShouldNotBeNull().ShouldContain($"of {audio.Length} bytes");
        (await _store.FindAsync(callSid + ".mp3", CancellationToken.None)).ShouldBeNull();
        TempFiles().ShouldBeEmpty();
    }

    [Fact]
    public async Task FollowsARedirectToAnotherHostWithoutTheCredentials()
    {
        var (callSid, recordingSid, audio) = (NewCallSid(), NewRecordingSid(), Audio());
        var cdn = await StartServerAsync(requireAuthentication: false);
        cdn.Recording(recordingSid).Serves(audio);
        _twilio.Recording(recordingSid).Otherwise(TwilioResponse.Redirect(cdn.RecordingUrl(recordingSid) + ".mp3"));

        var result = await DownloadAsync(Client(), callSid, _twilio.RecordingUrl(recordingSid));

        result.Outcome.ShouldBe(MediaDownloadOutcome.Stored);
        (await File.ReadAllBytesAsync(_store.FinalPath(callSid + ".mp3"))).ShouldBe(audio);
        _twilio.RequestsFor(recordingSid).ShouldHaveSingleItem().Authorization.ShouldBe(_twilio.ExpectedAuthorization);
        cdn.RequestsFor(recordingSid).ShouldHaveSingleItem().Authorization.ShouldBeNull();
    }

    [Fact]
    public async Task NoRedirectCarriesTheCredentialsNotEvenToTheSameOrigin()
    {
        // HttpClient drops the Authorization header on every redirect. Twilio redirects a recording to its storage on
        // another host; a same-origin redirect that needs the credentials again fails as Twilio refusing them.
        var (callSid, recordingSid, movedSid, audio) = (NewCallSid(), NewRecordingSid(), NewRecordingSid(), Audio(1000));
        _twilio.Recording(movedSid).Serves(audio);
        _twilio.Recording(recordingSid).Otherwise(TwilioResponse.Redirect(_twilio.RecordingUrl(movedSid) + ".mp3", 307));

        var result = await DownloadAsync(Client(), callSid, _twilio.RecordingUrl(recordingSid));

        result.Outcome.ShouldBe(MediaDownloadOutcome.Failed);
        result.Error.ShouldNotBeNull().ShouldContain("refused the credentials");
        _twilio.RequestsFor(movedSid).ShouldHaveSingleItem().Authorization.ShouldBeNull();
    }

    [Fact]
    public async Task FollowsAtMostFiveRedirects()
    {
        var (callSid, recordingSid) = (NewCallSid(), NewRecordingSid());
        var cdn = await StartServerAsync(requireAuthentication: false);
        cdn.Recording(recordingSid).Otherwise(TwilioResponse.Redirect(cdn.RecordingUrl(recordingSid) + ".mp3"));
        _twilio.Recording(recordingSid).Otherwise(TwilioResponse.Redirect(cdn.RecordingUrl(recordingSid) + ".mp3"));

        var result = await DownloadAsync(Client(), callSid, _twilio.RecordingUrl(recordingSid));

        result.Outcome.ShouldBe(MediaDownloadOutcome.Failed);
        result.Attempts.ShouldBe(1);
        result.Error.ShouldNotBeNull().ShouldContain("redirected more than 5 times");
        (_twilio.RequestCount(recordingSid) + cdn.RequestCount(recordingSid)).ShouldBe(1 + TwilioMediaClient.MaxRedirects);
    }

    [Fact]
    public async Task RefusesAnOriginNotInMediaOriginsWithoutARequest()
    {
        var (callSid, recordingSid) = (NewCallSid(), NewRecordingSid());
        _twilio.Recording(recordingSid).Serves(Audio(1000));

        var result = await DownloadAsync(
            Client(o => o.MediaOrigins = ["https://api.twilio.com"]), callSid, _twilio.RecordingUrl(recordingSid));

        result.Outcome.ShouldBe(MediaDownloadOutcome.Failed);
        result.Attempts.ShouldBe(0);
        result.Error.ShouldNotBeNull().ShouldContain("Twilio:MediaOrigins");
        _twilio.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task TheFirstRetryComesAfterOneToThreeBaseDelays()
    {
        var time = new ObservedFakeTimeProvider();
        var (callSid, recordingSid, audio) = (NewCallSid(), NewRecordingSid(), Audio(10_000));
        _twilio.Recording(recordingSid).Then(TwilioResponse.Status(503)).Serves(audio);
        var client = Client(o => o.RetryBaseDelay = TimeSpan.FromSeconds(1), time);

        var download = DownloadAsync(client, callSid, _twilio.RecordingUrl(recordingSid), time.GetUtcNow());
        var backoff = await time.NextTimerAsync(IsBackoff);

        time.Advance(TimeSpan.FromSeconds(0.99));
        _twilio.RequestCount(recordingSid).ShouldBe(1);
        time.Advance(TimeSpan.FromSeconds(2.01));
        await _twilio.WaitForRequestsAsync(recordingSid, 2);

        (await download).Attempts.ShouldBe(2);
        backoff.ShouldBeInRange(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task WaitsForALongerRetryAfter()
    {
        var time = new ObservedFakeTimeProvider();
        var (callSid, recordingSid, audio) = (NewCallSid(), NewRecordingSid(), Audio(10_000));
        _twilio.Recording(recordingSid).Then(TwilioResponse.TooManyRequests(10)).Serves(audio);
        var client = Client(o => o.RetryBaseDelay = TimeSpan.FromSeconds(1), time);

        var download = DownloadAsync(client, callSid, _twilio.RecordingUrl(recordingSid), time.GetUtcNow());

        (await time.NextTimerAsync(IsBackoff)).ShouldBe(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(9.9));
        _twilio.RequestCount(recordingSid).ShouldBe(1);
        time.Advance(TimeSpan.FromSeconds(0.1));
        (await download).Outcome.ShouldBe(MediaDownloadOutcome.Stored);
    }

    [Fact]
    public async Task AStalledBodyTimesOutAndIsRetried()
    {
        var time = new ObservedFakeTimeProvider();
        var (callSid, recordingSid, audio) = (NewCallSid(), NewRecordingSid(), Audio());
        var gate = _twilio.Recording(recordingSid).ThenGated(audio, holdAfterBytes: 50_000);
        _twilio.Recording(recordingSid).Serves(audio);
        var client = Client(
            o =>
            {
                o.RetryBaseDelay = TimeSpan.Zero;
                o.AttemptTimeout = TimeSpan.FromSeconds(30);
            },
            time);

        var download = DownloadAsync(client, callSid, _twilio.RecordingUrl(recordingSid), time.GetUtcNow());
        await gate.WaitUntilReachedAsync();
        time.Advance(TimeSpan.FromSeconds(31));

        var result = await download;
        result.Outcome.ShouldBe(MediaDownloadOutcome.Stored);
        result.Attempts.ShouldBe(2);
        (await File.ReadAllBytesAsync(_store.FinalPath(callSid + ".mp3"))).ShouldBe(audio);
        (await gate.Finished.WaitAsync(SimulatedTwilio.DefaultWaitTimeout)).ShouldBeFalse();
        TempFiles().ShouldBeEmpty();
    }

    [Fact]
    public async Task CancellationStopsTheDownloadWithoutRetryOrLeftovers()
    {
        var (callSid, recordingSid, audio) = (NewCallSid(), NewRecordingSid(), Audio());
        var gate = _twilio.Recording(recordingSid).ThenGated(audio, holdAfterBytes: 50_000);
        _twilio.Recording(recordingSid).Serves(audio);
        using var cts = new CancellationTokenSource();

        var download = DownloadAsync(Client(), callSid, _twilio.RecordingUrl(recordingSid), cancellationToken: cts.Token);
        await gate.WaitUntilReachedAsync();
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => download);
        _twilio.RequestCount(recordingSid).ShouldBe(1);
        (await _store.FindAsync(callSid + ".mp3", CancellationToken.None)).ShouldBeNull();
        TempFiles().ShouldBeEmpty();
    }
}
