using FluentValidation;
using Mediator;
using Recordings.Application.Businesses.Commands.CreateBusiness;
using Recordings.Application.Calls.Queries.GetCall;
using Recordings.Application.Calls.Queries.ListCalls;
using Recordings.Application.Common.Behaviours;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Models;
using Recordings.Application.Common.Paging;
using Recordings.Application.Recordings;
using Recordings.Application.Recordings.Queries.GetRecordingPeaks;
using Recordings.Application.Webhooks.Commands.RecordCallStatus;
using static Recordings.Application.UnitTests.TestData;

namespace Recordings.Application.UnitTests.Common;

public sealed class ValidationBehaviourTests
{
    private static readonly CursorPage<CallListItemDto> EmptyPage = new([], null, 0, false);

    private int _nextCalls;

    private ValueTask<CursorPage<CallListItemDto>> NextPage(ListCallsQuery query, CancellationToken cancellationToken)
    {
        _nextCalls++;
        return ValueTask.FromResult(EmptyPage);
    }

    [Fact]
    public async Task FailuresOfAnOrdinaryMessageAreValidationFailed()
    {
        var behaviour = new ValidationBehaviour<ListCallsQuery, CursorPage<CallListItemDto>>([new ListCallsQueryValidator()]);

        var ex = await Should.ThrowAsync<RequestValidationException>(async () =>
            await behaviour.Handle(new ListCallsQuery(0, 101), NextPage, CancellationToken.None));

        ex.Code.ShouldBe(RequestValidationException.DefaultCode);
        ex.Code.ShouldBe("validation_failed");
        ex.Errors.Keys.ShouldBe([nameof(ListCallsQuery.Page), nameof(ListCallsQuery.PageSize)], ignoreOrder: true);
        _nextCalls.ShouldBe(0);
    }

    [Fact]
    public async Task AMalformedSidIsInvalidSidAloneWhateverElseIsWrong()
    {
        var behaviour = new ValidationBehaviour<GetRecordingPeaksQuery, RecordingAnswer>([new GetRecordingPeaksQueryValidator()]);

        var ex = await Should.ThrowAsync<RequestValidationException>(async () => await behaviour.Handle(
            new GetRecordingPeaksQuery(CallSid, "RE12", Buckets: 1), (_, _) => throw new InvalidOperationException("not reached"), CancellationToken.None));

        ex.Code.ShouldBe("invalid_sid");
        ex.Errors.Keys.ShouldBe([nameof(GetRecordingPeaksQuery.RecordingSid)]);
    }

    [Fact]
    public async Task OtherFailuresOfAMessageWithASidKeepTheMessagesOwnCode()
    {
        var behaviour = new ValidationBehaviour<GetRecordingPeaksQuery, RecordingAnswer>([new GetRecordingPeaksQueryValidator()]);

        var ex = await Should.ThrowAsync<RequestValidationException>(async () => await behaviour.Handle(
            new GetRecordingPeaksQuery(CallSid, null, Buckets: 1), (_, _) => throw new InvalidOperationException("not reached"), CancellationToken.None));

        ex.Code.ShouldBe("invalid_peaks_request");
    }

    [Fact]
    public async Task FailuresOfAWebhookAreInvalidWebhook()
    {
        var nextCalls = 0;
        var behaviour = new ValidationBehaviour<RecordCallStatusCommand, Unit>([new RecordCallStatusCommandValidator(TimeProvider.System)]);
        var command = new RecordCallStatusCommand(CallSid, AccountSid, "+15551230001", "+15551239999", "sideways", "ringing", null, null);

        var ex = await Should.ThrowAsync<RequestValidationException>(async () =>
            await behaviour.Handle(command, (_, _) => { nextCalls++; return ValueTask.FromResult(Unit.Value); }, CancellationToken.None));

        ex.Code.ShouldBe("invalid_webhook");
        ex.Errors.Keys.ShouldBe([nameof(RecordCallStatusCommand.Direction)]);
        nextCalls.ShouldBe(0);
    }

    [Fact]
    public async Task FailuresOfACallLookupAreInvalidSid()
    {
        var nextCalls = 0;
        var behaviour = new ValidationBehaviour<GetCallQuery, CallDetailDto>([new GetCallQueryValidator()]);

        var ex = await Should.ThrowAsync<RequestValidationException>(async () =>
            await behaviour.Handle(new GetCallQuery("CA123"), (_, _) => { nextCalls++; return ValueTask.FromResult<CallDetailDto>(null!); },
                CancellationToken.None));

        ex.Code.ShouldBe("invalid_sid");
        nextCalls.ShouldBe(0);
    }

