using Mediator;
using Microsoft.AspNetCore.Mvc;
using Recordings.Application.Agents.Commands.CreateAgent;
using Recordings.Application.Businesses.Commands.CreateBusiness;
using Recordings.Web.Infrastructure;

namespace Recordings.Web.Controllers;

/// <summary>Operators' API: businesses and their agents. Requires <c>X-Admin-Key</c>.</summary>
[ApiController]
[AdminKey]
[Route("api/admin")]
public sealed class AdminController(ISender sender) : ControllerBase
{
    public sealed record CreateBusinessRequest(string? Name, IReadOnlyList<string>? PhoneNumbers);

    public sealed record CreateAgentRequest(string? Email, string? Password, string? DisplayName);

    [HttpPost("businesses")]
    [ProducesResponseType<BusinessDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<BusinessDto>> CreateBusiness(CreateBusinessRequest request, CancellationToken cancellationToken)
    {
        var business = await sender.Send(new CreateBusinessCommand(request.Name, request.PhoneNumbers), cancellationToken);
        return Created($"/api/admin/businesses/{business.Id}", business);
    }

    [HttpPost("businesses/{businessId:guid}/agents")]
    [ProducesResponseType<AgentCreatedDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<AgentCreatedDto>> CreateAgent(Guid businessId, CreateAgentRequest request, CancellationToken cancellationToken)
    {
        var agent = await sender.Send(
            new CreateAgentCommand(businessId, request.Email, request.Password, request.DisplayName), cancellationToken);
        return Created($"/api/admin/businesses/{businessId}/agents/{agent.Id}", agent);
    }
}
