using System.Globalization;
using FluentValidation;
using Mediator;
using Recordings.Application.Common.Access;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Application.Common.Paging;
using Recordings.Domain.Calls;
using Recordings.Domain.Calls.Search;
using Recordings.Domain.Organisation;

namespace Recordings.Application.Calls.Queries.ListCalls;

/// <summary>
/// The business's calls, a page at a time: by <paramref name="Cursor"/> (the previous page's <c>nextCursor</c>), or by
/// <paramref name="Page"/> number within the first <see cref="Paging.ExactTotalLimit"/> rows.
/// </summary>
/// <param name="Limit">Rows per page (<paramref name="PageSize"/> is its older name).</param>
/// <param name="Q">A search of what was said and of the phone numbers; the list is then ordered by relevance unless <paramref name="Sort"/> is given.</param>
/// <param name="Sort"><c>newest</c> (the default) or <c>silence</c> (the most silence first).</param>
/// <param name="MinSilence">Only calls with at least this many seconds of silence.</param>
/// <param name="From">Only calls that started at or after this time.</param>
/// <param name="To">Only calls that started before this time.</param>
/// <param name="Direction"><c>inbound</c>, <c>outbound</c> (either kind), <c>outbound-api</c> or <c>outbound-dial</c>.</param>
/// <param name="AgentId">Only the calls of this account (within what the viewer sees).</param>
/// <param name="TeamId">Only the calls of this team: its members' and those on its numbers (within what the viewer sees).</param>
public sealed record ListCallsQuery(
    int? Page = null, int? PageSize = null, int? Limit = null, string? Cursor = null, string? Q = null, string? Sort = null,
    int? MinSilence = null, DateTimeOffset? From = null, DateTimeOffset? To = null, string? Direction = null,
    Guid? AgentId = null, Guid? TeamId = null)
    : IQuery<CursorPage<CallListItemDto>>
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;
    public const int MaxMinSilence = 24 * 3600;
    public const int MaxQueryLength = 500;

    public static readonly IReadOnlyDictionary<string, CallListOrder> Orders =
        new Dictionary<string, CallListOrder>(StringComparer.Ordinal) { ["newest"] = CallListOrder.Newest, ["silence"] = CallListOrder.Silence };

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<CallDirection>> Directions =
        new Dictionary<string, IReadOnlyList<CallDirection>>(StringComparer.Ordinal)
        {
            ["inbound"] = [CallDirection.Inbound],
            ["outbound"] = [CallDirection.OutboundApi, CallDirection.OutboundDial],
            ["outbound-api"] = [CallDirection.OutboundApi],
            ["outbound-dial"] = [CallDirection.OutboundDial],
        };
}

public sealed class ListCallsQueryHandler(ICurrentViewer currentViewer, ICallReadRepository calls, CursorCodec cursors)
    : IQueryHandler<ListCallsQuery, CursorPage<CallListItemDto>>
{
    public async ValueTask<CursorPage<CallListItemDto>> Handle(ListCallsQuery query, CancellationToken cancellationToken)
    {
        var viewer = await currentViewer.GetAsync(cancellationToken);
        // A team of another business is no team: its filter matches nothing, as an agent id of another business does.
        var team = query.TeamId is { } teamId ? viewer.Chart.Team(teamId) ?? new OrganisationTeam(teamId, string.Empty, [], [], []) : null;
        var q = string.IsNullOrWhiteSpace(query.Q) ? null : query.Q.Trim();
        var order = query.Sort is { } sort ? ListCallsQuery.Orders[sort] : q is null ? CallListOrder.Newest : CallListOrder.Relevance;
        var filter = new CallListFilter(
            query.From?.ToUniversalTime(), query.To?.ToUniversalTime(),
            query.Direction is { } direction ? ListCallsQuery.Directions[direction] : null, query.MinSilence, query.AgentId, team);
        var limit = query.Limit ?? query.PageSize ?? ListCallsQuery.DefaultPageSize;

        // Everything that decides which rows the list has and in which order: a cursor works only where it was made.
        var scope = string.Join('|', "calls", viewer.BusinessId.ToString("N"), viewer.AccountId.ToString("N"), order, q, Stamp(filter.From), Stamp(filter.To), query.Direction,
            query.MinSilence?.ToString(CultureInfo.InvariantCulture), query.AgentId?.ToString("N"), query.TeamId?.ToString("N"));

        return await cursors.PageAsync<CallListItemDto, CallListKey>(scope, query.Cursor, query.Page, limit,
            ct => calls.CountAsync(viewer, q, filter, ct),
            (page, ct) => calls.ListAsync(viewer, q, order, filter, page, ct),
            cancellationToken);
    }

    private static string? Stamp(DateTimeOffset? at) => at?.UtcTicks.ToString(CultureInfo.InvariantCulture);
}

public sealed class ListCallsQueryValidator : AbstractValidator<ListCallsQuery>
{
    public ListCallsQueryValidator()
    {
        RuleFor(q => q.Page).InclusiveBetween(1, 100_000);
        RuleFor(q => q.Page).Null().When(q => q.Cursor is not null).WithMessage("Give either page or cursor, not both.");
        RuleFor(q => q.PageSize).InclusiveBetween(1, ListCallsQuery.MaxPageSize);
        RuleFor(q => q.Limit).InclusiveBetween(1, ListCallsQuery.MaxPageSize);
        RuleFor(q => q.Q).MaximumLength(ListCallsQuery.MaxQueryLength);
        RuleFor(q => q.Q)
            .Must(q => string.IsNullOrWhiteSpace(q) || SearchQuery.Parse(q) is not null)
            .When(q => q.Q is null || q.Q.Length <= ListCallsQuery.MaxQueryLength)
            .WithMessage("q has nothing to search for: give a word or a number.");
        RuleFor(q => q.Sort)
            .Must(sort => sort is null || ListCallsQuery.Orders.ContainsKey(sort))
            .WithMessage("sort must be newest or silence.");
        RuleFor(q => q.Direction)
            .Must(direction => direction is null || ListCallsQuery.Directions.ContainsKey(direction))
            .WithMessage("direction must be inbound, outbound, outbound-api or outbound-dial.");
        RuleFor(q => q.MinSilence).InclusiveBetween(0, ListCallsQuery.MaxMinSilence);
        RuleFor(q => q.To).GreaterThan(q => q.From).When(q => q.From is not null && q.To is not null)
            .WithMessage("'to' must be after 'from'.");
    }
}
