using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Recordings.Testing;

namespace Recordings.Web.FunctionalTests.Support;

/// <summary>
/// Debian's Prometheus on a loopback port, scraping one target every second, with the repository's alert rules
/// (<c>deploy/alerts.yml</c>) loaded: what a deployment runs, made small. Queried through its HTTP API.
/// </summary>
public sealed class PrometheusProcess : IAsyncDisposable
{
    public const string Executable = "/usr/bin/prometheus";

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http;

    private PrometheusProcess(Process process, string directory, Uri baseAddress)
    {
        _process = process;
        _directory = directory;
        BaseAddress = baseAddress;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseAddress { get; }

    /// <summary>What Prometheus printed, for a failure message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<PrometheusProcess> StartAsync(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"Prometheus is not installed ({Executable}): apt-get install prometheus (test.sh does).");
        }

        var directory = Directory.CreateTempSubdirectory("recordings-prometheus-").FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "alerts.yml"), Path.Combine(directory, "alerts.yml"));
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - {Path.Combine(directory, "alerts.yml")}
            scrape_configs:
              - job_name: recordings
                static_configs:
                  - targets: ['{target.Host}:{target.Port}']
            """);
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--config.file=" + config, $"--web.listen-address=127.0.0.1:{port}",
                     "--storage.tsdb.path=" + Path.Combine(directory, "data"), "--log.level=warn",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Prometheus did not start.");
        var prometheus = new PrometheusProcess(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => prometheus.Append(e.Data);
        process.ErrorDataReceived += (_, e) => prometheus.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"Prometheus exited ({process.ExitCode}): {prometheus.Output}");
                }

                try
                {
                    using var ready = await prometheus._http.GetAsync(new Uri("-/ready", UriKind.Relative));
                    return ready.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, "Prometheus to be ready", TimeSpan.FromSeconds(30));
        }
        catch
        {
            await prometheus.DisposeAsync();
            throw;
        }

        return prometheus;
    }

    /// <summary>An instant query: each series' labels and value (empty when nothing matches yet).</summary>
    public async Task<IReadOnlyList<(Dictionary<string, string> Labels, double Value)>> QueryAsync(string query)
    {
        var answer = await _http.GetFromJsonAsync<JsonElement>(new Uri("api/v1/query?query=" + Uri.EscapeDataString(query), UriKind.Relative));
        answer.GetProperty("status").GetString().ShouldBe("success", $"the query {query}");
        return [.. answer.GetProperty("data").GetProperty("result").EnumerateArray().Select(series => (
            series.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))];
    }

    /// <summary>The one value a query gives, or null while it gives none.</summary>
    public async Task<double?> ValueAsync(string query)
    {
        var result = await QueryAsync(query);
        return result.Count == 0 ? null : result.Sum(r => r.Value);
    }

    /// <summary>Waits (polling the API, within <paramref name="timeout"/>) until the query's value satisfies the condition.</summary>
    public async Task<double> WaitForAsync(string query, Func<double, bool> condition, string what, TimeSpan? timeout = null)
    {
        double? last = null;
        try
        {
            await Eventually.TrueAsync(async () => (last = await ValueAsync(query)) is { } value && condition(value),
                what, timeout ?? TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException ex)
        {
            throw new InvalidOperationException($"{what}: {query} was {last?.ToString(CultureInfo.InvariantCulture) ?? "absent"}. {Output}", ex);
        }

        return last!.Value;
    }

    /// <summary>The rule groups Prometheus loaded (from the repository's alerts.yml).</summary>
    public async Task<IReadOnlyList<string>> AlertNamesAsync()
    {
        var answer = await _http.GetFromJsonAsync<JsonElement>(new Uri("api/v1/rules", UriKind.Relative));
        return [.. answer.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray())
            .Select(r => r.GetProperty("name").GetString()!)];
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
