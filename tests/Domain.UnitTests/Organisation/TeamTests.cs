using Recordings.Domain.Common;
using Recordings.Domain.Organisation;

namespace Recordings.Domain.UnitTests.Organisation;

public sealed class TeamTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] BusinessNumbers = ["+15550000001", "+15550000002"];

    [Fact]
    public void ATeamAnswersOnlyItsBusinesssNumbersEachOnce()
    {
        var team = Team.Create(Guid.NewGuid(), " North ", Now);

        team.SetPhoneNumbers(["+15550000001", "+15550000001"], BusinessNumbers);

        team.Name.ShouldBe("North");
        team.PhoneNumbers.Select(p => p.Number).ShouldBe(["+15550000001"]);
        Should.Throw<DomainRuleException>(() => team.SetPhoneNumbers(["+15559999999"], BusinessNumbers)).Code.ShouldBe("number_not_owned");
        team.PhoneNumbers.Select(p => p.Number).ShouldBe(["+15550000001"], "a refused change changes nothing");
    }

    [Fact]
    public void SupervisorsAreSetAsAWholeEachOnce()
    {
        var team = Team.Create(Guid.NewGuid(), "South", Now);
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());

        team.SetSupervisors([a, b, a]);
        team.SetSupervisors([b]);

        team.Supervisors.Select(s => s.AccountId).ShouldBe([b]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void ATeamHasAName(string? name) =>
        Should.Throw<DomainRuleException>(() => Team.Create(Guid.NewGuid(), name, Now)).Code.ShouldBe("invalid_team");
}
