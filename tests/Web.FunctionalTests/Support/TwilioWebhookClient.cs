using Recordings.Infrastructure.Twilio;

namespace Recordings.Web.FunctionalTests.Support;

/// <summary>Sends webhooks the way Twilio does: a form, signed with the auth token over the URL and the sorted fields.</summary>
public sealed class TwilioWebhookClient(HttpClient http, string authToken)
{
    public const string CallStatusPath = "/api/webhooks/twilio/call-status";
    public const string RecordingStatusPath = "/api/webhooks/twilio/recording-status";

    public Task<HttpResponseMessage> CallStatusAsync(IDictionary<string, string> fields) => PostAsync(CallStatusPath, fields);

    public Task<HttpResponseMessage> RecordingStatusAsync(IDictionary<string, string> fields) => PostAsync(RecordingStatusPath, fields);

    public Task<HttpResponseMessage> PostAsync(string path, IDictionary<string, string> fields, string? signature = null)
    {
        var url = new Uri(http.BaseAddress!, path).ToString();
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("X-Twilio-Signature", signature ?? TwilioRequestValidator.ComputeSignature(authToken, url, fields));
        return http.SendAsync(request);
    }

    /// <summary>A timestamp as Twilio writes it (RFC 1123).</summary>
    public static string Timestamp(DateTimeOffset at) => at.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The present minute, to the minute: a webhook's timestamp must lie near the present.</summary>
    public static DateTimeOffset RecentWholeMinute()
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
    }

    public static Dictionary<string, string> CallStatus(
        string callSid, string from, string to, string direction = "inbound", string status = "completed",
        string? duration = "31", string? timestamp = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["CallSid"] = callSid,
            ["AccountSid"] = RecordingsApiFactory.AccountSid,
            ["From"] = from,
            ["To"] = to,
            ["Direction"] = direction,
            ["CallStatus"] = status,
            ["ApiVersion"] = "2010-04-01",
        };
        if (duration is not null)
        {
            fields["CallDuration"] = duration;
        }

        if (timestamp is not null)
        {
            fields["Timestamp"] = timestamp;
        }

        return fields;
    }

    public static Dictionary<string, string> RecordingStatus(
        string callSid, string recordingSid, string status = "completed", string origin = "https://api.twilio.com") => new()
    {
        ["AccountSid"] = RecordingsApiFactory.AccountSid,
        ["CallSid"] = callSid,
        ["RecordingSid"] = recordingSid,
        ["RecordingUrl"] = $"{origin}/2010-04-01/Accounts/{RecordingsApiFactory.AccountSid}/Recordings/{recordingSid}",
        ["RecordingStatus"] = status,
        ["RecordingDuration"] = "31",
        ["RecordingChannels"] = "1",
        ["RecordingSource"] = "RecordVerb",
        ["RecordingStartTime"] = "Tue, 24 Nov 2026 10:00:00 +0000",
    };
}
