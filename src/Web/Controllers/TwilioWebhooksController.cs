using Mediator;
using Microsoft.AspNetCore.Mvc;
using Recordings.Application.Webhooks.Commands.RecordCallStatus;
using Recordings.Application.Webhooks.Commands.RecordRecordingStatus;
using Recordings.Web.Infrastructure;

namespace Recordings.Web.Controllers;

/// <summary>Twilio's status callbacks. Each is signed (<c>X-Twilio-Signature</c>) and answered 204 when accepted.</summary>
[ApiController]
[TwilioSignature]
[Route("api/webhooks/twilio")]
[Consumes("application/x-www-form-urlencoded")]
public sealed class TwilioWebhooksController(ISender sender) : ControllerBase
{
    [HttpPost("call-status")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<IActionResult> CallStatus(CancellationToken cancellationToken)
    {
        var form = await Request.ReadFormAsync(cancellationToken);
        await sender.Send(new RecordCallStatusCommand(
            Field(form, "CallSid"), Field(form, "AccountSid"), Field(form, "From"), Field(form, "To"), Field(form, "Direction"),
            Field(form, "CallStatus"), Field(form, "CallDuration"), Field(form, "Timestamp"), Field(form, "ParentCallSid")), cancellationToken);
        return NoContent();
    }

    [HttpPost("recording-status")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<IActionResult> RecordingStatus(CancellationToken cancellationToken)
    {
        var form = await Request.ReadFormAsync(cancellationToken);
        await sender.Send(new RecordRecordingStatusCommand(
            Field(form, "AccountSid"), Field(form, "CallSid"), Field(form, "RecordingSid"), Field(form, "RecordingUrl"),
            Field(form, "RecordingStatus"), Field(form, "RecordingDuration"), Field(form, "RecordingChannels"),
            Field(form, "RecordingSource"), Field(form, "RecordingStartTime")), cancellationToken);
        return NoContent();
    }

    // A field sent twice is kept joined ("a,b"), which the validators then refuse as malformed.
    private static string? Field(IFormCollection form, string name) =>
        form.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null;
}
