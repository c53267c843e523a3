using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Interfaces;
using Recordings.Demo.Twilio;
using Recordings.Infrastructure.Twilio;

namespace Recordings.Infrastructure.IntegrationTests.Twilio;

/// <summary>Twilio's REST API through Twilio's SDK, against the simulated Twilio on loopback (Twilio:ApiBaseUrl).</summary>
public sealed class TwilioRestApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Today = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly List<ServiceProvider> _providers = [];
    private SimulatedTwilio _twilio = null!;

    public async Task InitializeAsync() => _twilio = await SimulatedTwilio.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await _twilio.DisposeAsync();
    }

    private ITwilioRestApi Api(string? authToken = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(Options.Create(new TwilioOptions
        {
            AccountSid = _twilio.AccountSid,
            AuthToken = authToken ?? _twilio.AuthToken,
            MediaOrigins = [_twilio.BaseUrl],
            ApiBaseUrl = _twilio.BaseUrl,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        }));
        services.AddTwilioMedia(new ConfigurationBuilder().Build());
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<ITwilioRestApi>();
    }

    private static string Sid(string prefix, int n) => $"{prefix}{n:x32}";

    [Fact]
    public async Task EveryPageOfTheRecordingsCreatedBetweenTheBoundsIsListedAndTheFiltersFollowTheNextPages()
    {
        for (var i = 0; i < 230; i++)
        {
            _twilio.ListRecording(new SimulatedListedRecording(Sid("RE", i), Sid("CA", i), Today.AddMinutes(-i), Duration: 40, Channels: 2));
        }

        _twilio.ListRecording(new SimulatedListedRecording(Sid("RE", 998), Sid("CA", 998), Today.AddDays(-3)));
        _twilio.ListRecording(new SimulatedListedRecording(Sid("RE", 999), Sid("CA", 999), Today.AddMinutes(1)));

        var pages = await Api().ListRecordingPagesAsync(Today.AddDays(-1), Today.AddSeconds(30), CancellationToken.None).ToListAsync();

        pages.Select(p => p.Count).ShouldBe([100, 100, 30], "three pages of at most 100; the older and the newer ones are not listed");
        var listed = pages.SelectMany(p => p).ToList();
        listed.Select(r => r.RecordingSid).ShouldBeUnique();
        var first = listed.Single(r => r.RecordingSid == Sid("RE", 0));
        first.ShouldBe(new TwilioRecordingListing(Sid("RE", 0), Sid("CA", 0), "completed", 40, 2, "RecordVerb", Today, Today));
        _twilio.Requests.Count(r => r.Path.EndsWith("/Recordings.json", StringComparison.Ordinal)).ShouldBe(3);
        _twilio.Requests.ShouldAllBe(r => r.Authorization == _twilio.ExpectedAuthorization);
        // Twilio's SDK's DateCreatedAfter and DateCreatedBefore: "DateCreated>" and "DateCreated<", ISO 8601 in UTC.
        _twilio.RecordingListRequests.Select(Uri.UnescapeDataString).ShouldAllBe(q => q.Contains("DateCreated>=2026-11-30T09:00:00Z")
            && q.Contains("DateCreated<=2026-12-01T09:00:30Z"));
    }

    [Fact]
    public async Task APageTwilioKeepsFailingOnThrowsAfterTheEarlierPagesWereServed()
    {
        for (var i = 0; i < 150; i++)
        {
            _twilio.ListRecording(new SimulatedListedRecording(Sid("RE", i), Sid("CA", i), Today.AddMinutes(-i)));
        }

        _twilio.FailRecordingListPage(1);
        var pages = new List<IReadOnlyList<TwilioRecordingListing>>();

        var failure = await Should.ThrowAsync<TwilioApiException>(async () =>
        {
            await foreach (var page in Api().ListRecordingPagesAsync(Today.AddDays(-1), Today.AddMinutes(1), CancellationToken.None))
            {
                pages.Add(page);
            }
        });

        failure.Status.ShouldBe(503);
        pages.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ACallIsFetchedAndAnUnknownOneIsNull()
    {
        _twilio.KnowCall(new SimulatedCall(Sid("CA", 1), "+15550001111", "+15551230001", Today, Duration: 75));

        var call = await Api().FetchCallAsync(Sid("CA", 1), CancellationToken.None);

        call.ShouldBe(new TwilioCallDetails(Sid("CA", 1), "+15550001111", "+15551230001", "inbound", "completed", 75, Today));
        (await Api().FetchCallAsync(Sid("CA", 2), CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task ACallsLegsAreListedByTheirParentAndACallWithoutLegsHasNone()
    {
        _twilio.KnowCall(new SimulatedCall(Sid("CA", 3), "+15550001111", "+15551230001", Today, Duration: 75));
        _twilio.KnowCall(new SimulatedCall(Sid("CA", 4), "+15551230001", "client:alice", Today, "outbound-dial", Duration: 70, ParentCallSid: Sid("CA", 3)));
        _twilio.KnowCall(new SimulatedCall(Sid("CA", 5), "+15551230001", "client:bob", Today, "outbound-dial", Duration: 5, ParentCallSid: Sid("CA", 9)));

        var legs = await Api().ListLegsAsync(Sid("CA", 3), CancellationToken.None);

        legs.ShouldBe([new TwilioCallDetails(Sid("CA", 4), "+15551230001", "client:alice", "outbound-dial", "completed", 70, Today, Sid("CA", 3))]);
        (await Api().ListLegsAsync(Sid("CA", 4), CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task DeletingARecordingTwiceCountsTheSecondAsAlreadyDone()
    {
        _twilio.ListRecording(new SimulatedListedRecording(Sid("RE", 5), Sid("CA", 5), Today));
        _twilio.Recording(Sid("RE", 5)).Serves([1, 2, 3]);
        var api = Api();

        (await api.DeleteRecordingAsync(Sid("RE", 5), CancellationToken.None)).ShouldBeTrue();
        (await api.DeleteRecordingAsync(Sid("RE", 5), CancellationToken.None)).ShouldBeFalse("404: already gone, which is what was wanted");
        _twilio.WasDeleted(Sid("RE", 5)).ShouldBeTrue();
    }

    [Fact]
    public async Task RateLimitsAndServerErrorsAreRetried()
    {
        _twilio.KnowCall(new SimulatedCall(Sid("CA", 7), "+15550001111", "+15551230001", Today));
        _twilio.FailNextRestRequests(2, 429);

        (await Api().FetchCallAsync(Sid("CA", 7), CancellationToken.None)).ShouldNotBeNull();

        _twilio.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task AnOutageLongerThanTheRetriesIsReportedWithTwiliosStatusAndNoSecret()
    {
        _twilio.FailNextRestRequests(TwilioRestApi.MaxAttempts, 503);

        var failure = await Should.ThrowAsync<TwilioApiException>(() => Api().FetchCallAsync(Sid("CA", 8), CancellationToken.None));

        failure.Status.ShouldBe(503);
        failure.Message.ShouldNotContain(_twilio.AuthToken);
        _twilio.Requests.Count.ShouldBe(TwilioRestApi.MaxAttempts);
    }

    [Fact]
    public async Task WrongCredentialsAreNotRetried()
    {
        var failure = await Should.ThrowAsync<TwilioApiException>(() => Api(authToken: "not-the-token").FetchCallAsync(Sid("CA", 9), CancellationToken.None));

        failure.Status.ShouldBe(401);
        failure.Message.ShouldNotContain("not-the-token");
        _twilio.Requests.Count.ShouldBe(1);
    }
}
