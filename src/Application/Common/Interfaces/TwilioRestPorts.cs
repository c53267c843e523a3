namespace Recordings.Application.Common.Interfaces;

/// <summary>
/// Twilio's REST API, as the app uses it: the account's recordings (for reconciliation), a call's details (for a call
/// known only to Twilio), and deleting Twilio's copy of a recording. Transient failures (429, 5xx, the network) are
/// retried inside, within bounds; what still fails throws <see cref="TwilioApiException"/>.
/// </summary>
public interface ITwilioRestApi
{
    /// <summary>The account whose recordings and calls these are.</summary>
    string AccountSid { get; }

    /// <summary>
    /// The account's recordings created after <paramref name="createdAfter"/> and before <paramref name="createdBefore"/>
    /// (whole seconds, UTC; Twilio's <c>DateCreated&gt;</c> and <c>DateCreated&lt;</c>), page by page as Twilio serves
    /// them (newest first). A page that cannot be read (after the retries) throws <see cref="TwilioApiException"/>.
    /// </summary>
    IAsyncEnumerable<IReadOnlyList<TwilioRecordingListing>> ListRecordingPagesAsync(
        DateTimeOffset createdAfter, DateTimeOffset createdBefore, CancellationToken cancellationToken);

    /// <summary>A call of the account, or null when Twilio has no such call (404).</summary>
    Task<TwilioCallDetails?> FetchCallAsync(string callSid, CancellationToken cancellationToken);

    /// <summary>
    /// The legs of a call (Twilio's calls whose <c>ParentCallSid</c> is it: the dial through to an agent), at most the
    /// first page of 50; none when it has none.
    /// </summary>
    Task<IReadOnlyList<TwilioCallDetails>> ListLegsAsync(string parentCallSid, CancellationToken cancellationToken);

    /// <summary>Deletes Twilio's copy of a recording; false when Twilio had none any more (404 counts as done).</summary>
    Task<bool> DeleteRecordingAsync(string recordingSid, CancellationToken cancellationToken);

    /// <summary>The recording's media URL as Twilio's recording callback gives it (<c>RecordingUrl</c>, without <c>.mp3</c>).</summary>
    string RecordingUrl(string recordingSid);
}

/// <summary>The reconciliation runs' reports, kept in the database so that every node answers the same.</summary>
public interface IReconciliationReports
{
    Task AddAsync(ReconciliationReport report, CancellationToken cancellationToken);

    /// <summary>The report of the last run, or null before the first.</summary>
    Task<ReconciliationReport?> LatestAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The account's watermark: every recording created before it was listed and checked by a run, or null before the
    /// first run that listed everything.
    /// </summary>
    Task<DateTimeOffset?> WatermarkAsync(string accountSid, CancellationToken cancellationToken);
}

/// <summary>What one reconciliation run did.</summary>
/// <param name="Listed">Recordings Twilio listed (created after <paramref name="ListedFrom"/>).</param>
/// <param name="Backfilled">Completed recordings the app did not know, now recorded and queued.</param>
/// <param name="Unattributed">Of those, the ones whose call no business owns (kept without a business, as for webhooks).</param>
/// <param name="Errors">What went wrong, one sentence each (no secrets); a run whose listing failed has one here.</param>
/// <param name="Checked">Completed recordings checked against the database (one query per listed page).</param>
/// <param name="Missing">Of those, the ones the app did not know (backfilled, or in <paramref name="Errors"/>).</param>
/// <param name="ListedFrom">The listing's lower bound: the previous watermark minus the overlap, or the lookback.</param>
/// <param name="Watermark">
/// The account's watermark after the run: the listing's upper bound when everything was listed and every missing
/// recording queued; otherwise no later than what was (the previous one, or just before the first recording that failed).
/// </param>
public sealed record ReconciliationReport(
    DateTimeOffset RanAt, double Seconds, int Listed, int Backfilled, int Unattributed, IReadOnlyList<string> Errors,
    int Checked = 0, int Missing = 0, DateTimeOffset? ListedFrom = null, DateTimeOffset? Watermark = null)
{
    /// <summary>The account whose recordings were listed (the watermark is kept per account).</summary>
    public string? AccountSid { get; init; }
}

/// <summary>One recording as Twilio lists it.</summary>
/// <param name="Status">Twilio's status: <c>completed</c>, <c>processing</c>, <c>absent</c>, <c>failed</c>, ...</param>
/// <param name="DateCreated">When Twilio created the recording (what the listing filters on).</param>
public sealed record TwilioRecordingListing(
    string RecordingSid, string CallSid, string Status, int? DurationSeconds, int? Channels, string? Source, DateTimeOffset? StartTime,
    DateTimeOffset? DateCreated = null);

/// <summary>One call as Twilio's Calls API describes it.</summary>
/// <param name="Direction">Twilio's direction: <c>inbound</c>, <c>outbound-api</c>, <c>outbound-dial</c>.</param>
/// <param name="Status">Twilio's status: <c>completed</c>, <c>busy</c>, <c>no-answer</c>, ...</param>
/// <param name="ParentCallSid">The call this one is a leg of (a dial to an agent), if any.</param>
public sealed record TwilioCallDetails(
    string CallSid, string? From, string? To, string? Direction, string? Status, int? DurationSeconds, DateTimeOffset? StartTime,
    string? ParentCallSid = null);

/// <summary>Twilio's REST API failed (after the retries): its HTTP status when it answered, and a sentence without secrets.</summary>
public sealed class TwilioApiException : Exception
{
    public TwilioApiException()
    {
    }

    public TwilioApiException(string message)
        : base(message)
    {
    }

    public TwilioApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TwilioApiException(int? status, string message, Exception? innerException = null)
        : base(message, innerException) => Status = status;

    /// <summary>Twilio's HTTP status, or null when it did not answer.</summary>
    public int? Status { get; }
}
