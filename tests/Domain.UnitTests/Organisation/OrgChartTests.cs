using Recordings.Domain.Organisation;

namespace Recordings.Domain.UnitTests.Organisation;

/// <summary>The rule of who sees which call, on the org chart alone (the endpoints are tested in WhoSeesWhichCallTests).</summary>
public sealed class OrgChartTests
{
    private static readonly Guid Business = Guid.Parse("0195a000-0000-7000-8000-00000000000a");
    private static readonly Guid Ann = Guid.Parse("0195a000-0000-7000-8000-0000000000a1");      // agent, team North
    private static readonly Guid Ben = Guid.Parse("0195a000-0000-7000-8000-0000000000b1");      // agent, team North
    private static readonly Guid Cy = Guid.Parse("0195a000-0000-7000-8000-0000000000c1");       // agent, team South
    private static readonly Guid Sue = Guid.Parse("0195a000-0000-7000-8000-0000000000d1");      // supervisor of South, member of North
    private static readonly Guid Ada = Guid.Parse("0195a000-0000-7000-8000-0000000000e1");      // admin
    private static readonly Guid Gone = Guid.Parse("0195a000-0000-7000-8000-0000000000f1");     // disabled agent
    private static readonly Guid North = Guid.Parse("0195a000-0000-7000-8000-000000000a01");
    private static readonly Guid South = Guid.Parse("0195a000-0000-7000-8000-000000000a02");

    private static OrgChart Chart(AgentsSee setting) => new(Business, setting,
        [
            new OrganisationAccount(Ann, AccountRole.Agent, false, [North]),
            new OrganisationAccount(Ben, AccountRole.Agent, false, [North]),
            new OrganisationAccount(Cy, AccountRole.Agent, false, [South]),
            new OrganisationAccount(Sue, AccountRole.Supervisor, false, [North]),
            new OrganisationAccount(Ada, AccountRole.Admin, false, []),
            new OrganisationAccount(Gone, AccountRole.Admin, true, []),
        ],
        [
            new OrganisationTeam(North, "North", [Ann, Ben, Sue], [], ["+15550000001"]),
            new OrganisationTeam(South, "South", [Cy], [Sue], ["+15550000002"]),
        ]);

    [Theory]
    [InlineData(AgentsSee.Own)]
    [InlineData(AgentsSee.Team)]
    [InlineData(AgentsSee.Business)]
    public void AnAdminSeesTheWholeBusinessWhateverTheSetting(AgentsSee setting) =>
        Chart(setting).ScopeOf(Ada).ShouldBe(CallScope.Business(Business));

    [Fact]
    public void UnderBusinessEveryoneSeesTheWholeBusiness()
    {
        foreach (var account in new[] { Ann, Cy, Sue })
        {
            Chart(AgentsSee.Business).ScopeOf(account)!.WholeBusiness.ShouldBeTrue();
        }
    }

    [Fact]
    public void UnderOwnAnAgentSeesOnlyTheirOwnCalls()
    {
        var scope = Chart(AgentsSee.Own).ScopeOf(Ann)!;

        scope.WholeBusiness.ShouldBeFalse();
        scope.AgentIds.ShouldBe([Ann]);
        scope.Lines.ShouldBeEmpty();
    }

    [Fact]
    public void UnderTeamAnAgentSeesTheirTeamsMembersAndLines()
    {
        var scope = Chart(AgentsSee.Team).ScopeOf(Ann)!;

        scope.AgentIds.ShouldBe([Ann, Ben, Sue], ignoreOrder: true);
        scope.Lines.ShouldBe(["+15550000001"]);
    }

    [Fact]
    public void UnderOwnASupervisorSeesTheirOwnAndTheirSupervisedTeamsNotTheTeamTheyAreIn()
    {
        var scope = Chart(AgentsSee.Own).ScopeOf(Sue)!;

        scope.AgentIds.ShouldBe([Sue, Cy], ignoreOrder: true);
        scope.Lines.ShouldBe(["+15550000002"]);
    }

    [Fact]
    public void UnderTeamASupervisorAlsoSeesTheTeamsTheyAreIn()
    {
        var scope = Chart(AgentsSee.Team).ScopeOf(Sue)!;

        scope.AgentIds.ShouldBe([Sue, Cy, Ann, Ben], ignoreOrder: true);
        scope.Lines.ShouldBe(["+15550000001", "+15550000002"], ignoreOrder: true);
    }

    [Fact]
    public void ADisabledOrUnknownAccountSeesNothing()
    {
        Chart(AgentsSee.Business).ScopeOf(Gone).ShouldBeNull();
        Chart(AgentsSee.Business).ScopeOf(Guid.NewGuid()).ShouldBeNull();
    }

    [Fact]
    public void AScopeIncludesACallOfItsBusinessByAnAgentOrALineAndNeverAnotherBusinesssCall()
    {
        var scope = Chart(AgentsSee.Team).ScopeOf(Ann)!;

        scope.Includes(Business, [Ben], null).ShouldBeTrue();
        scope.Includes(Business, [], "+15550000001").ShouldBeTrue();
        scope.Includes(Business, [Cy], "+15550000002").ShouldBeFalse();
        scope.Includes(Business, [], null).ShouldBeFalse();
        scope.Includes(Guid.NewGuid(), [Ann], "+15550000001").ShouldBeFalse();
        scope.Includes(null, [Ann], null).ShouldBeFalse();
        CallScope.Business(Business).Includes(Business, [], null).ShouldBeTrue();
    }

    [Fact]
    public void ACallsTeamsAreItsAgentsTeamsAndTheTeamAnsweringItsLine()
    {
        var chart = Chart(AgentsSee.Business);

        chart.TeamsOf([Cy], "+15550000001").Select(t => t.Name).ShouldBe(["North", "South"]);
        chart.TeamsOf([], "+15559999999").ShouldBeEmpty();
    }
}
