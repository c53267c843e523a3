using Microsoft.Extensions.Time.Testing;
using Recordings.Domain.Businesses;
using Recordings.Domain.Common;

namespace Recordings.Domain.UnitTests.Businesses;

public sealed class BusinessTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero));

    private static PhoneNumber[] Numbers(params string[] values) => values.Select(PhoneNumber.Parse).ToArray();

    [Fact]
    public void CreatesABusinessOwningItsNumbers()
    {
        var business = Business.Create("Acme Plumbing", Numbers("+15551230001", "+15551230002"), _time.GetUtcNow());

        business.Name.ShouldBe("Acme Plumbing");
        business.CreatedAt.ShouldBe(_time.GetUtcNow());
        business.Id.ShouldNotBe(Guid.Empty);
        business.PhoneNumbers.Select(p => p.Number).ShouldBe(["+15551230001", "+15551230002"]);
        business.PhoneNumbers.ShouldAllBe(p => p.BusinessId == business.Id);
    }

    [Fact]
    public void EachBusinessGetsItsOwnId()
    {
        var first = Business.Create("Acme", Numbers("+15551230001"), _time.GetUtcNow());
        var second = Business.Create("Acme", Numbers("+15551230001"), _time.GetUtcNow());

        first.Id.ShouldNotBe(second.Id);
    }

    [Fact]
    public void TrimsTheName()
    {
        var business = Business.Create("  Acme Plumbing \t", Numbers("+15551230001"), _time.GetUtcNow());

        business.Name.ShouldBe("Acme Plumbing");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    [InlineData(null)]
    public void RejectsABlankName(string? name)
    {
        var ex = Should.Throw<DomainRuleException>(() => Business.Create(name!, Numbers("+15551230001"), _time.GetUtcNow()));

        ex.Code.ShouldBe("invalid_business");
    }

    [Fact]
    public void RejectsANameLongerThanTheMaximum()
    {
        var name = new string('a', Business.MaxNameLength + 1);

        var ex = Should.Throw<DomainRuleException>(() => Business.Create(name, Numbers("+15551230001"), _time.GetUtcNow()));

        ex.Code.ShouldBe("invalid_business");
    }

    [Fact]
    public void AcceptsANameOfExactlyTheMaximumOnceTrimmed()
    {
        var name = new string('a', Business.MaxNameLength);

        var business = Business.Create("  " + name + "  ", Numbers("+15551230001"), _time.GetUtcNow());

        business.Name.ShouldBe(name);
    }

    [Fact]
    public void RejectsANumberListedTwice()
    {
        var ex = Should.Throw<DomainRuleException>(() =>
            Business.Create("Acme", Numbers("+15551230001", "+15551230002", "+15551230001"), _time.GetUtcNow()));

        ex.Code.ShouldBe("duplicate_phone_number");
    }

    [Fact]
    public void RejectsABusinessWithoutNumbers()
    {
        var ex = Should.Throw<DomainRuleException>(() => Business.Create("Acme", [], _time.GetUtcNow()));

        ex.Code.ShouldBe("invalid_business");
    }
}
