using System.Globalization;
using System.Runtime.CompilerServices;
using FluentValidation;
using Mediator;
using Recordings.Application.Audit.Queries.GetAuditEntries;
using Recordings.Application.Common.Access;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Paging;
using Recordings.Application.Common.Validation;
using Recordings.Domain.Audit;
using Recordings.Domain.Organisation;

namespace Recordings.Application.Manage.Audit;

/// <summary>
/// The viewer's business's audit trail: the operator's <see cref="GetAuditEntriesQuery"/> (same filters, rules,
/// paging and answer) with the business fixed to the viewer's.
/// </summary>
[RequiresRole(AccountRole.Admin)]
public sealed record GetBusinessAuditQuery(
    string? CallSid, string? AgentEmail, string? Action, DateTimeOffset? From, DateTimeOffset? To, int? Page, int? Limit, string? Cursor)
    : IQuery<CursorPage<AuditEntryDto>>
{
    public const int DefaultLimit = 50;
}

public sealed class GetBusinessAuditQueryHandler(ICurrentViewer currentViewer, ISender sender)
    : IQueryHandler<GetBusinessAuditQuery, CursorPage<AuditEntryDto>>
{
    public async ValueTask<CursorPage<AuditEntryDto>> Handle(GetBusinessAuditQuery query, CancellationToken cancellationToken)
    {
        var viewer = await currentViewer.GetAsync(cancellationToken);
        return await sender.Send(new GetAuditEntriesQuery(viewer.BusinessId, query.CallSid, query.AgentEmail, query.Action, query.From, query.To,
            query.Page, query.Limit ?? GetBusinessAuditQuery.DefaultLimit, query.Cursor), cancellationToken);
    }
}

public sealed class GetBusinessAuditQueryValidator : AbstractValidator<GetBusinessAuditQuery>
{
    // The operator's query checks the rest (under the same field names); its page size is called limit here.
    public GetBusinessAuditQueryValidator() =>
        RuleFor(q => q.Limit).InclusiveBetween(1, GetAuditEntriesQueryValidator.MaxPageSize).When(q => q.Limit is not null);
}

/// <summary>Every entry of an export, newest first, read a keyset page at a time; and the name of its file.</summary>
public sealed record AuditExport(string FileName, IAsyncEnumerable<AuditEntryDto> Entries);

/// <summary>
/// Exports every entry of the viewer's business's audit trail that matches the filters (those of
/// <see cref="GetBusinessAuditQuery"/>), newest first. The export itself is audited (<c>audit_exported</c>, with the
/// filters) before the first entry is read. The entries are read <see cref="PageSize"/> at a time, after the last one of
/// the page before (by <c>at</c>, then number): however many there are, one page is in memory at a time.
/// </summary>
[RequiresRole(AccountRole.Admin)]
public sealed record ExportAuditCommand(string? CallSid, string? AgentEmail, string? Action, DateTimeOffset? From, DateTimeOffset? To)
    : ICommand<AuditExport>
{
    public const int PageSize = 1000;
}

public sealed class ExportAuditCommandHandler(
    ICurrentViewer currentViewer, IAuditReadRepository entries, IAdministrativeAudit audit, IUnitOfWork unitOfWork, TimeProvider time)
    : ICommandHandler<ExportAuditCommand, AuditExport>
{
    public async ValueTask<AuditExport> Handle(ExportAuditCommand command, CancellationToken cancellationToken)
    {
        var viewer = await currentViewer.GetAsync(cancellationToken);
        var filter = new AuditFilter(viewer.BusinessId, command.CallSid, command.AgentEmail?.Trim(),
            command.Action is null ? null : AuditActions.Parse(command.Action), command.From?.ToUniversalTime(), command.To?.ToUniversalTime());
        await unitOfWork.InTransactionAsync(async ct =>
        {
            await audit.RecordAsync(viewer.BusinessId, AuditAction.AuditExported, "business", Describe(filter), null, ct);
            return true;
        }, cancellationToken);
        return new AuditExport($"audit-{time.GetUtcNow():yyyyMMdd}.csv", ReadAsync(filter, cancellationToken));
    }

    private async IAsyncEnumerable<AuditEntryDto> ReadAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        AuditListKey? after = null;
        do
        {
            var page = await entries.ListAsync(filter, new PageRequest<AuditListKey>(after, 0, ExportAuditCommand.PageSize), cancellationToken);
            foreach (var entry in page.Items)
            {
                yield return entry;
            }

            after = page.LastKey;
        }
        while (after is not null);
    }

    private static string Describe(AuditFilter filter)
    {
        var parts = new List<string>();
        Add("callSid", filter.CallSid);
        Add("agentEmail", filter.AgentEmail);
        Add("action", filter.Action?.ToName());
        Add("from", filter.From?.ToString("O", CultureInfo.InvariantCulture));
        Add("to", filter.To?.ToString("O", CultureInfo.InvariantCulture));
        return parts.Count == 0 ? "filters: none" : "filters: " + string.Join("; ", parts);

        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parts.Add($"{name}={value}");
            }
        }
    }
}

public sealed class ExportAuditCommandValidator : AbstractValidator<ExportAuditCommand>
{
    public ExportAuditCommandValidator()
    {
        RuleFor(q => q.CallSid!).MustBeCallSid().When(q => q.CallSid is not null);
        RuleFor(q => q.AgentEmail).MaximumLength(256);
        RuleFor(q => q.Action).Must(a => a is null || AuditActions.TryParse(a, out _)).WithMessage(AuditActions.Message);
        RuleFor(q => q.To).GreaterThan(q => q.From).When(q => q.From is not null && q.To is not null)
            .WithMessage("'to' must be after 'from'.");
    }
}
