using Mediator;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;

namespace Recordings.Application.Agents.Commands.CreateAgent;

public sealed record CreateAgentCommand(Guid BusinessId, string? Email, string? Password, string? DisplayName) : ICommand<AgentCreatedDto>;

public sealed record AgentCreatedDto(Guid Id, string Email);

public sealed class CreateAgentCommandHandler(IBusinessRepository businesses, IAgentAccounts accounts)
    : ICommandHandler<CreateAgentCommand, AgentCreatedDto>
{
    public async ValueTask<AgentCreatedDto> Handle(CreateAgentCommand command, CancellationToken cancellationToken)
    {
        if (!await businesses.ExistsAsync(command.BusinessId, cancellationToken))
        {
            throw new NotFoundException("business_not_found", "There is no such business.");
        }

        var agent = await accounts.CreateAsync(
            command.BusinessId, command.Email!.Trim(), command.Password!, command.DisplayName!.Trim(), cancellationToken);
        return new AgentCreatedDto(agent.Id, agent.Email);
    }
}
