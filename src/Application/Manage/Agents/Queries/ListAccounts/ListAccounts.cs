using Mediator;
using Recordings.Application.Common.Access;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Domain.Organisation;

namespace Recordings.Application.Manage.Agents.Queries.ListAccounts;

/// <summary>The viewer's business's accounts, by display name (its admin, and its supervisors, may read them).</summary>
[RequiresRole(AccountRole.Admin, AccountRole.Supervisor)]
public sealed record ListAccountsQuery : IQuery<ItemsDto<AccountDto>>;

public sealed class ListAccountsQueryHandler(ICurrentViewer currentViewer, IBusinessAccounts accounts)
    : IQueryHandler<ListAccountsQuery, ItemsDto<AccountDto>>
{
    public async ValueTask<ItemsDto<AccountDto>> Handle(ListAccountsQuery query, CancellationToken cancellationToken)
    {
        var viewer = await currentViewer.GetAsync(cancellationToken);
        var all = await accounts.ListAsync(viewer.BusinessId, cancellationToken);
        return new ItemsDto<AccountDto>([.. all.Select(AccountDto.Of)]);
    }
}
