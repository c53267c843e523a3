using Recordings.Application.Common.Access;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Audit;
using Recordings.Domain.Organisation;

namespace Recordings.Application.Manage;

/// <summary>
/// What an administrative change did, for the audit trail: its action, its target (<c>account:{id}</c>,
/// <c>team:{id}</c>, <c>business</c>, <c>call:{sid}</c>) and in short what changed.
/// </summary>
public sealed record AuditedChange(AuditAction Action, string Target, string Detail, string? CallSid = null);

/// <summary>What a change answers, and what it changed (null: nothing changed; nothing is audited or announced).</summary>
public sealed record ChangeOutcome<T>(T Result, AuditedChange? Change);

/// <summary>
/// Runs one change of the viewer's business (<c>/api/manage/*</c>) the one way every such change runs, in one
/// transaction: the business's row locked first (changes of one business apply one after the other, so a rule such as
/// "the last admin stays" is checked against what the others committed), the acting account checked again under the
/// lock (still an enabled admin: one demoted a moment ago changes nothing), the change, its audit entry, and, for a
/// change of the org chart, the announcement that makes every node forget the business's chart once it commits. A
/// change that throws leaves nothing behind.
/// </summary>
public sealed class BusinessAdministration(
    ICurrentViewer currentViewer, IUnitOfWork unitOfWork, IBusinessRepository businesses, IBusinessAccounts accounts, IAdministrativeAudit audit,
    IOrganisationChanges organisation)
{
    /// <param name="change">The change itself, given the viewer; runs inside the transaction (again, when it is retried).</param>
    /// <param name="changesOrgChart">Whether the change touches who sees which call (roles, teams, identities, disables, agentsSee, names).</param>
    public async Task<T> ChangeAsync<T>(
        Func<Viewer, CancellationToken, Task<ChangeOutcome<T>>> change, bool changesOrgChart, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var viewer = await currentViewer.GetAsync(cancellationToken);
        return await unitOfWork.InTransactionAsync(async ct =>
        {
            await businesses.LockAsync(viewer.BusinessId, ct);
            if (await accounts.FindAsync(viewer.BusinessId, viewer.AccountId, ct) is not { Role: AccountRole.Admin, Disabled: false })
            {
                throw new ForbiddenException("forbidden", "Your role may not do this.");
            }

            var outcome = await change(viewer, ct);
            if (outcome.Change is { } audited)
            {
                await audit.RecordAsync(viewer.BusinessId, audited.Action, audited.Target, audited.Detail, audited.CallSid, ct);
                if (changesOrgChart)
                {
                    await organisation.AnnounceAsync(viewer.BusinessId, ct);
                }
            }

            return outcome.Result;
        }, cancellationToken);
    }
}

/// <summary>Writes an audit entry's detail: what changed, field by field (<c>role: agent -&gt; admin; teams: none -&gt; Sales</c>).</summary>
public sealed class ChangeDetail
{
    private readonly List<string> _parts = [];

    public bool IsEmpty => _parts.Count == 0;

    /// <summary>Notes <paramref name="field"/> when it changed.</summary>
    public ChangeDetail Changed(string field, string before, string after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            _parts.Add($"{field}: {before} -> {after}");
        }

        return this;
    }

    /// <summary>Notes a fact (<c>role: admin</c>, <c>created 'Sales'</c>).</summary>
    public ChangeDetail Note(string text)
    {
        _parts.Add(text);
        return this;
    }

    /// <summary>A list as a detail shows it: its items joined, or <c>none</c>.</summary>
    public static string List(IEnumerable<string> items)
    {
        var all = items.ToList();
        return all.Count == 0 ? "none" : string.Join(", ", all);
    }

    public static string Quoted(string text) => $"'{text}'";

    public override string ToString() => string.Join("; ", _parts);
}

/// <summary>The refusals of the business's administration.</summary>
public static class ManageErrors
{
    public static NotFoundException AccountNotFound() => new("agent_not_found", "This business has no such account.");

    public static NotFoundException TeamNotFound() => new("team_not_found", "This business has no such team.");

    public static ConflictException LastAdmin() =>
        new("last_admin", "This is the business's last enabled admin: make another account an admin first.");

    public static ConflictException IdentityTaken(IEnumerable<string> identities) =>
        new("identity_taken", $"Another account of this business already has {string.Join(", ", identities)}.");

    public static ConflictException TeamNameTaken(string name) => new("team_name_taken", $"This business already has a team named '{name}'.");

    public static ConflictException NumberTaken(IEnumerable<string> numbers) =>
        new("number_taken", $"{string.Join(", ", numbers)}: already answered by another team.");

    /// <summary>A 400 naming one field, for what only the database can tell (a team or an account not of this business).</summary>
    public static RequestValidationException Invalid(string field, string message) =>
        RequestValidationException.ForField(RequestValidationException.DefaultCode, field, message);
}
