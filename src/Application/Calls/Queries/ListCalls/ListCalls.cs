using FluentValidation;
using Mediator;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;

namespace Recordings.Application.Calls.Queries.ListCalls;

public sealed record ListCallsQuery(int Page = 1, int PageSize = ListCallsQuery.DefaultPageSize, string? Q = null)
    : IQuery<PagedResult<CallListItemDto>>
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;
}

public sealed class ListCallsQueryHandler(ICurrentAgent currentAgent, ICallReadRepository calls)
    : IQueryHandler<ListCallsQuery, PagedResult<CallListItemDto>>
{
    public async ValueTask<PagedResult<CallListItemDto>> Handle(ListCallsQuery query, CancellationToken cancellationToken)
    {
        var q = string.IsNullOrWhiteSpace(query.Q) ? null : query.Q.Trim();
        return await calls.ListAsync(currentAgent.BusinessId, query.Page, query.PageSize, q, cancellationToken);
    }
}

public sealed class ListCallsQueryValidator : AbstractValidator<ListCallsQuery>
{
    public ListCallsQueryValidator()
    {
        RuleFor(q => q.Page).InclusiveBetween(1, 100_000);
        RuleFor(q => q.PageSize).InclusiveBetween(1, ListCallsQuery.MaxPageSize);
        RuleFor(q => q.Q).MaximumLength(200);
    }
}