    [Fact]
    public async Task AValidMessageGoesToTheNextStepOnce()
    {
        var behaviour = new ValidationBehaviour<ListCallsQuery, CursorPage<CallListItemDto>>([new ListCallsQueryValidator()]);

        var result = await behaviour.Handle(new ListCallsQuery(1, 25, Q: "555"), NextPage, CancellationToken.None);

        result.ShouldBeSameAs(EmptyPage);
        _nextCalls.ShouldBe(1);
    }

    [Fact]
    public async Task AMessageWithoutValidatorsGoesToTheNextStep()
    {
        var behaviour = new ValidationBehaviour<ListCallsQuery, CursorPage<CallListItemDto>>([]);

        await behaviour.Handle(new ListCallsQuery(0, 0), NextPage, CancellationToken.None);

        _nextCalls.ShouldBe(1);
    }

    [Fact]
    public async Task FailuresOfEveryValidatorAreReportedTogether()
    {
        var extra = new InlineValidator<ListCallsQuery>();
        extra.RuleFor(q => q.Q).NotEmpty();
        var behaviour = new ValidationBehaviour<ListCallsQuery, CursorPage<CallListItemDto>>([new ListCallsQueryValidator(), extra]);

        var ex = await Should.ThrowAsync<RequestValidationException>(async () =>
            await behaviour.Handle(new ListCallsQuery(0, 25), NextPage, CancellationToken.None));

        ex.Errors.Keys.ShouldBe([nameof(ListCallsQuery.Page), nameof(ListCallsQuery.Q)], ignoreOrder: true);
        _nextCalls.ShouldBe(0);
    }

    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("line\nbreak")]
    [InlineData("tab\there")]
    [InlineData("esc\u001b[0m")]
    [InlineData("del\u007f")]
    [InlineData("c1\u0085")]
    public async Task ControlCharactersInAnyTextAreRefusedBeforeAnyValidator(string text)
    {
        var validator = Substitute.For<IValidator<ListCallsQuery>>();
        var behaviour = new ValidationBehaviour<ListCallsQuery, CursorPage<CallListItemDto>>([validator]);

        var ex = await Should.ThrowAsync<RequestValidationException>(async () =>
            await behaviour.Handle(new ListCallsQuery(1, 25, Q: text), NextPage, CancellationToken.None));

        ex.Code.ShouldBe("validation_failed");
        ex.Errors[nameof(ListCallsQuery.Q)].ShouldBe(["'Q' must not contain control characters."]);
        _nextCalls.ShouldBe(0);
        await validator.DidNotReceiveWithAnyArgs().ValidateAsync(default(ValidationContext<ListCallsQuery>)!, default);
    }

    [Fact]
    public async Task ControlCharactersInACollectionOfTextsAreRefused()
    {
        var behaviour = new ValidationBehaviour<CreateBusinessCommand, BusinessDto>([]);

        var ex = await Should.ThrowAsync<RequestValidationException>(async () => await behaviour.Handle(
            new CreateBusinessCommand("Acme", ["+15551230001", "+1555\u00001230002"]),
            (_, _) => ValueTask.FromResult<BusinessDto>(null!), CancellationToken.None));

        ex.Errors.Keys.ShouldBe([nameof(CreateBusinessCommand.PhoneNumbers)]);
    }

    [Fact]
    public async Task ControlCharactersInAWebhookAreAnInvalidWebhook()
    {
        var behaviour = new ValidationBehaviour<RecordCallStatusCommand, Unit>([]);
        var command = new RecordCallStatusCommand(CallSid, AccountSid, "+15551230001", "+15551239999", "inbound", "ringing\u0000", null, null);

        var ex = await Should.ThrowAsync<RequestValidationException>(async () =>
            await behaviour.Handle(command, (_, _) => ValueTask.FromResult(Unit.Value), CancellationToken.None));

        ex.Code.ShouldBe("invalid_webhook");
        ex.Errors.Keys.ShouldBe([nameof(RecordCallStatusCommand.CallStatus)]);
    }

    [Theory]
    [InlineData("Dana Cohen")]
    [InlineData("דנה כהן")]
    [InlineData("emoji \U0001F600 and \u200f marks")]
    public async Task OrdinaryTextInAnyScriptPasses(string text)
    {
        var behaviour = new ValidationBehaviour<ListCallsQuery, CursorPage<CallListItemDto>>([]);

        await behaviour.Handle(new ListCallsQuery(1, 25, Q: text), NextPage, CancellationToken.None);

        _nextCalls.ShouldBe(1);
    }
}
