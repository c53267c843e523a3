using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

public sealed class TwilioWebhookTests(RecordingsApiFactory factory) : ApiTest(factory)
{
    private const string Customer = "+972501234567";
    private const string BusinessNumber = "+15551230001";

    /// <summary>A completed recording is queued for download at once; these tests do not wait to see how that ends.</summary>
    private static readonly string[] QueuedOrBeyond = ["queued", "downloading", "ready", "failed"];

    [Fact]
    public async Task SignedCallStatusCreatesACallItsBusinessAgentSees()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);
        var callSid = NewCallSid();
        var endedAt = TwilioWebhookClient.RecentWholeMinute().AddSeconds(31);

        var response = await Twilio.CallStatusAsync(TwilioWebhookClient.CallStatus(callSid, Customer, BusinessNumber,
            timestamp: TwilioWebhookClient.Timestamp(endedAt)));

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var call = await browser.GetFromJsonAsync<JsonElement>($"/api/calls/{callSid}");
        call.GetProperty("callSid").GetString().ShouldBe(callSid);
        call.GetProperty("from").GetString().ShouldBe(Customer);
        call.GetProperty("to").GetString().ShouldBe(BusinessNumber);
        call.GetProperty("direction").GetString().ShouldBe("inbound");
        call.GetProperty("status").GetString().ShouldBe("completed");
        call.GetProperty("durationSeconds").GetInt32().ShouldBe(31);
        call.GetProperty("startedAt").GetDateTimeOffset().ShouldBe(endedAt.AddSeconds(-31));
        call.GetProperty("recording").GetProperty("state").GetString().ShouldBe("missing");
        call.GetProperty("transcript").GetProperty("state").GetString().ShouldBe("none");
        call.GetProperty("summary").GetProperty("state").GetString().ShouldBe("none");
    }

    [Fact]
    public async Task AnotherBusinessAgentGets404AndNeverSeesTheCall()
    {
        await AgentOfNewBusinessAsync("Acme", BusinessNumber);
        var (_, otherBrowser) = await AgentOfNewBusinessAsync("Globex", "+15551239999");
        var callSid = NewCallSid();
        (await Twilio.CallStatusAsync(TwilioWebhookClient.CallStatus(callSid, Customer, BusinessNumber))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await (await otherBrowser.GetAsync($"/api/calls/{callSid}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "call_not_found");
        var list = await otherBrowser.GetFromJsonAsync<JsonElement>("/api/calls");
        list.GetProperty("total").GetInt32().ShouldBe(0);
        list.GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task OutboundCallBelongsToTheBusinessThatOwnsFrom()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);
        var callSid = NewCallSid();

        (await Twilio.CallStatusAsync(TwilioWebhookClient.CallStatus(callSid, BusinessNumber, Customer, direction: "outbound-api")))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var call = await browser.GetFromJsonAsync<JsonElement>($"/api/calls/{callSid}");
        call.GetProperty("direction").GetString().ShouldBe("outbound-api");
    }

    [Fact]
    public async Task InboundCallFromABusinessNumberToAnotherNumberIsNotThatBusinesss()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);
        var callSid = NewCallSid();

        // Inbound: the business is the one called (To), not the caller.
        (await Twilio.CallStatusAsync(TwilioWebhookClient.CallStatus(callSid, BusinessNumber, Customer))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await browser.GetAsync($"/api/calls/{callSid}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Factory.QueryAsync<long>($"SELECT count(*) FROM calls WHERE call_sid = '{callSid}' AND business_id IS NULL")).ShouldBe(1);
    }

    [Fact]
    public async Task CallOnANumberNoBusinessOwnsIsKeptWithoutABusiness()
    {
        var callSid = NewCallSid();

        (await Twilio.CallStatusAsync(TwilioWebhookClient.CallStatus(callSid, Customer, "+15550000000"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Factory.QueryAsync<long>($"SELECT count(*) FROM calls WHERE call_sid = '{callSid}' AND business_id IS NULL")).ShouldBe(1);
    }

    [Fact]
    public async Task BadlySignedCallStatusIs403AndStoresNothing()
    {
        var fields = TwilioWebhookClient.CallStatus(NewCallSid(), Customer, BusinessNumber);

        var response = await Twilio.PostAsync(TwilioWebhookClient.CallStatusPath, fields, signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8=");

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "invalid_signature");
        (await Factory.QueryAsync<long>("SELECT count(*) FROM calls")).ShouldBe(0);
    }

    [Fact]
    public async Task UnsignedWebhookIs403AndStoresNothing()
    {
        using var client = Factory.CreateClient();
        var fields = TwilioWebhookClient.RecordingStatus(NewCallSid(), NewRecordingSid());

        var response = await client.PostAsync(TwilioWebhookClient.RecordingStatusPath, new FormUrlEncodedContent(fields));

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "invalid_signature");
        (await Factory.QueryAsync<long>("SELECT count(*) FROM calls")).ShouldBe(0);
    }

    [Fact]
    public async Task SignatureWithAnotherAuthTokenIs403()
    {
        var other = new TwilioWebhookClient(Factory.CreateClient(), "some-other-token");

        var response = await other.CallStatusAsync(TwilioWebhookClient.CallStatus(NewCallSid(), Customer, BusinessNumber));

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "invalid_signature");
        (await Factory.QueryAsync<long>("SELECT count(*) FROM calls")).ShouldBe(0);
    }

    [Fact]
    public async Task FieldTamperedAfterSigningIs403()
    {
        var fields = TwilioWebhookClient.CallStatus(NewCallSid(), Customer, BusinessNumber);
        var url = new Uri(Factory.CreateClient().BaseAddress!, TwilioWebhookClient.CallStatusPath).ToString();
        var signature = Recordings.Infrastructure.Twilio.TwilioRequestValidator.ComputeSignature(RecordingsApiFactory.AuthToken, url, fields);
        fields["To"] = "+15557654321";

        var response = await Twilio.PostAsync(TwilioWebhookClient.CallStatusPath, fields, signature);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "invalid_signature");
    }

    [Fact]
    public async Task CorrectlySignedWebhookOfAnotherAccountIs403AndStoresNothing()
    {
        var fields = TwilioWebhookClient.CallStatus(NewCallSid(), Customer, BusinessNumber);
        fields["AccountSid"] = "ACffffffffffffffffffffffffffffffff";

        var response = await Twilio.CallStatusAsync(fields);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "invalid_signature");
        (await Factory.QueryAsync<long>("SELECT count(*) FROM calls")).ShouldBe(0);
    }

    [Fact]
    public async Task UnicodeFieldsAreSignedAndStoredIntact()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);
        var callSid = NewCallSid();
        var fields = TwilioWebhookClient.CallStatus(callSid, "client:דנה-כהן", BusinessNumber);
        fields["CallerName"] = "דנה כהן 😀";
        fields["FromCity"] = "תל אביב";

        (await Twilio.CallStatusAsync(fields)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var call = await browser.GetFromJsonAsync<JsonElement>($"/api/calls/{callSid}");
        call.GetProperty("from").GetString().ShouldBe("client:דנה-כהן");
    }

    [Fact]
    public async Task RepeatedDeliveriesAreAcceptedAndChangeNothing()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);
        var callSid = NewCallSid();
        var recordingSid = NewRecordingSid();
        var callStatus = TwilioWebhookClient.CallStatus(callSid, Customer, BusinessNumber);
        var recordingStatus = TwilioWebhookClient.RecordingStatus(callSid, recordingSid, origin: Factory.Twilio.BaseUrl);
        Factory.Twilio.Recording(recordingSid).Serves([1, 2, 3]);

        (await Twilio.CallStatusAsync(callStatus)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Twilio.RecordingStatusAsync(recordingStatus)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        // The first delivery queued the download; let it finish so that only the repeats could change anything.
        (await new RecordingScenario(Factory, browser, callSid, recordingSid).WaitUntilSettledAsync()).ShouldBe("ready");
        var before = await Factory.QueryAsync<DateTime>($"SELECT updated_at FROM calls WHERE call_sid = '{callSid}'");
        var detailBefore = await browser.GetStringAsync($"/api/calls/{callSid}");

        for (var i = 0; i < 3; i++)
        {
            (await Twilio.CallStatusAsync(callStatus)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            (await Twilio.RecordingStatusAsync(recordingStatus)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        (await Factory.QueryAsync<long>("SELECT count(*) FROM calls")).ShouldBe(1);
        (await Factory.QueryAsync<DateTime>($"SELECT updated_at FROM calls WHERE call_sid = '{callSid}'")).ShouldBe(before);
        (await browser.GetStringAsync($"/api/calls/{callSid}")).ShouldBe(detailBefore);
        Factory.Twilio.RequestCount(recordingSid).ShouldBe(1, "a repeated callback downloads nothing again");
    }

    [Fact]
    public async Task ConcurrentDeliveriesForANewCallMakeOneCallAndLoseNothing()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);
        var callSid = NewCallSid();
        var recordingSid = NewRecordingSid();

        var deliveries = Enumerable.Range(0, 20).Select(i => i % 2 == 0
            ? Twilio.CallStatusAsync(TwilioWebhookClient.CallStatus(callSid, Customer, BusinessNumber))
            : Twilio.RecordingStatusAsync(TwilioWebhookClient.RecordingStatus(callSid, recordingSid)));
        var responses = await Task.WhenAll(deliveries);

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.NoContent);
        (await Factory.QueryAsync<long>("SELECT count(*) FROM calls")).ShouldBe(1);
        var call = await browser.GetFromJsonAsync<JsonElement>($"/api/calls/{callSid}");
        call.GetProperty("from").GetString().ShouldBe(Customer);
        call.GetProperty("recording").GetProperty("state").GetString().ShouldBeOneOf(QueuedOrBeyond);
    }

    [Fact]
    public async Task ARecordingAlreadyOfAnotherCallIs409AndNotAttached()
    {
        await AgentOfNewBusinessAsync("Acme", BusinessNumber);
        var (first, second, recordingSid) = (NewCallSid(), NewCallSid(), NewRecordingSid());
        (await Twilio.RecordingStatusAsync(TwilioWebhookClient.RecordingStatus(first, recordingSid))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var again = await Twilio.RecordingStatusAsync(TwilioWebhookClient.RecordingStatus(second, recordingSid));

        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "recording_of_another_call");
        (await Factory.QueryAsync<long>($"SELECT count(*) FROM call_recordings WHERE recording_sid = '{recordingSid}'")).ShouldBe(1);
        (await Factory.QueryAsync<string>($"SELECT call_sid FROM call_recordings WHERE recording_sid = '{recordingSid}'")).ShouldBe(first);
    }

    [Fact]
    public async Task CallbacksNamingOneRecordingForSeveralCallsAtOnceAttachItOnce()
    {
        await AgentOfNewBusinessAsync("Acme", BusinessNumber);
        for (var round = 0; round < 5; round++)
        {
            var recordingSid = NewRecordingSid();

            var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                using var answer = await Twilio.RecordingStatusAsync(TwilioWebhookClient.RecordingStatus(NewCallSid(), recordingSid));
                return answer.StatusCode;
            })));

            answers.Count(status => status == HttpStatusCode.NoContent).ShouldBe(1, string.Join(", ", answers));
            answers.Count(status => status == HttpStatusCode.Conflict).ShouldBe(3, string.Join(", ", answers));
            (await Factory.QueryAsync<long>($"SELECT count(*) FROM call_recordings WHERE recording_sid = '{recordingSid}'")).ShouldBe(1);
        }
    }

    [Fact]
    public async Task RecordingCallbackBeforeTheCallCallbackLosesNothing()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);
        var callSid = NewCallSid();
        var recordingSid = NewRecordingSid();

        (await Twilio.RecordingStatusAsync(TwilioWebhookClient.RecordingStatus(callSid, recordingSid))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await browser.GetAsync($"/api/calls/{callSid}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "no business is known before the call callback");
        (await Twilio.CallStatusAsync(TwilioWebhookClient.CallStatus(callSid, Customer, BusinessNumber))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var call = await browser.GetFromJsonAsync<JsonElement>($"/api/calls/{callSid}");
        call.GetProperty("from").GetString().ShouldBe(Customer);
        var recording = call.GetProperty("recording");
        recording.GetProperty("state").GetString().ShouldBeOneOf(QueuedOrBeyond);
        recording.GetProperty("durationSeconds").GetInt32().ShouldBe(31);
        recording.GetProperty("channels").GetInt32().ShouldBe(1);
        (await Factory.QueryAsync<string>($"SELECT recording_sid FROM call_recordings WHERE call_sid = '{callSid}'")).ShouldBe(recordingSid);
    }

    [Fact]
    public async Task StatusCallbacksOutOfOrderNeverMoveTheStatusBack()
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);
        var callSid = NewCallSid();

        await Twilio.CallStatusAsync(TwilioWebhookClient.CallStatus(callSid, Customer, BusinessNumber, status: "completed", duration: "42"));
        await Twilio.CallStatusAsync(TwilioWebhookClient.CallStatus(callSid, Customer, BusinessNumber, status: "ringing", duration: null));

        var call = await browser.GetFromJsonAsync<JsonElement>($"/api/calls/{callSid}");
        call.GetProperty("status").GetString().ShouldBe("completed");
        call.GetProperty("durationSeconds").GetInt32().ShouldBe(42);
    }

    [Theory]
    [InlineData("absent")]
    [InlineData("failed")]
    public async Task RecordingReportedAbsentOrFailedIsMissing(string status)
    {
        var (_, browser) = await AgentOfNewBusinessAsync("Acme", BusinessNumber);
        var callSid = NewCallSid();
        await Twilio.CallStatusAsync(TwilioWebhookClient.CallStatus(callSid, Customer, BusinessNumber));

        (await Twilio.RecordingStatusAsync(TwilioWebhookClient.RecordingStatus(callSid, NewRecordingSid(), status))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var call = await browser.GetFromJsonAsync<JsonElement>($"/api/calls/{callSid}");
        call.GetProperty("recording").GetProperty("state").GetString().ShouldBe("missing");
    }

    [Theory]
    [InlineData("https://evil.example.com/2010-04-01/Accounts/{account}/Recordings/{recording}")]
    [InlineData("http://api.twilio.com/2010-04-01/Accounts/{account}/Recordings/{recording}")]
    [InlineData("https://api.twilio.com.evil.example/2010-04-01/Accounts/{account}/Recordings/{recording}")]
    [InlineData("https://api.twilio.com@evil.example/2010-04-01/Accounts/{account}/Recordings/{recording}")]
    [InlineData("https://api.twilio.com/2010-04-01/Accounts/ACffffffffffffffffffffffffffffffff/Recordings/{recording}")]
    [InlineData("https://api.twilio.com/2010-04-01/Accounts/{account}/Recordings/REffffffffffffffffffffffffffffffff")]
    [InlineData("https://api.twilio.com/2010-04-01/Accounts/{account}/Recordings/{recording}/../../../../evil")]
    [InlineData("https://api.twilio.com/2010-04-01/Accounts/{account}/Recordings/{recording}?redirect=https://evil.example")]
    [InlineData("file:///etc/passwd")]
    public async Task UntrustedRecordingUrlIs400AndStoresNothing(string template)
    {
        var callSid = NewCallSid();
        var recordingSid = NewRecordingSid();
        var fields = TwilioWebhookClient.RecordingStatus(callSid, recordingSid);
        fields["RecordingUrl"] = template.Replace("{account}", RecordingsApiFactory.AccountSid, StringComparison.Ordinal)
            .Replace("{recording}", recordingSid, StringComparison.Ordinal);

        var response = await Twilio.RecordingStatusAsync(fields);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "untrusted_recording_url");
        (await Factory.QueryAsync<long>("SELECT count(*) FROM calls")).ShouldBe(0);
    }

    [Theory]
    [InlineData("CallSid", "CA123")]
    [InlineData("CallSid", "XX0123456789abcdef0123456789abcdef")]
    [InlineData("CallSid", null)]
    [InlineData("From", null)]
    [InlineData("To", "")]
    [InlineData("Direction", "sideways")]
    [InlineData("CallStatus", "exploded")]
    [InlineData("CallDuration", "-5")]
    [InlineData("CallDuration", "ten")]
    [InlineData("CallDuration", "2147483647")]
    [InlineData("Timestamp", "yesterday-ish")]
    [InlineData("From", "+1555\u0007123")]
    public async Task MalformedCallStatusIs400AndStoresNothing(string field, string? value)
    {
        var fields = TwilioWebhookClient.CallStatus(NewCallSid(), Customer, BusinessNumber);
        if (value is null)
        {
            fields.Remove(field);
        }
        else
        {
            fields[field] = value;
        }

        var response = await Twilio.CallStatusAsync(fields);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_webhook");
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ShouldContain(field);
        (await Factory.QueryAsync<long>("SELECT count(*) FROM calls")).ShouldBe(0);
    }

    [Theory]
    [InlineData("RecordingSid", "RE42")]
    [InlineData("RecordingSid", null)]
    [InlineData("RecordingStatus", "done")]
    [InlineData("RecordingUrl", null)]
    [InlineData("RecordingDuration", "1.5")]
    [InlineData("RecordingDuration", "86401")]
    [InlineData("RecordingChannels", "two")]
    [InlineData("CallSid", "CA0123456789ABCDEF0123456789ABCDEFF")]
    public async Task MalformedRecordingStatusIs400AndStoresNothing(string field, string? value)
    {
        var fields = TwilioWebhookClient.RecordingStatus(NewCallSid(), NewRecordingSid());
        if (value is null)
        {
            fields.Remove(field);
        }
        else
        {
            fields[field] = value;
        }

        var response = await Twilio.RecordingStatusAsync(fields);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_webhook");
        (await Factory.QueryAsync<long>("SELECT count(*) FROM calls")).ShouldBe(0);
    }

    [Fact]
    public async Task FormThatCannotBeReadIs400AndStoresNothing()
    {
        var fields = TwilioWebhookClient.CallStatus(NewCallSid(), "+1555\u0000123", BusinessNumber);

        var response = await Twilio.CallStatusAsync(fields);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_webhook");
        (await Factory.QueryAsync<long>("SELECT count(*) FROM calls")).ShouldBe(0);
    }

    [Fact]
    public async Task NonFormBodyIs415()
    {
        using var client = Factory.CreateClient();

        var response = await client.PostAsJsonAsync(TwilioWebhookClient.CallStatusPath, new { CallSid = NewCallSid() });

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }
}
