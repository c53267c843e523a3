using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Recordings.Application.Common.Models;
using Recordings.Application.Recordings;
using Recordings.Domain.Audit;

namespace Recordings.Web.Infrastructure;

/// <summary>
/// The one writer of the recordings endpoints' answers (prepare, file GET/HEAD, status, peaks), from the one
/// <see cref="RecordingAnswer"/> their handlers return: the file (200/206/304 with ranges and preconditions, a 307 to
/// the object store with <c>redirect</c> delivery, the <c>X-Accel-Redirect</c> headers with <c>accel</c>), 202 with
/// <c>Retry-After</c> (and <c>Location</c> for prepare), the status or the peaks, and the 502 of a failed download
/// (through <see cref="Problems"/>); <c>Preference-Applied</c>, <c>Cache-Control</c> and the audit entry each answer
/// records. A call or recording that is not there (404) or expired (410) is thrown by the handler as an expected
/// outcome, and a store that fails (503) as a fault: the exception handler writes those, on the one error path.
/// </summary>
public sealed class RecordingResult : IActionResult
{
    public const string DownloadFailedCode = "recording_download_failed";

    private readonly RecordingEndpoint _endpoint;
    private readonly RecordingAnswer _answer;
    private readonly Func<Task<RecordingAnswer>>? _fromDatabase;
    private readonly string? _recordingSidAsked;

    private RecordingResult(
        RecordingEndpoint endpoint, RecordingAnswer answer, Func<Task<RecordingAnswer>>? fromDatabase = null, string? recordingSidAsked = null)
    {
        _endpoint = endpoint;
        _answer = answer;
        _fromDatabase = fromDatabase;
        _recordingSidAsked = recordingSidAsked;
    }

    private enum RecordingEndpoint
    {
        Prepare,
        File,
        Status,
        Peaks,
    }

    /// <summary>
    /// Prepare's answer: 200 ready, 202 with the status to follow (<c>Location</c> names the recording the request
    /// named, <paramref name="recordingSidAsked"/>), 502 failed; the prepare is audited.
    /// </summary>
    public static RecordingResult Prepared(RecordingAnswer answer, string? recordingSidAsked) =>
        new(RecordingEndpoint.Prepare, answer, recordingSidAsked: recordingSidAsked);

    /// <summary>
    /// The file endpoint's answer. One from this node's memory whose file was removed behind the app's back (found when
    /// it is opened, or at the first read from an object store) is answered by <paramref name="fromDatabase"/> instead.
    /// </summary>
    public static RecordingResult File(RecordingAnswer answer, Func<Task<RecordingAnswer>> fromDatabase) =>
        new(RecordingEndpoint.File, answer, fromDatabase);

    /// <summary>An admin's unredacted original (<c>?original=1</c>): always streamed by the app, which decrypts it; audited as <c>play_original</c>.</summary>
    public static RecordingResult Original(RecordingAnswer answer) => new(RecordingEndpoint.File, answer);

    /// <summary>The status endpoint's answer: always 200 with the status (and <c>Retry-After</c> while pending).</summary>
    public static RecordingResult Status(RecordingAnswer answer) => new(RecordingEndpoint.Status, answer);

