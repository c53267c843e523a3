using Recordings.Application.Recordings.Commands.RewrapOriginalKeys;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Recordings.Application.Agents.Commands.CreateAgent;
using Recordings.Application.Audit.Queries.GetAuditEntries;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Application.Common.Paging;
using Recordings.Application.Agents.Commands.SetAgentDisabled;
using Recordings.Application.Agents.Commands.SetAgentPassword;
using Recordings.Application.Businesses.Commands.CreateBusiness;
using Recordings.Application.Reconciliation.Commands.ReconcileRecordings;
using Recordings.Application.Reconciliation.Queries.GetReconciliationReport;
using Recordings.Application.Retention.Commands.ApplyRetention;
using Recordings.Application.Retention.Commands.SetRetention;
using Recordings.Application.Retention.Queries.GetRetention;
using Recordings.Application.Sso;
using Recordings.Application.Sso.Commands;
using Recordings.Application.Sso.Queries;
using Recordings.Web.Infrastructure;

namespace Recordings.Web.Controllers;

/// <summary>Operators' API: businesses and their agents. Requires <c>X-Admin-Key</c>.</summary>
[ApiController]
[AdminKey]
[Route("api/admin")]
public sealed class AdminController(ISender sender) : ControllerBase
{
    public sealed record CreateBusinessRequest(string? Name, IReadOnlyList<string>? PhoneNumbers);

    /// <summary>A new account of the business; <c>role</c>: <c>agent</c> (when absent), <c>supervisor</c> or <c>admin</c>.</summary>
    public sealed record CreateAgentRequest(string? Email, string? Password, string? DisplayName, string? Role = null);

    public sealed record SetPasswordRequest(string? Password);

    /// <summary>
    /// A business's single sign-on (OpenID Connect). <c>clientSecret</c> may be left out to keep the stored one;
    /// <c>emailClaim</c> defaults to <c>email</c>, <c>provision</c> to <c>existing</c>, <c>passwordLogin</c> to true.
    /// </summary>
    public sealed record SsoRequest(
        string? Issuer, string? ClientId, string? ClientSecret, string? EmailClaim, string? RoleClaim,
        Dictionary<string, string?>? RoleValues, string? TeamsClaim, string? Provision, bool? PasswordLogin);

    /// <summary>A retention policy: days after the call's start; null (or absent) keeps forever.</summary>
    public sealed record RetentionRequest(int? AudioDays, int? TranscriptDays);

    /// <summary>
    /// The last reconciliation run (<c>lastRunAt</c> null before the first): how many recordings it listed (created after
    /// <c>listedFrom</c>), checked against the database, found missing and backfilled (queued), and the account's
    /// watermark after it.
    /// </summary>
    public sealed record ReconciliationResponse(
        DateTimeOffset? LastRunAt, double? LastRunSeconds, int Listed, int Backfilled, int Unattributed, IReadOnlyList<string> Errors,
        int Checked, int Missing, DateTimeOffset? ListedFrom, DateTimeOffset? Watermark)
    {
        public static ReconciliationResponse Of(ReconciliationReport? report) => report is null
            ? new ReconciliationResponse(null, null, 0, 0, 0, [], 0, 0, null, null)
            : new ReconciliationResponse(report.RanAt, Math.Round(report.Seconds, 3), report.Listed, report.Backfilled, report.Unattributed,
                report.Errors, report.Checked, report.Missing, report.ListedFrom, report.Watermark);
    }

    /// <summary>What one retention run did (<c>seconds</c> it took) and what it left for the next (<c>outOfTime</c>: stopped at its budget).</summary>
    public sealed record RetentionRunResponse(
        int RecordingsExpired, int TranscriptsExpired, int Errors, int RecordingsLeft, int TranscriptsLeft, double Seconds, bool OutOfTime);

    /// <summary>What the last reconciliation with Twilio found: how many recordings it listed and backfilled, and what failed.</summary>
    [HttpGet("reconciliation")]
    [ProducesResponseType<ReconciliationResponse>(StatusCodes.Status200OK)]
    public async Task<ReconciliationResponse> Reconciliation(CancellationToken cancellationToken) =>
        ReconciliationResponse.Of(await sender.Send(new GetReconciliationReportQuery(), cancellationToken));

    /// <summary>
    /// Runs a reconciliation now, as the sweep would (from the watermark), and answers its report when it is done (for
    /// operators and the benchmark). A run of the sweep at the same time does no harm: both check before they import.
    /// </summary>
    [HttpPost("reconciliation/run")]
    [ProducesResponseType<ReconciliationResponse>(StatusCodes.Status200OK)]
    public async Task<ReconciliationResponse> RunReconciliation(CancellationToken cancellationToken) =>
        ReconciliationResponse.Of(await sender.Send(new ReconcileRecordingsCommand(), cancellationToken));

    /// <summary>
    /// Runs the retention sweep now (within <c>Recordings:RetentionRunBudget</c>) and answers what it did and what is left
    /// when it is done. A run of the sweep at the same time does no harm: each recording is expired under its call's lock.
    /// </summary>
    [HttpPost("retention/run")]
    [ProducesResponseType<RetentionRunResponse>(StatusCodes.Status200OK)]
    public async Task<RetentionRunResponse> RunRetention(CancellationToken cancellationToken)
    {
        var report = await sender.Send(new ApplyRetentionCommand(), cancellationToken);
        return new RetentionRunResponse(report.RecordingsExpired, report.TranscriptsExpired, report.Errors, report.RecordingsLeft,
            report.TranscriptsLeft, Math.Round(report.Seconds, 3), report.OutOfTime);
    }

