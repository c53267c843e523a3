using FluentValidation;
using Mediator;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Validation;
using Recordings.Domain.Calls;

namespace Recordings.Application.Recordings.Queries.GetRecordingStatus;

/// <summary>How far the call's recording is from being playable. Reading it queues nothing.</summary>
public sealed record GetRecordingStatusQuery(string CallSid, TimeSpan Wait) : IQuery<RecordingAnswer>, IValidationErrorCode
{
    public static string ValidationErrorCode => "invalid_sid";
}

public sealed class GetRecordingStatusQueryHandler(RecordingPreparation preparation) : IQueryHandler<GetRecordingStatusQuery, RecordingAnswer>
{
    public async ValueTask<RecordingAnswer> Handle(GetRecordingStatusQuery query, CancellationToken cancellationToken)
    {
        var prepared = await preparation.PrepareAsync(query.CallSid, queueDownload: false, retryFailed: false, query.Wait, cancellationToken)
            ?? throw RecordingAnswer.NotFound();
        var status = preparation.ToStatus(prepared.Call);
        var kind = prepared.Call.Recording.State switch
        {
            RecordingState.Queued or RecordingState.Downloading => RecordingAnswerKind.Pending,
            RecordingState.Ready => RecordingAnswerKind.Ready,
            RecordingState.Failed => RecordingAnswerKind.Failed,
            _ => RecordingAnswerKind.Unavailable,
        };
        return new RecordingAnswer(kind, status, prepared.WaitApplied);
    }
}

public sealed class GetRecordingStatusQueryValidator : AbstractValidator<GetRecordingStatusQuery>
{
    public GetRecordingStatusQueryValidator() => RuleFor(q => q.CallSid).MustBeCallSid();
}
