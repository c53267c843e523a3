using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Recordings.Application.Common.Models;
using Recordings.Application.Recordings.Commands.PrepareRecording;
using Recordings.Application.Recordings.Commands.ServeRecordingFile;
using Recordings.Application.Recordings.Queries.ServeOriginalRecording;
using Recordings.Application.Recordings.Queries.GetRecordingPeaks;
using Recordings.Application.Recordings.Queries.GetRecordingStatus;
using Recordings.Web.Infrastructure;

namespace Recordings.Web.Controllers;

/// <summary>
/// Playing a call's recording: prepare it, stream it, ask how far it is, or draw its waveform. Each action sends one
/// message; <see cref="RecordingResult"/> writes every answer.
/// </summary>
[ApiController]
[Authorize]
[Route("api/recordings")]
public sealed class RecordingsController(ISender sender) : ControllerBase
{
    /// <summary>Makes sure the recording will be playable: 200 when it is, 202 with Retry-After while it is prepared.</summary>
    [HttpPost("{callSid}/prepare")]
    [ProducesResponseType<RecordingStatusDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<RecordingStatusDto>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway)]
    public async Task<IActionResult> Prepare(string callSid, [FromQuery] string? recordingSid, CancellationToken cancellationToken) =>
        RecordingResult.Prepared(await sender.Send(new PrepareRecordingCommand(callSid, PreferWait.Of(Request), recordingSid), cancellationToken), recordingSid);

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
        string callSid, [FromQuery] string? recordingSid, [FromQuery] bool? download, [FromQuery] bool? original, CancellationToken cancellationToken)
    {
        if (original == true)
        {
            // An admin's unredacted original of a redacted recording: its own message (admins only), always streamed,
            // never as a download (download=1 is ignored) nor cached (no-store).
            return RecordingResult.Original(await sender.Send(new ServeOriginalRecordingQuery(callSid, recordingSid), cancellationToken));
        }

        var command = new ServeRecordingFileCommand(callSid, PreferWait.Of(Request), recordingSid, download == true, HeadersOnly: HttpMethods.IsHead(Request.Method));
        return RecordingResult.File(await sender.Send(command, cancellationToken), async () => await sender.Send(command with { FromMemory = false }, cancellationToken));
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
        CancellationToken cancellationToken = default) =>
        RecordingResult.Peaks(await sender.Send(new GetRecordingPeaksQuery(callSid, recordingSid, buckets), cancellationToken));

    /// <summary>How far the recording is from being playable. Reading it writes nothing.</summary>
    [HttpGet("{callSid}")]
    [ProducesResponseType<RecordingStatusDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Status(string callSid, [FromQuery] string? recordingSid, CancellationToken cancellationToken) =>
        RecordingResult.Status(await sender.Send(new GetRecordingStatusQuery(callSid, PreferWait.Of(Request), recordingSid), cancellationToken));
}
