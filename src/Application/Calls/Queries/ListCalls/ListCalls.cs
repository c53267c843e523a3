using FluentValidation;
using Mediator;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;

namespace Recordings.Application.Calls.Queries.ListCalls;

/// <param name="Sort"><c>newest</c> (the default) or <c>silence</c> (the most silence first).</param>
/// <param name="MinSilence">Only calls with at least this many seconds of silence.</param>
public sealed record ListCallsQuery(
    int Page = 1, int PageSize = ListCallsQuery.DefaultPageSize, string? Q = null, string? Sort = null, int? MinSilence = null)
    : IQuery<PagedResult<CallListItemDto>>
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;
    public const int MaxMinSilence = 24 * 3600;

    public static readonly IReadOnlyDictionary<string, CallListOrder> Orders =
        new Dictionary<string, CallListOrder>(StringComparer.Ordinal) { ["newest"] = CallListOrder.Newest, ["silence"] = CallListOrder.Silence };
}

public sealed class ListCallsQueryHandler(ICurrentAgent currentAgent, ICallReadRepository calls)
    : IQueryHandler<ListCallsQuery, PagedResult<CallListItemDto>>
{
    public async ValueTask<PagedResult<CallListItemDto>> Handle(ListCallsQuery query, CancellationToken cancellationToken)
    {
        var q = string.IsNullOrWhiteSpace(query.Q) ? null : query.Q.Trim();
        var order = query.Sort is null ? CallListOrder.Newest : ListCallsQuery.Orders[query.Sort];
        return await calls.ListAsync(currentAgent.BusinessId, query.Page, query.PageSize, q, order, query.MinSilence, cancellationToken);
    }
}

public sealed class ListCallsQueryValidator : AbstractValidator<ListCallsQuery>
{
    public ListCallsQueryValidator()
    {
        RuleFor(q => q.Page).InclusiveBetween(1, 100_000);
        RuleFor(q => q.PageSize).InclusiveBetween(1, ListCallsQuery.MaxPageSize);
        RuleFor(q => q.Q).MaximumLength(200);
        RuleFor(q => q.Sort)
            .Must(sort => sort is null || ListCallsQuery.Orders.ContainsKey(sort))
            .WithMessage("sort must be newest or silence.");
        RuleFor(q => q.MinSilence).InclusiveBetween(0, ListCallsQuery.MaxMinSilence);
    }
}
