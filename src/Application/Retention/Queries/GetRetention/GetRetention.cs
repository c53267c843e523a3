using Mediator;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Retention.Commands.SetRetention;

namespace Recordings.Application.Retention.Queries.GetRetention;

/// <summary>A business's retention policy.</summary>
public sealed record GetRetentionQuery(Guid BusinessId) : IQuery<RetentionDto>;

public sealed class GetRetentionQueryHandler(IBusinessRepository businesses) : IQueryHandler<GetRetentionQuery, RetentionDto>
{
    public async ValueTask<RetentionDto> Handle(GetRetentionQuery query, CancellationToken cancellationToken)
    {
        var business = await businesses.FindAsync(query.BusinessId, cancellationToken)
            ?? throw new NotFoundException("business_not_found", "There is no such business.");
        return new RetentionDto(business.AudioRetentionDays, business.TranscriptRetentionDays);
    }
}
