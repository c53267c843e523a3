using Mediator;
using Recordings.Application.Common.Interfaces;

namespace Recordings.Application.Sso.Queries;

/// <summary>A business's single sign-on, without its secret.</summary>
public sealed record GetSsoQuery(Guid BusinessId) : IQuery<SsoSettingsDto>;

public sealed class GetSsoQueryHandler(IBusinessRepository businesses, IBusinessSsoStore store) : IQueryHandler<GetSsoQuery, SsoSettingsDto>
{
    public async ValueTask<SsoSettingsDto> Handle(GetSsoQuery query, CancellationToken cancellationToken)
    {
        if (!await businesses.ExistsAsync(query.BusinessId, cancellationToken))
        {
            throw SsoErrors.NoBusiness();
        }
        var stored = await store.FindAsync(query.BusinessId, cancellationToken) ?? throw SsoErrors.NotConfigured();
        return SsoSettingsDto.Of(stored.Settings, stored.HasClientSecret);
    }
}
