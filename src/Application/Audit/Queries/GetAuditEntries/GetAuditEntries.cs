using FluentValidation;
using Mediator;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Application.Common.Validation;
using Recordings.Domain.Audit;

namespace Recordings.Application.Audit.Queries.GetAuditEntries;

/// <summary>The audit trail, newest first, filtered (every filter optional) and paged.</summary>
public sealed record GetAuditEntriesQuery(
    Guid? BusinessId, string? CallSid, string? AgentEmail, string? Action, DateTimeOffset? From, DateTimeOffset? To, int Page, int PageSize)
    : IQuery<PagedResult<AuditEntryDto>>;

public sealed class GetAuditEntriesQueryHandler(IAuditReadRepository audit) : IQueryHandler<GetAuditEntriesQuery, PagedResult<AuditEntryDto>>
{
    public async ValueTask<PagedResult<AuditEntryDto>> Handle(GetAuditEntriesQuery query, CancellationToken cancellationToken)
    {
        var action = query.Action is null ? (AuditAction?)null : AuditActions.Parse(query.Action);
        // Times are compared in UTC whatever offset they were given in (PostgreSQL's timestamptz takes only UTC values).
        var filter = new AuditFilter(query.BusinessId, query.CallSid, query.AgentEmail?.Trim(), action, query.From?.ToUniversalTime(),
            query.To?.ToUniversalTime());
        return await audit.ListAsync(filter, query.Page, query.PageSize, cancellationToken);
    }
}

public sealed class GetAuditEntriesQueryValidator : AbstractValidator<GetAuditEntriesQuery>
{
    public const int MaxPageSize = 200;

    /// <summary>The deepest page (its offset, at most 2,000,000 entries, stays well inside an int); filter by time beyond it.</summary>
    public const int MaxPage = 10_000;

    public GetAuditEntriesQueryValidator()
    {
        RuleFor(q => q.CallSid!).MustBeCallSid().When(q => q.CallSid is not null);
        RuleFor(q => q.AgentEmail).MaximumLength(256);
        RuleFor(q => q.Action).Must(a => a is null || AuditActions.TryParse(a, out _))
            .WithMessage("'action' must be play, download, view or prepare.");
        RuleFor(q => q.To).GreaterThan(q => q.From).When(q => q.From is not null && q.To is not null)
            .WithMessage("'to' must be after 'from'.");
        RuleFor(q => q.Page).InclusiveBetween(1, MaxPage);
        RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize);
    }
}

/// <summary>The API's names of the audit actions: <c>play</c>, <c>download</c>, <c>view</c>, <c>prepare</c>.</summary>
public static class AuditActions
{
    public static string ToName(this AuditAction action) => action.ToString().ToLowerInvariant();

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

    public static AuditAction Parse(string value) =>
        TryParse(value, out var action) ? action : throw new ArgumentException($"'{value}' is not an audit action.", nameof(value));
}
