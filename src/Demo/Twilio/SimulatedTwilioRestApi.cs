using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Recordings.Demo.Twilio;

/// <summary>A recording the simulated Twilio lists (its REST API), as Twilio's Recordings list describes one.</summary>
public sealed record SimulatedListedRecording(
    string Sid, string CallSid, DateTimeOffset DateCreated, string Status = "completed", int Duration = 31, int Channels = 1,
    string Source = "RecordVerb")
{
    public DateTimeOffset StartTime { get; init; } = DateCreated;
}

/// <summary>A call the simulated Twilio's Calls API knows.</summary>
public sealed record SimulatedCall(
    string Sid, string From, string To, DateTimeOffset StartTime, string Direction = "inbound", string Status = "completed", int Duration = 31,
    string? ParentCallSid = null);

/// <summary>
/// The part of Twilio's REST API the app uses, simulated: <c>GET .../Recordings.json</c> (the recordings created since
/// a day, or after and before an instant, paged with <c>next_page_uri</c>; each list request is logged), <c>GET .../Calls/{CallSid}.json</c>, <c>GET .../Calls.json?ParentCallSid=</c> (a call's legs, one page) and <c>DELETE .../Recordings/{Sid}.json</c>
/// (204, then 404; a deleted recording's media answers 404 too). JSON as Twilio writes it (snake_case, RFC 2822 dates).
/// </summary>
internal sealed class SimulatedTwilioRestApi
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private readonly ConcurrentDictionary<string, SimulatedListedRecording> _recordings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SimulatedCall> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _deleted = new(StringComparer.Ordinal);

    private readonly ConcurrentQueue<string> _listRequests = new();
    private readonly Lock _sortedLock = new();

    // The recordings newest first, kept until the set changes: a list of 100,000 is sorted once, not once per page.
    private int _version;
    private (int Version, SimulatedListedRecording[] Recordings) _sorted = (-1, []);

    private int _failures;
    private int _failureStatus;
    private int _failListPage = -1;

    /// <summary>The query strings of the list requests received, in order (for tests and the benchmark).</summary>
    public IReadOnlyList<string> ListRequests => [.. _listRequests];

    public void ClearListRequests() => _listRequests.Clear();

    /// <summary>Every request for list page <paramref name="page"/> (0-based) answers 503 until <see cref="Clear"/>.</summary>
    public void FailListPage(int page) => _failListPage = page;

    public void List(SimulatedListedRecording recording)
    {
        _recordings[recording.Sid] = recording;
        Interlocked.Increment(ref _version);
    }

    /// <summary>
    /// Lists <paramref name="count"/> completed recordings at once (for a benchmark): SIDs <c>RE</c> and <c>CA</c>
    /// followed by the index from <paramref name="first"/> in 32 hexadecimal digits, created <paramref name="spacing"/>
    /// apart from <paramref name="firstCreated"/> on.
    /// </summary>
    public void ListMany(int first, int count, DateTimeOffset firstCreated, TimeSpan spacing)
    {
        for (var i = first; i < first + count; i++)
        {
            var created = firstCreated + spacing * (i - first);
            _recordings[$"RE{i:x32}"] = new SimulatedListedRecording($"RE{i:x32}", $"CA{i:x32}", created);
        }

        Interlocked.Increment(ref _version);
    }

    /// <summary>The next <paramref name="count"/> REST requests answer <paramref name="status"/> (429, 503: Twilio in trouble).</summary>
    public void FailNext(int count, int status)
    {
        _failureStatus = status;
        Interlocked.Exchange(ref _failures, count);
    }

    public void Know(SimulatedCall call) => _calls[call.Sid] = call;

    public void Clear()
    {
        _recordings.Clear();
        Interlocked.Increment(ref _version);
        _calls.Clear();
        _deleted.Clear();
        _listRequests.Clear();
        _failListPage = -1;
        Interlocked.Exchange(ref _failures, 0);
    }

    public bool IsDeleted(string recordingSid) => _deleted.ContainsKey(recordingSid);

    /// <summary>Answers a REST request of the account, or returns false when the path is none of the API's.</summary>
    public async Task<bool> TryHandleAsync(HttpContext context, string accountSid, string rest)
    {
        var method = context.Request.Method;
        if (Interlocked.Decrement(ref _failures) >= 0)
        {
            await SimulatedTwilio.WriteTwilioErrorAsync(context, _failureStatus, _failureStatus == 429 ? 20429 : 20500, "Simulated failure");
            return true;
        }

        if (rest == "Recordings.json" && HttpMethods.IsGet(method))
        {
            await ListAsync(context, accountSid);
            return true;
        }

        if (rest == "Calls.json" && HttpMethods.IsGet(method))
        {
            // Twilio's call list, filtered by ParentCallSid (the only filter the app uses), one page.
            var parent = context.Request.Query["ParentCallSid"].ToString();
            var legs = _calls.Values.Where(c => c.ParentCallSid is not null && c.ParentCallSid == parent).OrderBy(c => c.Sid, StringComparer.Ordinal)
                .Select(c => CallBody(c, accountSid)).ToList();
            var uri = $"/2010-04-01/Accounts/{accountSid}/Calls.json?ParentCallSid={parent}&PageSize=50&Page=0";
            await WriteJsonAsync(context, new CallsPageJson(legs, 0, 50, uri, uri, null, null, 0, legs.Count - 1));
            return true;
        }

        if (rest.StartsWith("Calls/", StringComparison.Ordinal) && rest.EndsWith(".json", StringComparison.Ordinal) && HttpMethods.IsGet(method))
        {
            var sid = rest["Calls/".Length..^".json".Length];
            if (_calls.TryGetValue(sid, out var call))
            {
                await WriteJsonAsync(context, CallBody(call, accountSid));
            }
            else
            {
                await SimulatedTwilio.WriteTwilioErrorAsync(context, StatusCodes.Status404NotFound, 20404, "The requested resource was not found");
            }

            return true;
        }

        if (rest.StartsWith("Recordings/", StringComparison.Ordinal) && rest.EndsWith(".json", StringComparison.Ordinal) && HttpMethods.IsDelete(method))
        {
            var sid = rest["Recordings/".Length..^".json".Length];
            if (_recordings.TryRemove(sid, out _) | _deleted.TryAdd(sid, 0))
            {
                Interlocked.Increment(ref _version);
                context.Response.StatusCode = StatusCodes.Status204NoContent;
            }
            else
            {
                await SimulatedTwilio.WriteTwilioErrorAsync(context, StatusCodes.Status404NotFound, 20404, "The requested resource was not found");
            }

            return true;
        }

        return false;
    }

    private async Task ListAsync(HttpContext context, string accountSid)
    {
        var query = context.Request.Query;
        _listRequests.Enqueue(context.Request.QueryString.Value ?? string.Empty);
        // Twilio's filters: DateCreated>=YYYY-MM-DD (a day), and DateCreated> / DateCreated< (ISO 8601 date-times, as
        // the SDK's DateCreatedAfter / DateCreatedBefore write them).
        var since = DateOnly.TryParseExact(query["DateCreated>="].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : DateOnly.MinValue;
        var after = Instant(query["DateCreated>"].ToString()) ?? DateTimeOffset.MinValue;
        var before = Instant(query["DateCreated<"].ToString()) ?? DateTimeOffset.MaxValue;
        var pageSize = int.TryParse(query["PageSize"], CultureInfo.InvariantCulture, out var size) ? Math.Clamp(size, 1, 1000) : 50;
        var page = int.TryParse(query["Page"], CultureInfo.InvariantCulture, out var number) ? Math.Max(0, number) : 0;
        if (page == _failListPage)
        {
            await SimulatedTwilio.WriteTwilioErrorAsync(context, StatusCodes.Status503ServiceUnavailable, 20500, "Simulated failure");
            return;
        }

        // Newest first, as Twilio lists them.
        var all = Sorted()
            .Where(r => DateOnly.FromDateTime(r.DateCreated.UtcDateTime) >= since && r.DateCreated > after && r.DateCreated < before)
            .ToList();
        var items = all.Skip(page * pageSize).Take(pageSize)
            .Select(r => new RecordingJson(r.Sid, accountSid, r.CallSid, r.Status, r.Duration.ToString(CultureInfo.InvariantCulture), r.Channels,
                r.Source, Rfc2822(r.StartTime), Rfc2822(r.DateCreated), $"/2010-04-01/Accounts/{accountSid}/Recordings/{r.Sid}.json"))
            .ToList();
        var filters = string.Concat(
            query.ContainsKey("DateCreated>=") ? $"DateCreated%3E%3D={since:yyyy-MM-dd}&" : string.Empty,
            query.ContainsKey("DateCreated>") ? $"DateCreated%3E={Uri.EscapeDataString(query["DateCreated>"].ToString())}&" : string.Empty,
            query.ContainsKey("DateCreated<") ? $"DateCreated%3C={Uri.EscapeDataString(query["DateCreated<"].ToString())}&" : string.Empty);
        string PageUri(int p) =>
            $"/2010-04-01/Accounts/{accountSid}/Recordings.json?{filters}PageSize={pageSize}&Page={p}";
        var hasNext = (page + 1) * pageSize < all.Count;
        await WriteJsonAsync(context, new RecordingsPageJson(
            items, page, pageSize, PageUri(0), PageUri(page), hasNext ? PageUri(page + 1) : null, page > 0 ? PageUri(page - 1) : null,
            page * pageSize, page * pageSize + items.Count - 1));
    }

    private SimulatedListedRecording[] Sorted()
    {
        lock (_sortedLock)
        {
            var version = Volatile.Read(ref _version);
            if (_sorted.Version != version)
            {
                _sorted = (version, [.. _recordings.Values.OrderByDescending(r => r.DateCreated).ThenBy(r => r.Sid, StringComparer.Ordinal)]);
            }

            return _sorted.Recordings;
        }
    }

    private static DateTimeOffset? Instant(string value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : null;

    private static Task WriteJsonAsync<T>(HttpContext context, T body)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json), context.RequestAborted);
    }

    private static string Rfc2822(DateTimeOffset at) => at.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    private sealed record RecordingJson(
        string Sid, string AccountSid, string CallSid, string Status, string Duration, int Channels, string Source, string StartTime,
        string DateCreated, string Uri);

    private sealed record RecordingsPageJson(
        List<RecordingJson> Recordings, int Page, int PageSize, string FirstPageUri, string Uri, string? NextPageUri,
        string? PreviousPageUri, int Start, int End);

    private static CallJson CallBody(SimulatedCall call, string accountSid) =>
        new(call.Sid, accountSid, call.From, call.To, call.Direction, call.Status, call.Duration.ToString(CultureInfo.InvariantCulture),
            Rfc2822(call.StartTime), $"/2010-04-01/Accounts/{accountSid}/Calls/{call.Sid}.json", call.ParentCallSid);

    private sealed record CallJson(
        string Sid, string AccountSid, string From, string To, string Direction, string Status, string Duration, string StartTime, string Uri,
        string? ParentCallSid);

    private sealed record CallsPageJson(
        List<CallJson> Calls, int Page, int PageSize, string FirstPageUri, string Uri, string? NextPageUri, string? PreviousPageUri, int Start, int End);
}
