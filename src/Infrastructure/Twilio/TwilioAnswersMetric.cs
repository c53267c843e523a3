using Recordings.Application.Common.Metrics;

namespace Recordings.Infrastructure.Twilio;

/// <summary>
/// Counts every answer Twilio gives one of our HTTP clients, by status (<c>recordings_twilio_responses_total{api,status}</c>,
/// 429 included): each attempt counts, retries too, so a burst of 429s shows however the client then backs off. A request
/// that gets no answer (refused, timed out) counts nothing here; the download's outcome says what became of it.
/// </summary>
public sealed class TwilioAnswersMetric(string api) : DelegatingHandler
{
    public const string Media = "media";
    public const string Rest = "rest";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        RecordingsMetrics.TwilioAnswered(api, (int)response.StatusCode);
        return response;
    }
}
