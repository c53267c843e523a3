using Microsoft.Extensions.Logging;

namespace Recordings.Testing;

/// <summary>A logger that keeps what was logged: each message as a log shows it, and its properties.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public List<LogEntry> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add(new LogEntry(logLevel, formatter(state, exception), state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToDictionary() : []));
}

/// <summary>One entry of a <see cref="ListLogger{T}"/>: its level, its message, its properties by name (as a structured log reads them).</summary>
internal sealed record LogEntry(LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Properties);
