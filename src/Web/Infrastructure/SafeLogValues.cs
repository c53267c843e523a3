using System.Globalization;
using System.Text;
using Npgsql;
using Recordings.Domain.Common;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace Recordings.Web.Infrastructure;

/// <summary>
/// Every value that reaches the log is rendered safe, whoever logged it (our messages, ASP.NET Core's request log, EF
/// Core): control characters (a newline that would start a forged line), bidirectional overrides and isolates (which
/// reorder what an operator reads) and lone surrogates are written as escapes (<c>\n</c>, <c>\u202E</c>), and a value
/// longer than <see cref="MaxLength"/> is cut, saying how long it was. A value from a request (path, query, header, form
/// field) cannot write a line of its own nor fill the log.
/// </summary>
/// <remarks>
/// An enricher rather than escaping at each call site: it sees every property of every event (nested ones too), so a
/// new log message cannot forget it. Values that are not text (numbers, times, GUIDs, enums) pass untouched; any other
/// object (a <c>PathString</c>, a <c>Uri</c>) is logged as its text, escaped.
/// </remarks>
public sealed class SafeLogValues : ILogEventEnricher
{
    /// <summary>The longest value kept whole (UTF-16 units); a longer one is cut on a text element boundary.</summary>
    public const int MaxLength = 1024;

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        List<LogEventProperty>? replaced = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            var safe = Clean(value);
            if (!ReferenceEquals(safe, value))
            {
                (replaced ??= []).Add(new LogEventProperty(name, safe));
            }
        }

        foreach (var property in replaced ?? [])
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }

    /// <summary>The text with unsafe characters escaped and cut to <see cref="MaxLength"/>; the same instance when already safe.</summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var cut = value.Length > MaxLength ? Text.Cut(value, MaxLength)! : value;
        StringBuilder? escaped = null;
        for (var i = 0; i < cut.Length; i++)
        {
            var c = cut[i];
            var unsafeChar = IsUnsafe(cut, i);
            if (unsafeChar && escaped is null)
            {
                escaped = new StringBuilder(cut.Length + 16).Append(cut, 0, i);
            }

            if (escaped is null)
            {
                continue;
            }

            if (!unsafeChar)
            {
                escaped.Append(c);
                continue;
            }

            escaped.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
            });
        }

        var result = escaped?.ToString() ?? cut;
        return cut.Length < value.Length ? $"{result}… ({value.Length} characters)" : result;
    }

    private static bool IsUnsafe(string text, int index)
    {
        var c = text[index];
        if (char.IsControl(c) || IsBidiControl(c) || c is '\u2028' or '\u2029')
        {
            return true;
        }

        // A surrogate is safe only as half of a pair.
        return char.IsHighSurrogate(c) ? index + 1 >= text.Length || !char.IsLowSurrogate(text[index + 1])
            : char.IsLowSurrogate(c) && (index == 0 || !char.IsHighSurrogate(text[index - 1]));
    }

    /// <summary>Unicode's bidirectional formatting characters: marks, embeddings, overrides and isolates.</summary>
    private static bool IsBidiControl(char c) => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static LogEventPropertyValue Clean(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string text } => Escape(text) is var safe && ReferenceEquals(safe, text) ? value : new ScalarValue(safe),
        ScalarValue { Value: null or bool or char or byte or sbyte or short or ushort or int or uint or long or ulong or float or double
            or decimal or DateTime or DateTimeOffset or TimeSpan or Guid or Enum } => value,
        ScalarValue scalar => new ScalarValue(Escape(Convert.ToString(scalar.Value, CultureInfo.InvariantCulture) ?? string.Empty)),
        SequenceValue sequence => CleanAll(sequence.Elements) is { } elements ? new SequenceValue(elements) : value,
        StructureValue structure => CleanAll(structure.Properties.Select(p => p.Value).ToList()) is { } values
            ? new StructureValue(structure.Properties.Zip(values, (p, v) => new LogEventProperty(p.Name, v)), structure.TypeTag)
            : value,
        DictionaryValue dictionary => CleanAll(dictionary.Elements.Select(e => e.Value).ToList()) is { } values
            ? new DictionaryValue(dictionary.Elements.Zip(values, (e, v) => KeyValuePair.Create(
                (ScalarValue)Clean(e.Key), v)))
            : value,
        _ => value,
    };

    /// <summary>The values cleaned, or null when every one was safe already.</summary>
    private static List<LogEventPropertyValue>? CleanAll(IReadOnlyList<LogEventPropertyValue> values)
    {
        List<LogEventPropertyValue>? cleaned = null;
        for (var i = 0; i < values.Count; i++)
        {
            var safe = Clean(values[i]);
            if (!ReferenceEquals(safe, values[i]) && cleaned is null)
            {
                cleaned = [.. values.Take(i)];
            }

            cleaned?.Add(safe);
        }

        return cleaned;
    }
}

/// <summary>
/// The console's line format, with an exception written under its line, every line of it indented and escaped (an
/// exception's message may quote a request): only the app starts a line of the log.
/// </summary>
public sealed class SafeConsoleFormatter(IFormatProvider? formatProvider = null) : ITextFormatter
{
    private const string Indent = "    ";

    private readonly MessageTemplateTextFormatter _line = new(
        "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}", formatProvider);

    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(output);
        using (var line = new StringWriter(CultureInfo.InvariantCulture))
        {
            _line.Format(logEvent, line);
            // The template's own text is ours; the values in it are escaped already. A message template written with
            // a newline (EF Core's) still stays on one line.
            output.Write(line.ToString().Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal));
        }

        output.WriteLine();
        if (logEvent.Exception is null)
        {
            return;
        }

        foreach (var exceptionLine in logEvent.Exception.ToString().Split('\n'))
        {
            output.Write(Indent);
            output.WriteLine(SafeLogValues.Escape(exceptionLine.TrimEnd('\r')));
        }
    }
}

/// <summary>
/// EF Core logs a failed command and a failed save as errors before the exception reaches the code that ran them. A
/// unique violation is a race the repositories answer (409, or the row the other request made); where one is not
/// handled, the exception handler logs it as ours. So EF Core's own two lines for it are left out of the log.
/// </summary>
public static class HandledDatabaseErrors
{
    public static bool IsUniqueViolationLoggedByEfCore(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        if (logEvent.Exception is null
            || !logEvent.Properties.TryGetValue("SourceContext", out var source)
            || source is not ScalarValue { Value: string context }
            || !context.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal))
        {
            return false;
        }

        for (var exception = logEvent.Exception; exception is not null; exception = exception.InnerException)
        {
            if (exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                return true;
            }
        }

        return false;
    }
}
