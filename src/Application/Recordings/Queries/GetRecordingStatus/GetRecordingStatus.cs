using FluentValidation;
using Mediator;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Validation;
using Recordings.Domain.Calls;

namespace Recordings.Application.Recordings.Queries.GetRecordingStatus;

/// <summary>
/// How far the call's recording is from being playable. Reading it writes nothing: a pending recording whose download
/// job was lost gets it again from the sweep (<c>HealPendingDownloadsCommand</c>).
/// </summary>
/// <param name="RecordingSid">Which of the call's recordings (<c>?recordingSid=</c>); null: the first.</param>
public sealed record GetRecordingStatusQuery(string CallSid, TimeSpan Wait, string? RecordingSid = null) : IQuery<RecordingAnswer>, IValidationErrorCode
{
    public static string ValidationErrorCode => "invalid_sid";
}

public sealed class GetRecordingStatusQueryHandler(RecordingPreparation preparation) : IQueryHandler<GetRecordingStatusQuery, RecordingAnswer>
{
    public async ValueTask<RecordingAnswer> Handle(GetRecordingStatusQuery query, CancellationToken cancellationToken)
    {
        using var lookup = await preparation.FindAsync(query.CallSid, query.RecordingSid, query.Wait, cancellationToken)
            ?? throw RecordingAnswer.NotFound();
        var outcome = await preparation.DecideAsync(lookup, RecordingRequest.Status, cancellationToken);
        return RecordingAnswer.For(outcome.Decision, preparation.ToStatus(lookup, outcome.Call), lookup.WaitApplied);
    }
}

public sealed class GetRecordingStatusQueryValidator : AbstractValidator<GetRecordingStatusQuery>
{
    public GetRecordingStatusQueryValidator()
    {
        RuleFor(q => q.CallSid).MustBeCallSid();
        RuleFor(q => q.RecordingSid).MustBeRecordingSid().When(q => q.RecordingSid is not null);
    }
}
