using FluentValidation;
using Mediator;
using Recordings.Application.Common.Access;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Application.Common.Validation;
using Recordings.Domain.Audit;
using Recordings.Domain.Organisation;

namespace Recordings.Application.Manage.Calls;

/// <summary>A call's people after a change: its agents and its teams (their teams and the team answering its line).</summary>
public sealed record CallPeopleDto(IReadOnlyList<AgentRefDto> Agents, IReadOnlyList<TeamRefDto> Teams);

/// <summary>
/// The business's admin corrects whom a call is attributed to: exactly these accounts of the business (an empty list:
/// nobody). Changed under the call's row lock, as every change of a call is; who sees the call follows at once.
/// </summary>
[RequiresRole(AccountRole.Admin)]
public sealed record SetCallAgentsCommand(string CallSid, IReadOnlyList<Guid>? AgentIds) : ICommand<CallPeopleDto>;

public sealed class SetCallAgentsCommandHandler(
    BusinessAdministration administration, ICallRepository calls, IBusinessAccounts accounts, IUnitOfWork unitOfWork, IOrgCharts charts,
    TimeProvider time)
    : ICommandHandler<SetCallAgentsCommand, CallPeopleDto>
{
    public async ValueTask<CallPeopleDto> Handle(SetCallAgentsCommand command, CancellationToken cancellationToken)
    {
        Guid businessId = default;
        var (agentIds, line) = await administration.ChangeAsync(async (viewer, ct) =>
        {
            businessId = viewer.BusinessId;
            var call = await calls.FindForUpdateAsync(command.CallSid, ct);
            if (call is null || call.BusinessId != viewer.BusinessId)
            {
                // Another business's call (or a leg, which belongs to none) is answered as one that does not exist.
                throw new NotFoundException("call_not_found", "There is no such call.");
            }

            var wanted = command.AgentIds!.Distinct().ToList();
            var known = await accounts.FindIdsAsync(viewer.BusinessId, wanted, ct);
            var unknown = wanted.Where(id => !known.Contains(id)).ToList();
            if (unknown.Count > 0)
            {
                throw ManageErrors.Invalid("AgentIds", $"Not an account of this business: {string.Join(", ", unknown)}.");
            }

            var before = call.AgentIds.ToList();
            if (!call.SetAgents(wanted, time.GetUtcNow()))
            {
                return new ChangeOutcome<(IReadOnlyList<Guid>, string?)>((before, call.BusinessNumber), null);
            }

            await unitOfWork.SaveChangesAsync(ct);
            var names = await NamesAsync(viewer.BusinessId, [.. before, .. wanted], ct);
            var detail = new ChangeDetail().Changed("agents", Names(before, names), Names(wanted, names));
            return new ChangeOutcome<(IReadOnlyList<Guid>, string?)>((call.AgentIds, call.BusinessNumber),
                new AuditedChange(AuditAction.AttributionChanged, $"call:{call.CallSid}", detail.ToString(), call.CallSid));
        }, changesOrgChart: false, cancellationToken);

        // Named from the chart as it is now (read after the change committed).
        var (agents, teams) = CallDetailDto.PeopleOf(await charts.GetAsync(businessId, cancellationToken), agentIds, line);
        return new CallPeopleDto(agents, teams);
    }

    private async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(Guid businessId, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        ids.Count == 0 ? new Dictionary<Guid, string>() : (await accounts.ListAsync(businessId, cancellationToken)).ToDictionary(a => a.Id, a => a.DisplayName);

    private static string Names(IEnumerable<Guid> ids, IReadOnlyDictionary<Guid, string> names) =>
        ChangeDetail.List(ids.Select(id => names.TryGetValue(id, out var name) ? $"{name} ({id})" : id.ToString()));
}

public sealed class SetCallAgentsCommandValidator : AbstractValidator<SetCallAgentsCommand>
{
    public SetCallAgentsCommandValidator()
    {
        RuleFor(c => c.CallSid).MustBeCallSid();
        RuleFor(c => c.AgentIds).NotNull().WithMessage("'agentIds' is a list of account ids (empty: nobody).").Ids(ManageRules.MaxAgentsPerCall);
    }
}
