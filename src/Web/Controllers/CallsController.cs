using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Recordings.Application.Calls.Queries.GetCall;
using Recordings.Application.Calls.Queries.ListCalls;
using Recordings.Application.Common.Models;
using Recordings.Domain.Audit;
using Recordings.Web.Infrastructure;

namespace Recordings.Web.Controllers;

/// <summary>The calls of the agent's business.</summary>
[ApiController]
[Authorize]
[Route("api/calls")]
public sealed class CallsController(ISender sender, AuditRecorder audit) : ControllerBase
{
    /// <summary>
    /// Newest first, or with <paramref name="sort"/> <c>silence</c> the most silence first; <paramref name="q"/> matches
    /// phone numbers and what was said; <paramref name="minSilence"/> keeps calls with at least that many seconds of silence.
    /// </summary>
    [HttpGet]
    [ProducesResponseType<PagedResult<CallListItemDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<PagedResult<CallListItemDto>> List(
        [FromQuery] int page = 1, [FromQuery] int pageSize = ListCallsQuery.DefaultPageSize, [FromQuery] string? q = null,
        [FromQuery] string? sort = null, [FromQuery] int? minSilence = null, CancellationToken cancellationToken = default) =>
        await sender.Send(new ListCallsQuery(page, pageSize, q, sort, minSilence), cancellationToken);

    [HttpGet("{callSid}")]
    [ProducesResponseType<CallDetailDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<CallDetailDto> Get(string callSid, CancellationToken cancellationToken)
    {
        var call = await sender.Send(new GetCallQuery(callSid), cancellationToken);
        audit.Record(AuditAction.View, callSid, null);
        return call;
    }
}
