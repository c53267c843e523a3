using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Application.Common.Paging;
using Recordings.Application.Manage.Agents.Commands.ChangeAccount;
using Recordings.Application.Manage.Agents.Commands.CreateAccount;
using Recordings.Application.Manage.Agents.Commands.ResetAccountPassword;
using Recordings.Application.Manage.Agents.Queries.ListAccounts;
using Recordings.Application.Manage.Audit;
using Recordings.Application.Manage.Calls;
using Recordings.Application.Manage.Retention;
using Recordings.Application.Manage.Settings;
using Recordings.Application.Manage.Teams.Commands.ChangeTeam;
using Recordings.Application.Manage.Teams.Commands.CreateTeam;
using Recordings.Application.Manage.Teams.Commands.DeleteTeam;
using Recordings.Application.Manage.Teams.Queries.ListTeams;
using Recordings.Application.Retention.Commands.SetRetention;
using Recordings.Web.Infrastructure;

namespace Recordings.Web.Controllers;

/// <summary>
/// The business's own administration: its accounts, teams, retention, settings, audit trail and calls' attribution,
/// always of the signed-in account's business. Who may do what is decided on each message (<c>[RequiresRole]</c>):
/// the business's admin; its supervisors may read the accounts and teams.
/// </summary>
[ApiController]
[Authorize]
[Route("api/manage")]
public sealed class ManageController(ISender sender) : ControllerBase
{
    public sealed record CreateAgentRequest(
        string? Email, string? DisplayName, string? Role, IReadOnlyList<Guid>? TeamIds, IReadOnlyList<string>? Identities, string? Password);

    /// <summary>Each field given replaces what the account had; an absent (or null) one leaves it.</summary>
    public sealed record ChangeAgentRequest(
        string? DisplayName, string? Role, IReadOnlyList<Guid>? TeamIds, IReadOnlyList<string>? Identities, bool? Disabled);

    public sealed record PasswordRequest(string? Password);

    public sealed record TeamRequest(string? Name, IReadOnlyList<string>? PhoneNumbers, IReadOnlyList<Guid>? SupervisorIds);

    public sealed record RetentionRequest(int? AudioDays, int? TranscriptDays);

    public sealed record SettingsRequest(string? AgentsSee, RedactionSettingsDto? Redaction);

    public sealed record CallAgentsRequest(IReadOnlyList<Guid>? AgentIds);

    /// <summary>The business's accounts, by display name.</summary>
    [HttpGet("agents")]
    public async Task<ItemsDto<AccountDto>> Agents(CancellationToken cancellationToken) =>
        await sender.Send(new ListAccountsQuery(), cancellationToken);

    [HttpPost("agents")]
    [ProducesResponseType<AccountDto>(StatusCodes.Status201Created)]
    public async Task<IActionResult> CreateAgent(CreateAgentRequest request, CancellationToken cancellationToken)
    {
        var account = await sender.Send(
            new CreateAccountCommand(request.Email, request.DisplayName, request.Role, request.TeamIds, request.Identities, request.Password),
            cancellationToken);
        return Created($"/api/manage/agents/{account.Id}", account);
    }

    [HttpPatch("agents/{id:guid}")]
    public async Task<AccountDto> ChangeAgent(Guid id, ChangeAgentRequest request, CancellationToken cancellationToken) =>
        await sender.Send(new ChangeAccountCommand(id, request.DisplayName, request.Role, request.TeamIds, request.Identities, request.Disabled),
            cancellationToken);

    /// <summary>Sets the account's password; every session of the account ends.</summary>
    [HttpPut("agents/{id:guid}/password")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> SetPassword(Guid id, PasswordRequest request, CancellationToken cancellationToken)
    {
        await sender.Send(new ResetAccountPasswordCommand(id, request.Password), cancellationToken);
        return NoContent();
    }

    /// <summary>The business's teams, by name.</summary>
    [HttpGet("teams")]
    public async Task<ItemsDto<TeamDto>> Teams(CancellationToken cancellationToken) =>
        await sender.Send(new ListTeamsQuery(), cancellationToken);

    [HttpPost("teams")]
    [ProducesResponseType<TeamDto>(StatusCodes.Status201Created)]
    public async Task<IActionResult> CreateTeam(TeamRequest request, CancellationToken cancellationToken)
    {
        var team = await sender.Send(new CreateTeamCommand(request.Name, request.PhoneNumbers, request.SupervisorIds), cancellationToken);
        return Created($"/api/manage/teams/{team.Id}", team);
    }

    [HttpPatch("teams/{id:guid}")]
    public async Task<TeamDto> ChangeTeam(Guid id, TeamRequest request, CancellationToken cancellationToken) =>
        await sender.Send(new ChangeTeamCommand(id, request.Name, request.PhoneNumbers, request.SupervisorIds), cancellationToken);

    [HttpDelete("teams/{id:guid}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> DeleteTeam(Guid id, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteTeamCommand(id), cancellationToken);
        return NoContent();
    }

    [HttpGet("retention")]
    public async Task<RetentionDto> Retention(CancellationToken cancellationToken) =>
        await sender.Send(new GetBusinessRetentionQuery(), cancellationToken);

    /// <summary>Replaces the whole retention policy (an absent field: kept forever), as the operator's endpoint does.</summary>
    [HttpPut("retention")]
    public async Task<RetentionDto> SetRetention(RetentionRequest request, CancellationToken cancellationToken) =>
        await sender.Send(new SetBusinessRetentionCommand(request.AudioDays, request.TranscriptDays), cancellationToken);

    [HttpGet("settings")]
    public async Task<BusinessSettingsDto> Settings(CancellationToken cancellationToken) =>
        await sender.Send(new GetBusinessSettingsQuery(), cancellationToken);

    [HttpPut("settings")]
    public async Task<BusinessSettingsDto> SetSettings(SettingsRequest request, CancellationToken cancellationToken) =>
        await sender.Send(new SetBusinessSettingsCommand(request.AgentsSee, request.Redaction), cancellationToken);

    /// <summary>The business's audit trail, newest first, by cursor (or page number within the first 10,000 entries).</summary>
    [HttpGet("audit")]
    public async Task<CursorPage<AuditEntryDto>> Audit(
        [FromQuery] string? callSid, [FromQuery] string? agentEmail, [FromQuery] string? action, [FromQuery] DateTimeOffset? from,
        [FromQuery] DateTimeOffset? to, [FromQuery] int? page, [FromQuery] int? limit, [FromQuery] string? cursor, CancellationToken cancellationToken) =>
        await sender.Send(new GetBusinessAuditQuery(callSid, agentEmail, action, from, to, page, limit, cursor), cancellationToken);

    /// <summary>Every entry of the business's audit trail that matches the filters, newest first, as CSV (streamed).</summary>
    [HttpGet("audit.csv")]
    [Produces("text/csv")]
    public async Task<IActionResult> AuditCsv(
        [FromQuery] string? callSid, [FromQuery] string? agentEmail, [FromQuery] string? action, [FromQuery] DateTimeOffset? from,
        [FromQuery] DateTimeOffset? to, CancellationToken cancellationToken) =>
        new AuditCsvResult(await sender.Send(new ExportAuditCommand(callSid, agentEmail, action, from, to), cancellationToken));

    /// <summary>Sets whom the call is attributed to (exactly these accounts of the business).</summary>
    [HttpPut("calls/{callSid}/agents")]
    public async Task<CallPeopleDto> SetCallAgents(string callSid, CallAgentsRequest request, CancellationToken cancellationToken) =>
        await sender.Send(new SetCallAgentsCommand(callSid, request.AgentIds), cancellationToken);
}
