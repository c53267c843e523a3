using Microsoft.Extensions.Logging;

namespace Recordings.Application.UnitTests.Common;

/// <summary>A logger that keeps what was logged: each message as a log shows it, and its properties.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public List<(LogLevel Level, string Message)> Entries { get; } = [];

    /// <summary>Each entry's properties (by name, as a structured log reads them), in the order of <see cref="Entries"/>.</summary>
    public List<Dictionary<string, object?>> Properties { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Entries.Add((logLevel, formatter(state, exception)));
        Properties.Add(state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToDictionary() : []);
    }
}
