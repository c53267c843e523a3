using FluentValidation;
using Mediator;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Application.Common.Paging;
using Recordings.Application.Common.Validation;
using Recordings.Domain.Audit;

namespace Recordings.Application.Audit.Queries.GetAuditEntries;

/// <summary>
/// The audit trail, newest first, filtered (every filter optional), a page at a time: after <paramref name="Cursor"/>
/// (the previous page's <c>nextCursor</c>), or by <paramref name="Page"/> number within the first 10,000 entries.
/// </summary>
public sealed record GetAuditEntriesQuery(
    Guid? BusinessId, string? CallSid, string? AgentEmail, string? Action, DateTimeOffset? From, DateTimeOffset? To, int? Page, int PageSize,
    string? Cursor = null)
    : IQuery<CursorPage<AuditEntryDto>>;

public sealed class GetAuditEntriesQueryHandler(IAuditReadRepository audit, CursorCodec cursors)
    : IQueryHandler<GetAuditEntriesQuery, CursorPage<AuditEntryDto>>
{
    public async ValueTask<CursorPage<AuditEntryDto>> Handle(GetAuditEntriesQuery query, CancellationToken cancellationToken)
    {
        var action = query.Action is null ? (AuditAction?)null : AuditActions.Parse(query.Action);
        // Times are compared in UTC whatever offset they were given in (PostgreSQL's timestamptz takes only UTC values).
        var filter = new AuditFilter(query.BusinessId, query.CallSid, query.AgentEmail?.Trim(), action, query.From?.ToUniversalTime(),
            query.To?.ToUniversalTime());
        var scope = string.Join('|', "audit", filter.BusinessId?.ToString("N"), filter.CallSid, filter.AgentEmail, filter.Action,
            filter.From?.UtcTicks, filter.To?.UtcTicks);
        return await cursors.PageAsync<AuditEntryDto, AuditListKey>(scope, query.Cursor, query.Page, query.PageSize,
            ct => audit.CountAsync(filter, ct), (page, ct) => audit.ListAsync(filter, page, ct), cancellationToken);
    }
}

public sealed class GetAuditEntriesQueryValidator : AbstractValidator<GetAuditEntriesQuery>
{
    public const int MaxPageSize = 200;

    /// <summary>The deepest page number (page numbers reach the first 10,000 entries; the cursor goes on from there).</summary>
    public const int MaxPage = 10_000;

    public GetAuditEntriesQueryValidator()
    {
        RuleFor(q => q.CallSid!).MustBeCallSid().When(q => q.CallSid is not null);
        RuleFor(q => q.AgentEmail).MaximumLength(256);
        RuleFor(q => q.Action).Must(a => a is null || AuditActions.TryParse(a, out _))
            .WithMessage(AuditActions.Message);
        RuleFor(q => q.To).GreaterThan(q => q.From).When(q => q.From is not null && q.To is not null)
            .WithMessage("'to' must be after 'from'.");
        RuleFor(q => q.Page).InclusiveBetween(1, MaxPage);
        RuleFor(q => q.Page).Null().When(q => q.Cursor is not null).WithMessage("Give either page or cursor, not both.");
        RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize);
    }
}

/// <summary>
/// The API's names of the audit actions: <c>play</c>, <c>download</c>, <c>view</c>, <c>prepare</c>, and the
/// administrative ones in snake case (<c>agent_created</c>, <c>attribution_changed</c>, ...).
/// </summary>
public static class AuditActions
{
    public static string ToName(this AuditAction action) =>
        string.Concat(action.ToString().Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : string.Empty) + char.ToLowerInvariant(c) : c.ToString()));

    public static bool TryParse(string value, out AuditAction action)
    {
        foreach (var candidate in Enum.GetValues<AuditAction>())
        {
            if (string.Equals(candidate.ToName(), value, StringComparison.Ordinal))
            {
                action = candidate;
                return true;
            }
        }

        action = default;
        return false;
    }

    /// <summary>What a filter's <c>action</c> may be, as a refusal says it.</summary>
    public static string Message { get; } =
        "'action' must be one of " + string.Join(", ", Enum.GetValues<AuditAction>().Select(a => a.ToName())) + ".";

    public static AuditAction Parse(string value) =>
        TryParse(value, out var action) ? action : throw new ArgumentException($"'{value}' is not an audit action.", nameof(value));
}
