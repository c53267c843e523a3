using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Recordings.Application.Calls.Queries.GetCall;
using Recordings.Application.Calls.Queries.ListCalls;
using Recordings.Application.Common.Models;
using Recordings.Application.Common.Paging;
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
    /// The business's calls, newest first (or <paramref name="sort"/> <c>silence</c>: the most silence first), a page at a
    /// time: pass the previous page's <c>nextCursor</c> as <paramref name="cursor"/>; <paramref name="page"/> numbers
    /// reach the first 10,000 rows. <paramref name="q"/> searches what was said and the phone numbers (then ordered by
    /// relevance, with each call's best matching segments as <c>hits</c>); <paramref name="from"/>/<paramref name="to"/>
    /// bound the start, <paramref name="direction"/>, <paramref name="minSilence"/>, <paramref name="agentId"/> and
    /// <paramref name="teamId"/> filter. Only the calls the account may see (its role, teams and the business's agentsSee).
    /// </summary>
    [HttpGet]
    [ProducesResponseType<CursorPage<CallListItemDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<CursorPage<CallListItemDto>> List(
        [FromQuery] int? page, [FromQuery] int? pageSize, [FromQuery] int? limit, [FromQuery] string? cursor, [FromQuery] string? q,
        [FromQuery] string? sort, [FromQuery] int? minSilence, [FromQuery] DateTimeOffset? from, [FromQuery] DateTimeOffset? to,
        [FromQuery] string? direction, [FromQuery] Guid? agentId, [FromQuery] Guid? teamId, CancellationToken cancellationToken) =>
        await sender.Send(new ListCallsQuery(page, pageSize, limit, cursor, q, sort, minSilence, from, to, direction, agentId, teamId), cancellationToken);

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
