using Mediator;
using Recordings.Application.Common.Interfaces;

namespace Recordings.Application.Sso.Queries;

/// <summary>
/// The business whose identity provider signs in this email (or the business asked for by id), when it has single
/// sign-on: the business of the account with this email; else the one business with single sign-on that has accounts
/// at the email's domain (so that a newcomer of a business that creates accounts is sent to its provider). Null when
/// there is none.
/// </summary>
public sealed record FindSsoBusinessQuery(string? Email, Guid? BusinessId) : IQuery<Guid?>;

public sealed class FindSsoBusinessQueryHandler(IBusinessSsoStore store, IAgentAccounts accounts) : IQueryHandler<FindSsoBusinessQuery, Guid?>
{
    public async ValueTask<Guid?> Handle(FindSsoBusinessQuery query, CancellationToken cancellationToken)
    {
        if (query.BusinessId is { } id)
        {
            return await store.FindAsync(id, cancellationToken) is not null ? id : null;
        }
        var email = query.Email?.Trim();
        if (string.IsNullOrEmpty(email) || email.Length > 256 || email.IndexOf('@') is var at && (at <= 0 || at == email.Length - 1))
        {
            return null;
        }
        if (await accounts.FindForSignInAsync(email, cancellationToken) is { } account)
        {
            return await store.FindAsync(account.Agent.BusinessId, cancellationToken) is not null ? account.Agent.BusinessId : null;
        }
        return await store.FindBusinessByAccountDomainAsync(email[(email.LastIndexOf('@') + 1)..], cancellationToken);
    }
}
