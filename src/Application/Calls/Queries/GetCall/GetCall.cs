using FluentValidation;
using Mediator;
using Recordings.Application.Common.Access;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Validation;
using Recordings.Application.Common.Models;

namespace Recordings.Application.Calls.Queries.GetCall;

public sealed record GetCallQuery(string CallSid) : IQuery<CallDetailDto>, IValidationErrorCode
{
    public static string ValidationErrorCode => "invalid_sid";
}

/// <summary>One call, if the viewer may see it (else it is not found, as one that does not exist).</summary>
public sealed class GetCallQueryHandler(ICurrentViewer viewer, ICallReadRepository calls)
    : IQueryHandler<GetCallQuery, CallDetailDto>
{
    public async ValueTask<CallDetailDto> Handle(GetCallQuery query, CancellationToken cancellationToken) =>
        await calls.FindAsync(await viewer.GetAsync(cancellationToken), query.CallSid, cancellationToken)
        ?? throw new NotFoundException("call_not_found", "There is no such call.");
}

public sealed class GetCallQueryValidator : AbstractValidator<GetCallQuery>
{
    public GetCallQueryValidator() => RuleFor(q => q.CallSid).MustBeCallSid();
}