    /// <summary>The peaks endpoint's answer: 200 with the peaks, 202 while not measured, 502 failed.</summary>
    public static RecordingResult Peaks(RecordingAnswer answer) => new(RecordingEndpoint.Peaks, answer);

    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return WriteAsync(context, _answer, recordPlay: true);
    }

    private async Task WriteAsync(ActionContext context, RecordingAnswer answer, bool recordPlay)
    {
        var http = context.HttpContext;
        if (_endpoint == RecordingEndpoint.Prepare)
        {
            Audit(http).Record(AuditAction.Prepare, answer.RequiredStatus.CallSid, answer.RequiredStatus.RecordingSid);
        }

        var wait = PreferWait.Seconds(http.Request);
        if (answer.WaitApplied && wait > 0)
        {
            PreferWait.Apply(http.Response, wait);
        }

        switch (_endpoint, answer.Kind)
        {
            case (RecordingEndpoint.File, RecordingAnswerKind.Ready) when answer.File is { } file:
                await WriteFileAsync(context, answer, file, recordPlay);
                return;
            case (RecordingEndpoint.Peaks, RecordingAnswerKind.Ready) when answer.Peaks is { } peaks:
                // Measured once from a file that never changes while it is ready.
                http.Response.Headers[HeaderNames.CacheControl] = "private, max-age=300";
                await new OkObjectResult(peaks).ExecuteResultAsync(context);
                return;
            case (RecordingEndpoint.Status, _):
                NoStore(http);
                SetRetryAfter(http, answer.RequiredStatus);
                await new OkObjectResult(answer.RequiredStatus).ExecuteResultAsync(context);
                return;
            case (RecordingEndpoint.Prepare, RecordingAnswerKind.Ready):
                NoStore(http);
                await new OkObjectResult(answer.RequiredStatus).ExecuteResultAsync(context);
                return;
            case (_, RecordingAnswerKind.Failed):
                NoStore(http);
                await Problems.WriteAsync(http, StatusCodes.Status502BadGateway, DownloadFailedCode,
                    answer.RequiredStatus.Error ?? "The recording could not be downloaded from Twilio.");
                return;
            default:
                NoStore(http);
                SetRetryAfter(http, answer.RequiredStatus);
                if (_endpoint == RecordingEndpoint.Prepare)
                {
                    // Where to follow it: the status of the same recording the request named.
                    var status = answer.RequiredStatus;
                    http.Response.Headers[HeaderNames.Location] = _recordingSidAsked is null
                        ? $"/api/recordings/{status.CallSid}"
                        : $"/api/recordings/{status.CallSid}?recordingSid={_recordingSidAsked}";
                }

                await new ObjectResult(answer.RequiredStatus) { StatusCode = StatusCodes.Status202Accepted }.ExecuteResultAsync(context);
                return;
        }
    }

    /// <summary>The file: streamed (ranges and preconditions by ASP.NET Core), redirected to, or sent by nginx.</summary>
    private async Task WriteFileAsync(ActionContext context, RecordingAnswer answer, RecordingFile file, bool recordPlay)
    {
        var http = context.HttpContext;
        var get = HttpMethods.IsGet(http.Request.Method);
        var fromMemory = answer.Status is null && _fromDatabase is not null;
        Stream? content = null;
        if (!get || file is { DirectUrl: null, InternalRedirect: null })
        {
            try
            {
                content = await file.OpenAsync(http.RequestAborted);
            }
            catch (FileNotFoundException) when (fromMemory)
            {
                // Remembered by this node, but removed meanwhile: the database says what it is now (queued again).
                await WriteAsync(context, await _fromDatabase!(), recordPlay);
                return;
            }
        }

        if (get && recordPlay)
        {
            // One play per listening (the audit log folds a session's range reads), one entry per download.
            var action = file.Original ? AuditAction.PlayOriginal : file.AttachmentFileName is null ? AuditAction.Play : AuditAction.Download;
            Audit(http).RecordWhenAnswered(action, CallSidOf(http),
                file.RecordingSid, StatusCodes.Status200OK, StatusCodes.Status206PartialContent, StatusCodes.Status307TemporaryRedirect);
        }

        if (file.AttachmentFileName is { } attachment)
        {
            http.Response.Headers[HeaderNames.ContentDisposition] = new ContentDispositionHeaderValue("attachment") { FileName = attachment }.ToString();
        }

        if (file.DirectUrl is { } direct && get)
        {
            // Delivery = redirect: the browser reads the bytes (ranges included) from the object store.
            NoStore(http);
            await new RedirectResult(direct.AbsoluteUri, permanent: false, preserveMethod: true).ExecuteResultAsync(context);
            return;
        }

        // The unredacted original (spoken card numbers) is never kept in a browser's cache; the rest is, for its user.
        http.Response.Headers[HeaderNames.CacheControl] = file.Original ? "no-store" : "private";
        var etag = EntityTagHeaderValue.Parse(file.ETag);
        if (file.InternalRedirect is { } internalPath && get)
        {
            Accelerated(http, file, etag, internalPath);
            return;
        }

        IfRange.Apply(http.Request, etag, file.LastModified);
        // ASP.NET Core answers Range (206/416), If-None-Match (304) and HEAD from the stream, which it disposes.
        var stream = new FileStreamResult(content ?? await file.OpenAsync(http.RequestAborted), file.ContentType)
        {
            LastModified = file.LastModified,
            EntityTag = etag,
            EnableRangeProcessing = true,
        };
        try
        {
            await stream.ExecuteResultAsync(context);
        }
        catch (FileNotFoundException) when (fromMemory && !http.Response.HasStarted)
        {
            // An object store finds a removed object only at the first read: the file's headers go, and the database's
            // answer is written instead (the play is recorded once either way).
            http.Response.Clear();
            await WriteAsync(context, await _fromDatabase!(), recordPlay: false);
        }
    }

    /// <summary>
    /// Delivery = accel: the headers of the answer and <c>X-Accel-Redirect</c>, no body; nginx sends the file (ranges and
    /// <c>If-Range</c> included, against this ETag). Conditions nginx cannot judge (it knows the file's date, not when it
    /// was stored, nor this ETag before the answer) are answered here: 304 for a matching <c>If-None-Match</c> or an
    /// <c>If-Modified-Since</c> that is not older than the recording.
    /// </summary>
    private static void Accelerated(HttpContext http, RecordingFile file, EntityTagHeaderValue etag, string internalPath)
    {
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.LastModified = file.LastModified;
        var request = http.Request.GetTypedHeaders();
        var notModified = request.IfNoneMatch is { Count: > 0 } ifNoneMatch
            ? ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false))
            : request.IfModifiedSince is { } since && TruncateToSeconds(file.LastModified) <= since;
        if (notModified)
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = file.ContentType;
        http.Response.Headers["X-Accel-Redirect"] = internalPath;
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) => value.AddTicks(-(value.Ticks % TimeSpan.TicksPerSecond));

    private static string CallSidOf(HttpContext http) => (string)http.GetRouteValue("callSid")!;

    private static AuditRecorder Audit(HttpContext http) => http.RequestServices.GetRequiredService<AuditRecorder>();

    private static void SetRetryAfter(HttpContext http, RecordingStatusDto status)
    {
        if (status.RetryAfterSeconds is { } seconds)
        {
            http.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static void NoStore(HttpContext http) => http.Response.Headers[HeaderNames.CacheControl] = "no-store";
}
