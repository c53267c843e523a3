using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Recordings.Bench.Scale;

/// <summary>Times the API as an agent and an operator use it: sequential requests after a warm-up, p50 and p95.</summary>
internal static class Measure
{
    public static async Task RunAsync(Uri baseUrl, string cookie, string adminKey, Guid businessId, int samples)
    {
        using var agent = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(2) };
        agent.DefaultRequestHeaders.Add("Cookie", cookie);
        using var admin = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(2) };
        admin.DefaultRequestHeaders.Add("X-Admin-Key", adminKey);

        var first = await GetAsync(agent, "/api/calls?limit=25");
        var someCall = first.GetProperty("items")[3].GetProperty("callSid").GetString()!;
        Console.WriteLine($"the business has {first.GetProperty("total").GetInt32():N0} calls{(first.GetProperty("totalIsEstimate").GetBoolean() ? " (estimated)" : string.Empty)}");

        // 400 pages deep by cursor, as an agent paging on would get there.
        var cursor = first.GetProperty("nextCursor").GetString()!;
        for (var page = 2; page < 400; page++)
        {
            cursor = (await GetAsync(agent, $"/api/calls?limit=25&cursor={Uri.EscapeDataString(cursor)}")).GetProperty("nextCursor").GetString()!;
        }

        var middle = DateTimeOffset.UtcNow.AddDays(-180);
        string At(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture));
        var rare = Transcripts.RareWord(121, hebrew: true); // template 121 speaks Hebrew (see Transcripts.Make)
        var requests = new (string Name, HttpClient Client, string Path)[]
        {
            ("floor: /api/auth/me", agent, "/api/auth/me"),
            ("list: page 1 (newest)", agent, "/api/calls?limit=25"),
            ("list: page 400 by cursor", agent, $"/api/calls?limit=25&cursor={Uri.EscapeDataString(cursor)}"),
            ("list: page 400 by number (limit 25)", agent, "/api/calls?page=399&pageSize=25"),
            ("list: sort=silence", agent, "/api/calls?limit=25&sort=silence"),
            ("list: minSilence=60", agent, "/api/calls?limit=25&minSilence=60"),
            ("list: sort=silence&minSilence=60", agent, "/api/calls?limit=25&sort=silence&minSilence=60"),
            ("list: one week (from/to)", agent, $"/api/calls?limit=25&from={At(middle)}&to={At(middle.AddDays(7))}"),
            ("list: one week, sort=silence", agent, $"/api/calls?limit=25&sort=silence&from={At(middle)}&to={At(middle.AddDays(7))}"),
            ("list: direction=outbound", agent, "/api/calls?limit=25&direction=outbound"),
            ("search: common Hebrew word (לקוח)", agent, "/api/calls?limit=25&q=" + Uri.EscapeDataString("לקוח")),
            ("search: common English word (account)", agent, "/api/calls?limit=25&q=account"),
            ("search: two common words (refund account)", agent, "/api/calls?limit=25&q=refund%20account"),
            ($"search: rare word ({rare})", agent, "/api/calls?limit=25&q=" + Uri.EscapeDataString(rare)),
            ("search: Hebrew prefixed word (והחשבונית)", agent, "/api/calls?limit=25&q=" + Uri.EscapeDataString("והחשבונית")),
            ("search: phrase (\"החיוב הכפול\")", agent, "/api/calls?limit=25&q=" + Uri.EscapeDataString("\"החיוב הכפול\"")),
            ("search: phrase (\"double charge\")", agent, "/api/calls?limit=25&q=" + Uri.EscapeDataString("\"double charge\"")),
            ("search: phone digits (0520001234)", agent, "/api/calls?limit=25&q=0520001234"),
            ("search: phone digits (+972-52-000-1234)", agent, "/api/calls?limit=25&q=" + Uri.EscapeDataString("+972-52-000-1234")),
            ("search: prefix (חשבו*)", agent, "/api/calls?limit=25&q=" + Uri.EscapeDataString("חשבו*")),
            ("search: common word, sort=newest", agent, "/api/calls?limit=25&sort=newest&q=" + Uri.EscapeDataString("לקוח")),
            ("one call", agent, $"/api/calls/{someCall}"),
            ("audit: the business, page 1", admin, $"/api/admin/audit?businessId={businessId}&pageSize=50"),
            ("audit: one call", admin, $"/api/admin/audit?businessId={businessId}&callSid={someCall}&pageSize=50"),
            ("audit: one agent", admin, $"/api/admin/audit?businessId={businessId}&agentEmail=agent7@bench.example&pageSize=50"),
        };

        PrintHeader();
        foreach (var (name, client, path) in requests)
        {
            await TimeAsync(name, client, path, samples);
        }
    }

    public static void PrintHeader() => Console.WriteLine($"{"request",-48} {"p50 ms",8} {"p95 ms",8} {"rows",6} {"total",12}");

    /// <summary>Times one kind of request (three warm-ups, then <paramref name="samples"/> in a row) and prints its line.</summary>
    public static async Task TimeAsync(string name, HttpClient client, string path, int samples)
    {
        for (var i = 0; i < 3; i++)
        {
            await GetAsync(client, path);
        }

        var times = new List<double>(samples);
        JsonElement last = default;
        for (var i = 0; i < samples; i++)
        {
            var clock = Stopwatch.StartNew();
            last = await GetAsync(client, path);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        var rows = last.TryGetProperty("items", out var items) ? items.GetArrayLength().ToString(CultureInfo.InvariantCulture) : "-";
        var total = last.TryGetProperty("total", out var t)
            ? t.GetInt32().ToString("N0", CultureInfo.InvariantCulture) + (last.GetProperty("totalIsEstimate").GetBoolean() ? "~" : string.Empty)
            : "-";
        Console.WriteLine($"{name,-48} {Percentile(times, 0.5),8:F1} {Percentile(times, 0.95),8:F1} {rows,6} {total,12}");
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
