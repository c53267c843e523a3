using Microsoft.Extensions.Time.Testing;
using Recordings.Application.Businesses.Commands.CreateBusiness;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Businesses;

namespace Recordings.Application.UnitTests.Businesses;

public sealed class CreateBusinessCommandHandlerTests
{
    private readonly IBusinessRepository _businesses = Substitute.For<IBusinessRepository>();
    private readonly FakeTimeProvider _time = new(TestData.Start);
    private readonly CreateBusinessCommandHandler _handler;

    public CreateBusinessCommandHandlerTests() => _handler = new CreateBusinessCommandHandler(_businesses, _time);

    [Fact]
    public async Task TakenNumberIsAConflictAndNothingIsAdded()
    {
        _businesses.FindTakenNumbersAsync(Arg.Any<IReadOnlyCollection<string>>(), Arg.Any<CancellationToken>())
            .Returns(["+15551230002"]);

        var ex = await Should.ThrowAsync<ConflictException>(async () =>
            await _handler.Handle(new CreateBusinessCommand("Acme", ["+15551230001", "+15551230002"]), CancellationToken.None));

        ex.Code.ShouldBe("phone_number_taken");
        ex.Message.ShouldContain("+15551230002");
        await _businesses.DidNotReceiveWithAnyArgs().AddAsync(default!, default);
    }

    [Fact]
    public async Task ChecksEveryRequestedNumber()
    {
        _businesses.FindTakenNumbersAsync(Arg.Any<IReadOnlyCollection<string>>(), Arg.Any<CancellationToken>()).Returns([]);

        await _handler.Handle(new CreateBusinessCommand("Acme", ["+15551230001", "+15551230002"]), CancellationToken.None);

        await _businesses.Received(1).FindTakenNumbersAsync(
            Arg.Is<IReadOnlyCollection<string>>(n => n.SequenceEqual(new[] { "+15551230001", "+15551230002" })),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task CreatesTheBusinessAndReturnsItsNumbers()
    {
        _businesses.FindTakenNumbersAsync(Arg.Any<IReadOnlyCollection<string>>(), Arg.Any<CancellationToken>()).Returns([]);
        Business? added = null;
        await _businesses.AddAsync(Arg.Do<Business>(b => added = b), Arg.Any<CancellationToken>());

        var result = await _handler.Handle(
            new CreateBusinessCommand("  Acme Plumbing  ", ["+15551230001", "+15551230002"]), CancellationToken.None);

        result.Name.ShouldBe("Acme Plumbing");
        result.PhoneNumbers.ShouldBe(["+15551230001", "+15551230002"]);
        await _businesses.Received(1).AddAsync(Arg.Any<Business>(), Arg.Any<CancellationToken>());
        added.ShouldNotBeNull();
        result.Id.ShouldBe(added.Id);
        added.Name.ShouldBe("Acme Plumbing");
        added.CreatedAt.ShouldBe(TestData.Start);
        added.PhoneNumbers.Select(p => p.Number).ShouldBe(["+15551230001", "+15551230002"]);
    }
}
