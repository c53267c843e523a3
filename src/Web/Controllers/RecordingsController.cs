using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Recordings.Application.Common.Models;
using Recordings.Application.Recordings;
using Recordings.Application.Recordings.Commands.PrepareRecording;
using Recordings.Application.Recordings.Commands.ServeRecordingFile;
using Recordings.Application.Recordings.Queries.GetRecordingPeaks;
using Recordings.Application.Recordings.Queries.GetRecordingStatus;
using Recordings.Application.Recordings.Queries.ServeRememberedRecording;
using Recordings.Domain.Audit;
using Recordings.Web.Infrastructure;

namespace Recordings.Web.Controllers;

/// <summary>Playing a call's recording: prepare it, stream it, or ask how far it is.</summary>
[ApiController]
[Authorize]
[Route("api/recordings")]
public sealed class RecordingsController(ISender sender, AuditRecorder audit) : ControllerBase
{
    public const string DownloadFailedCode = "recording_download_failed";

    /// <summary>Makes sure the recording will be playable: 200 when it is, 202 with Retry-After while it is prepared.</summary>
    [HttpPost("{callSid}/prepare")]
    [ProducesResponseType<RecordingStatusDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<RecordingStatusDto>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway)]
    public async Task<IActionResult> Prepare(string callSid, [FromQuery] string? recordingSid, CancellationToken cancellationToken)
    {
        var wait = PreferWait.Seconds(Request);
        var answer = await sender.Send(new PrepareRecordingCommand(callSid, TimeSpan.FromSeconds(wait), recordingSid), cancellationToken);
        audit.Record(AuditAction.Prepare, callSid, answer.RequiredStatus.RecordingSid);
        ApplyWait(answer, wait);
        NoStore();
        return answer.Kind switch
        {
            RecordingAnswerKind.Ready => Ok(answer.RequiredStatus),
            RecordingAnswerKind.Failed => DownloadFailed(answer),
            _ => Accepted(answer, recordingSid),
        };
    }

    /// <summary>
    /// The audio (200, or 206 for a range) when it is stored here; 202 with Retry-After while it is prepared (a recording
    /// still at Twilio is queued); 404 when the call has no recording; 502 when its download failed.
    /// </summary>
    [HttpGet("file/{callSid}")]
    [HttpHead("file/{callSid}")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status206PartialContent)]
    [ProducesResponseType<RecordingStatusDto>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway)]
    public async Task<IActionResult> File(
        string callSid, [FromQuery] string? recordingSid, [FromQuery] bool? download, CancellationToken cancellationToken)
    {
        var wait = PreferWait.Seconds(Request);
        var get = HttpMethods.IsGet(Request.Method);
        var saving = download == true;
        if (await sender.Send(new ServeRememberedRecordingQuery(callSid, recordingSid, saving, HeadersOnly: !get), cancellationToken) is { } remembered)
        {
            Stream? content = null;
            var opened = true;
            if (!get || remembered is { DirectUrl: null, InternalRedirect: null })
            {
                try
                {
                    content = await remembered.OpenAsync(cancellationToken);
                }
                catch (FileNotFoundException)
                {
                    // Remembered by this node, but removed meanwhile: the database says what it is now (queued again).
                    opened = false;
                }
            }

            if (opened)
            {
                var answer = await FileAnswerAsync(callSid, RecordingAnswer.Ready(null, wait > 0, remembered), content, wait, saving, recordPlay: true, cancellationToken);
                // An object store finds a removed object only at the first read; the play is recorded once either way.
                return content is null ? answer : new RememberedFileResult(answer, () => FromDatabaseAsync(recordPlay: false));
            }
        }

        return await FromDatabaseAsync(recordPlay: true);

        async Task<IActionResult> FromDatabaseAsync(bool recordPlay) => await FileAnswerAsync(callSid,
            await sender.Send(new ServeRecordingFileCommand(callSid, TimeSpan.FromSeconds(wait), recordingSid, saving), cancellationToken),
            null, wait, saving, recordPlay, cancellationToken);
    }

    /// <summary>The file endpoint's answer: the file (streamed, redirected to, or sent by nginx), 502, or 202.</summary>
    /// <param name="content">The file, when it is already open.</param>
    /// <param name="recordPlay">Whether the audit trail records the play (or download) when the file is sent.</param>
    private async Task<IActionResult> FileAnswerAsync(
        string callSid, RecordingAnswer answer, Stream? content, int wait, bool saving, bool recordPlay, CancellationToken cancellationToken)
    {
        var get = HttpMethods.IsGet(Request.Method);
        ApplyWait(answer, wait);
        switch (answer.Kind)
        {
            case RecordingAnswerKind.Ready when answer.File is { } file:
                if (get && recordPlay)
                {
                    // One play per listening (the audit log folds a session's range reads), one entry per download.
                    audit.RecordWhenAnswered(saving ? AuditAction.Download : AuditAction.Play, callSid, file.RecordingSid,
                        StatusCodes.Status200OK, StatusCodes.Status206PartialContent, StatusCodes.Status307TemporaryRedirect);
                }

                if (file.AttachmentFileName is { } attachment)
                {
                    Response.Headers[HeaderNames.ContentDisposition] = new ContentDispositionHeaderValue("attachment") { FileName = attachment }.ToString();
                }

                if (file.DirectUrl is { } direct && get)
                {
                    // Delivery = redirect: the browser reads the bytes (ranges included) from the object store.
                    NoStore();
                    return RedirectPreserveMethod(direct.AbsoluteUri);
                }

                Response.Headers[HeaderNames.CacheControl] = "private";
                var etag = EntityTagHeaderValue.Parse(file.ETag);
                if (file.InternalRedirect is { } internalPath && get)
                {
                    return Accelerated(file, etag, internalPath);
                }

                IfRange.Apply(Request, etag, file.LastModified);
                // ASP.NET Core answers Range (206/416), If-None-Match (304) and HEAD from the stream, which it disposes.
                return File(content ?? await file.OpenAsync(cancellationToken), file.ContentType, file.LastModified, etag, enableRangeProcessing: true);
            case RecordingAnswerKind.Failed:
                NoStore();
                return DownloadFailed(answer);
            default:
                NoStore();
                SetRetryAfter(answer.RequiredStatus);
                return StatusCode(StatusCodes.Status202Accepted, answer.RequiredStatus);
        }
    }

    /// <summary>
    /// The recording's waveform, one lane per speaker, in <c>buckets</c> peaks (50 to 4000, default 1000) from 0 to 1;
    /// 202 with Retry-After while the recording is prepared or measured; 404, 410 and 502 as the file endpoint.
    /// </summary>
    [HttpGet("{callSid}/peaks")]
    [ProducesResponseType<PeaksDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<RecordingStatusDto>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status410Gone)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway)]
    public async Task<IActionResult> Peaks(
        string callSid, [FromQuery] string? recordingSid, [FromQuery] int buckets = GetRecordingPeaksQuery.DefaultBuckets,
        CancellationToken cancellationToken = default)
    {
        var answer = await sender.Send(new GetRecordingPeaksQuery(callSid, recordingSid, buckets), cancellationToken);
        switch (answer.Kind)
        {
            case RecordingAnswerKind.Ready when answer.Peaks is { } peaks:
                // Measured once from a file that never changes while it is ready.
                Response.Headers[HeaderNames.CacheControl] = "private, max-age=300";
                return Ok(peaks);
            case RecordingAnswerKind.Failed:
                NoStore();
                return DownloadFailed(new RecordingAnswer(answer.Kind, answer.Status, false));
            default:
                NoStore();
                SetRetryAfter(answer.Status);
                return StatusCode(StatusCodes.Status202Accepted, answer.Status);
        }
    }

    /// <summary>How far the recording is from being playable. Reading it queues nothing.</summary>
    [HttpGet("{callSid}")]
    [ProducesResponseType<RecordingStatusDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<RecordingStatusDto> Status(string callSid, [FromQuery] string? recordingSid, CancellationToken cancellationToken)
    {
        var wait = PreferWait.Seconds(Request);
        var answer = await sender.Send(new GetRecordingStatusQuery(callSid, TimeSpan.FromSeconds(wait), recordingSid), cancellationToken);
        ApplyWait(answer, wait);
        NoStore();
        SetRetryAfter(answer.RequiredStatus);
        return answer.RequiredStatus;
    }

    /// <summary>
    /// Delivery = accel: the headers of the answer and <c>X-Accel-Redirect</c>, no body; nginx sends the file (ranges and
    /// <c>If-Range</c> included, against this ETag). Conditions nginx cannot judge (it knows the file's date, not when it
    /// was stored, nor this ETag before the answer) are answered here: 304 for a matching <c>If-None-Match</c> or an
    /// <c>If-Modified-Since</c> that is not older than the recording.
    /// </summary>
    private StatusCodeResult Accelerated(RecordingFile file, EntityTagHeaderValue etag, string internalPath)
    {
        var headers = Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.LastModified = file.LastModified;
        var request = Request.GetTypedHeaders();
        var notModified = request.IfNoneMatch is { Count: > 0 } ifNoneMatch
            ? ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false))
            : request.IfModifiedSince is { } since && TruncateToSeconds(file.LastModified) <= since;
        if (notModified)
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        Response.ContentType = file.ContentType;
        Response.Headers["X-Accel-Redirect"] = internalPath;
        return Ok();
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) => value.AddTicks(-(value.Ticks % TimeSpan.TicksPerSecond));

    /// <summary>202 with the status, and where to follow it: the status of the same recording the request named.</summary>
    private ObjectResult Accepted(RecordingAnswer answer, string? recordingSid)
    {
        SetRetryAfter(answer.RequiredStatus);
        Response.Headers[HeaderNames.Location] = recordingSid is null
            ? $"/api/recordings/{answer.RequiredStatus.CallSid}"
            : $"/api/recordings/{answer.RequiredStatus.CallSid}?recordingSid={recordingSid}";
        return StatusCode(StatusCodes.Status202Accepted, answer.RequiredStatus);
    }

    private static IActionResult DownloadFailed(RecordingAnswer answer) =>
        Problems.Result(StatusCodes.Status502BadGateway, DownloadFailedCode,
            answer.RequiredStatus.Error ?? "The recording could not be downloaded from Twilio.");

    private void SetRetryAfter(RecordingStatusDto status)
    {
        if (status.RetryAfterSeconds is { } seconds)
        {
            Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
        }
    }

    private void NoStore() => Response.Headers[HeaderNames.CacheControl] = "no-store";

    private void ApplyWait(RecordingAnswer answer, int wait)
    {
        if (answer.WaitApplied && wait > 0)
        {
            PreferWait.Apply(Response, wait);
        }
    }
}
