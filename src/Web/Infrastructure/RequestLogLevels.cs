using Serilog.Events;

namespace Recordings.Web.Infrastructure;

/// <summary>
/// The level of each request's log line. A player reads a recording as many range requests (every seek, every
/// buffer), so a successful read of the audio is logged at Debug: at Information it would be most of the log and a
/// measurable share of each read's cost. Plays are the audit's business, not the request log's. Everything else is
/// Information, and a fault of ours (an exception, a 500) is an Error. A 502 says that Twilio failed the recording's
/// download (the job that gave up logged it once): an answer of the contract, Information. A 503 or 504 is a dependency
/// that is not answering (logged where it failed): Warning.
/// </summary>
public static class RequestLogLevels
{
    public static LogEventLevel Of(HttpContext context, double elapsedMilliseconds, Exception? exception)
    {
        ArgumentNullException.ThrowIfNull(context);
        var status = context.Response.StatusCode;
        if (exception is not null || status == StatusCodes.Status500InternalServerError)
        {
            return LogEventLevel.Error;
        }

        if (status > StatusCodes.Status500InternalServerError)
        {
            return status == StatusCodes.Status502BadGateway ? LogEventLevel.Information : LogEventLevel.Warning;
        }

        var request = context.Request;
        var audioRead = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && request.Path.StartsWithSegments("/api/recordings/file", StringComparison.OrdinalIgnoreCase)
            && status is StatusCodes.Status200OK or StatusCodes.Status206PartialContent or StatusCodes.Status304NotModified;
        return audioRead ? LogEventLevel.Debug : LogEventLevel.Information;
    }
}
