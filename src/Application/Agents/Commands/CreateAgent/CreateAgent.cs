using Mediator;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Organisation;

namespace Recordings.Application.Agents.Commands.CreateAgent;

/// <summary>An operator adds an account to a business, with a role (<c>agent</c> when absent): a business starts with its first admin this way.</summary>
public sealed record CreateAgentCommand(Guid BusinessId, string? Email, string? Password, string? DisplayName, string? Role = null)
    : ICommand<AgentCreatedDto>;

public sealed record AgentCreatedDto(Guid Id, string Email);

public sealed class CreateAgentCommandHandler(
    IBusinessRepository businesses, IAgentAccounts accounts, IUnitOfWork unitOfWork, IOrganisationChanges organisation)
    : ICommandHandler<CreateAgentCommand, AgentCreatedDto>
{
    public async ValueTask<AgentCreatedDto> Handle(CreateAgentCommand command, CancellationToken cancellationToken)
    {
        if (!await businesses.ExistsAsync(command.BusinessId, cancellationToken))
        {
            throw new NotFoundException("business_not_found", "There is no such business.");
        }

        var role = OrganisationNames.TryParseRole(command.Role, out var parsed) ? parsed : AccountRole.Agent;
        // The business's org chart gains an account: every node forgets the one it remembers, or the new account's
        // first requests would find no account in it.
        var agent = await unitOfWork.InTransactionAsync(async ct =>
        {
            var created = await accounts.CreateAsync(
                command.BusinessId, command.Email!.Trim(), command.Password!, command.DisplayName!.Trim(), role, ct);
            await organisation.AnnounceAsync(command.BusinessId, ct);
            return created;
        }, cancellationToken);
        return new AgentCreatedDto(agent.Id, agent.Email);
    }
}
