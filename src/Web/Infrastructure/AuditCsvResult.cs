using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Manage.Audit;

namespace Recordings.Web.Infrastructure;

/// <summary>
/// Writes an audit export as it is read: RFC 4180 CSV (CRLF line ends; a field with a comma, a quote, CR or LF in
/// quotes, its quotes doubled) in UTF-8 with a byte-order mark (so that spreadsheet programs read Hebrew as Hebrew),
/// a header row, then one row per entry, flushed every <see cref="ExportAuditCommand.PageSize"/> rows: memory stays flat
/// however many rows there are. A field a spreadsheet would take for a formula (its first character one of
/// <c>= + - @</c>, a tab or CR) gets a leading apostrophe, so that an entry's text (a display name, a User-Agent) is
/// never run as one.
/// </summary>
public sealed class AuditCsvResult(AuditExport export) : IActionResult
{
    public const string Header = "at,action,account,callSid,recordingSid,target,detail,ip,userAgent";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        var cancellationToken = context.HttpContext.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = $"\"{export.FileName}\"" }.ToString();

        // The byte-order mark, once, by hand: the writer's encoding has none, so it never writes one of its own.
        await response.Body.WriteAsync(Encoding.UTF8.Preamble.ToArray(), cancellationToken);
        await using var writer = new StreamWriter(response.Body, Utf8, bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(Header);
        var rows = 0;
        await foreach (var entry in export.Entries.WithCancellation(cancellationToken))
        {
            await writer.WriteLineAsync(Row(entry));
            if (++rows % ExportAuditCommand.PageSize == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        await writer.FlushAsync(cancellationToken);
    }

    public static string Row(AuditEntryDto entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return string.Join(',', new[]
        {
            entry.At.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), entry.Action, entry.AgentEmail,
            entry.CallSid, entry.RecordingSid, entry.Target, entry.Detail, entry.Ip, entry.UserAgent,
        }.Select(Field));
    }

    /// <summary>One field: neutralised when a spreadsheet would read it as a formula, then quoted when RFC 4180 says so.</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