    /// <summary>
    /// After a rotation of <c>Redaction:MasterKey</c>: wraps every kept original's data key again with the current master
    /// key, and answers how many it read and wrapped again (see the README's operations). Safe to run again.
    /// </summary>
    [HttpPost("redaction/rewrap")]
    [ProducesResponseType<RewrapReport>(StatusCodes.Status200OK)]
    public async Task<RewrapReport> RewrapOriginalKeys(CancellationToken cancellationToken) =>
        await sender.Send(new RewrapOriginalKeysCommand(), cancellationToken);

    /// <summary>
    /// The audit trail (who played, downloaded, viewed or prepared which call's recording, when, from where), newest
    /// first; every filter is optional; <c>from</c> inclusive, <c>to</c> exclusive.
    /// </summary>
    [HttpGet("audit")]
    [ProducesResponseType<CursorPage<AuditEntryDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<CursorPage<AuditEntryDto>> Audit(
        [FromQuery] Guid? businessId, [FromQuery] string? callSid, [FromQuery] string? agentEmail, [FromQuery] string? action,
        [FromQuery] DateTimeOffset? from, [FromQuery] DateTimeOffset? to, [FromQuery] int? page, [FromQuery] int pageSize = 50,
        [FromQuery] string? cursor = null, CancellationToken cancellationToken = default) =>
        await sender.Send(new GetAuditEntriesQuery(businessId, callSid, agentEmail, action, from, to, page, pageSize, cursor), cancellationToken);

    /// <summary>How long the business's recordings' audio and transcripts are kept (null: forever).</summary>
    [HttpGet("businesses/{businessId:guid}/retention")]
    [ProducesResponseType<RetentionDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<RetentionDto> GetRetention(Guid businessId, CancellationToken cancellationToken) =>
        await sender.Send(new GetRetentionQuery(businessId), cancellationToken);

    /// <summary>
    /// Sets the business's retention policy (the whole of it: an absent field is null, kept forever). The retention
    /// sweep deletes what is older, every <c>Recordings:RetentionInterval</c>.
    /// </summary>
    [HttpPut("businesses/{businessId:guid}/retention")]
    [ProducesResponseType<RetentionDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<RetentionDto> SetRetention(Guid businessId, RetentionRequest request, CancellationToken cancellationToken) =>
        await sender.Send(new SetRetentionCommand(businessId, request.AudioDays, request.TranscriptDays), cancellationToken);

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
            new CreateAgentCommand(businessId, request.Email, request.Password, request.DisplayName, request.Role), cancellationToken);
        return Created($"/api/admin/businesses/{businessId}/agents/{agent.Id}", agent);
    }

    /// <summary>Sets an agent's password (a reset by an operator); every session of the agent ends.</summary>
    [HttpPut("businesses/{businessId:guid}/agents/{agentId:guid}/password")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> SetAgentPassword(Guid businessId, Guid agentId, SetPasswordRequest request, CancellationToken cancellationToken)
    {
        await sender.Send(new SetAgentPasswordCommand(businessId, agentId, request.Password), cancellationToken);
        return NoContent();
    }

    /// <summary>Disables an agent: no more logins, and every session of the agent ends at once.</summary>
    [HttpPost("businesses/{businessId:guid}/agents/{agentId:guid}/disable")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<IActionResult> DisableAgent(Guid businessId, Guid agentId, CancellationToken cancellationToken) =>
        SetDisabled(businessId, agentId, disabled: true, cancellationToken);

    /// <summary>Lets a disabled agent log in again.</summary>
    [HttpPost("businesses/{businessId:guid}/agents/{agentId:guid}/enable")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<IActionResult> EnableAgent(Guid businessId, Guid agentId, CancellationToken cancellationToken) =>
        SetDisabled(businessId, agentId, disabled: false, cancellationToken);

    private async Task<IActionResult> SetDisabled(Guid businessId, Guid agentId, bool disabled, CancellationToken cancellationToken)
    {
        await sender.Send(new SetAgentDisabledCommand(businessId, agentId, disabled), cancellationToken);
        return NoContent();
    }

    /// <summary>The business's single sign-on, without the client secret (<c>hasClientSecret</c> says whether one is stored).</summary>
    [HttpGet("businesses/{businessId:guid}/sso")]
    [ProducesResponseType<SsoSettingsDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<SsoSettingsDto> GetSso(Guid businessId, CancellationToken cancellationToken) =>
        await sender.Send(new GetSsoQuery(businessId), cancellationToken);

    /// <summary>Sets the business's single sign-on (the whole of it); the answer never carries the secret.</summary>
    [HttpPut("businesses/{businessId:guid}/sso")]
    [ProducesResponseType<SsoSettingsDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<SsoSettingsDto> SetSso(Guid businessId, SsoRequest request, CancellationToken cancellationToken) =>
        await sender.Send(new SetSsoCommand(businessId, request.Issuer, request.ClientId, request.ClientSecret, request.EmailClaim,
            request.RoleClaim, request.RoleValues, request.TeamsClaim, request.Provision, request.PasswordLogin), cancellationToken);

    /// <summary>Turns the business's single sign-on off.</summary>
    [HttpDelete("businesses/{businessId:guid}/sso")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> DeleteSso(Guid businessId, CancellationToken cancellationToken)
    {
        await sender.Send(new DeleteSsoCommand(businessId), cancellationToken);
        return NoContent();
    }
}
