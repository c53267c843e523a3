using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace Recordings.Web.FunctionalTests.Support;

/// <summary>
/// What the app under test logs (Serilog picks up sinks registered in the container). Tests that
/// a rejection is not logged as an error read it.
/// </summary>
public sealed class LogCapture : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    public void Clear() => _events.Clear();

    /// <summary>Everything logged since the last <see cref="Clear"/>, oldest first.</summary>
    public IReadOnlyList<LogEvent> All() => [.. _events];

    /// <summary>
    /// Waits until the request log has recorded a request to <paramref name="path"/> (it is written once the app is done
    /// with the request, even one whose client hung up); returns the status it logged.
    /// </summary>
    public async Task<int> RequestLoggedAsync(string path)
    {
        int? status = null;
        await Eventually.TrueAsync(() =>
        {
            status = _events
                .Where(e => e.Properties.TryGetValue("RequestPath", out var p) && p is ScalarValue { Value: string logged } && logged == path)
                .Select(e => e.Properties.TryGetValue("StatusCode", out var s) && s is ScalarValue { Value: int code } ? code : (int?)null)
                .FirstOrDefault(code => code is not null);
            return Task.FromResult(status is not null);
        }, $"the request log to record {path}");
        return status!.Value;
    }

    /// <summary>Warnings and errors logged since the last <see cref="Clear"/>, rendered with their exception type.</summary>
    public IReadOnlyList<string> WarningsAndErrors() =>
        _events.Where(e => e.Level >= LogEventLevel.Warning)
            .Select(e => $"{e.Level}: {e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)} {e.Exception?.GetType().Name}")
            .ToList();
}
