using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Models;
using Recordings.Application.Manage.Teams.Commands.ChangeTeam;
using Recordings.Application.Manage.Teams.Commands.CreateTeam;
using Recordings.Domain.Audit;
using Recordings.Domain.Organisation;

namespace Recordings.Application.UnitTests.Manage;

/// <summary>The rules of a team: the business's own numbers, each answered by one team; a name used once; supervisors of the business.</summary>
public sealed class TeamCommandHandlerTests
{
    private const string Line1 = "+15551230001";
    private const string Line2 = "+15551230002";

    private readonly ManageFixture _fixture = new ManageFixture().Runs<TeamDto>();
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = new(TestData.Start);
    private readonly List<Team> _added = [];

    public TeamCommandHandlerTests() => _fixture.Teams.Add(Arg.Do<Team>(_added.Add));

    private ValueTask<TeamDto> Create(CreateTeamCommand command) =>
        new CreateTeamCommandHandler(_fixture.Administration, _fixture.Teams, _fixture.Businesses, _fixture.Accounts, _fixture.UnitOfWork, _time)
            .Handle(command, CancellationToken.None);

    private ValueTask<TeamDto> Change(ChangeTeamCommand command) =>
        new ChangeTeamCommandHandler(_fixture.Administration, _fixture.Teams, _fixture.Businesses, _fixture.Accounts, _fixture.UnitOfWork)
            .Handle(command, CancellationToken.None);

    /// <summary>What the repository lists once the team is saved: the teams given, and the one just added.</summary>
    private void Listing(params TeamDto[] teams) =>
        _fixture.Teams.ListAsync(ManageFixture.BusinessId, Arg.Any<CancellationToken>()).Returns(
            _ => teams,
            _ => [.. teams, .. _added.Select(t => new TeamDto(t.Id, t.Name, [.. t.PhoneNumbers.Select(p => p.Number)], [.. t.Supervisors.Select(s => s.AccountId)], []))]);

    [Fact]
    public async Task ANumberTheBusinessDoesNotOwnIsRefusedByFieldAndNoTeamIsMade()
    {
        Listing();

        var refused = await Should.ThrowAsync<RequestValidationException>(async () => await Create(new CreateTeamCommand("Sales", [Line1, "+15559990000"], [])));

        refused.Errors["PhoneNumbers"].Single().ShouldContain("+15559990000");
        _added.ShouldBeEmpty();
        await _fixture.NothingChangedAsync();
    }

    [Fact]
    public async Task ANumberAnotherTeamAnswersIsTaken()
    {
        Listing(new TeamDto(Guid.CreateVersion7(), "Support", [Line1], [], []));

        var refused = await Should.ThrowAsync<ConflictException>(async () => await Create(new CreateTeamCommand("Sales", [Line1], [])));

        refused.Code.ShouldBe("number_taken");
        _added.ShouldBeEmpty();
    }

    [Fact]
    public async Task ANameIsUsedOnceWhateverItsCase()
    {
        Listing(new TeamDto(Guid.CreateVersion7(), "Sales", [], [], []));

        var refused = await Should.ThrowAsync<ConflictException>(async () => await Create(new CreateTeamCommand(" SALES ", [], [])));

        refused.Code.ShouldBe("team_name_taken");
    }

    [Fact]
    public async Task ASupervisorNotOfTheBusinessIsRefusedByField()
    {
        Listing();
        _fixture.Accounts.ListAsync(ManageFixture.BusinessId, Arg.Any<CancellationToken>()).Returns([ManageFixture.Account("Dana")]);

        var refused = await Should.ThrowAsync<RequestValidationException>(async () => await Create(new CreateTeamCommand("Sales", [], [Guid.CreateVersion7()])));

        refused.Errors.Keys.ShouldBe(["SupervisorIds"]);
    }

    [Fact]
    public async Task ATeamIsMadeWithItsNumbersAndSupervisorsAndAuditedAndAnnounced()
    {
        Listing();
        var dana = ManageFixture.Account("Dana", AccountRole.Supervisor);
        _fixture.Accounts.ListAsync(ManageFixture.BusinessId, Arg.Any<CancellationToken>()).Returns([dana]);

        var team = await Create(new CreateTeamCommand("  Sales ", [Line2, Line1, Line2], [dana.Id, dana.Id]));

        (team.Name, team.SupervisorIds.Single()).ShouldBe(("Sales", dana.Id));
        team.PhoneNumbers.ShouldBe([Line2, Line1], ignoreOrder: true);
        _added.Single().BusinessId.ShouldBe(ManageFixture.BusinessId);
        await _fixture.UnitOfWork.Received(1).SaveChangesAsync(Arg.Any<CancellationToken>());
        await _fixture.Audit.Received(1).RecordAsync(ManageFixture.BusinessId, AuditAction.TeamChanged, $"team:{team.Id}",
            $"created 'Sales'; phoneNumbers: {Line1}, {Line2}; supervisors: Dana", null, Arg.Any<CancellationToken>());
        await _fixture.Organisation.Received(1).AnnounceAsync(ManageFixture.BusinessId, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ATeamKeepsItsOwnNumberWhenItIsChanged()
    {
        var sales = Team.Create(ManageFixture.BusinessId, "Sales", TestData.Start);
        sales.SetPhoneNumbers([Line1], [Line1]);
        var before = new TeamDto(sales.Id, "Sales", [Line1], [], []);
        _fixture.Teams.FindAsync(ManageFixture.BusinessId, sales.Id, Arg.Any<CancellationToken>()).Returns(sales);
        _fixture.Teams.ListAsync(ManageFixture.BusinessId, Arg.Any<CancellationToken>())
            .Returns(_ => [before], _ => [new TeamDto(sales.Id, sales.Name, [.. sales.PhoneNumbers.Select(p => p.Number)], [], [])]);

        var after = await Change(new ChangeTeamCommand(sales.Id, PhoneNumbers: [Line1, Line2]));

        after.PhoneNumbers.ShouldBe([Line1, Line2], ignoreOrder: true);
        await _fixture.Audit.Received(1).RecordAsync(ManageFixture.BusinessId, AuditAction.TeamChanged, $"team:{sales.Id}",
            $"changed 'Sales'; phoneNumbers: {Line1} -> {Line1}, {Line2}", null, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task AnotherBusinesssTeamIsNotFound()
    {
        Listing();

        var refused = await Should.ThrowAsync<NotFoundException>(async () => await Change(new ChangeTeamCommand(Guid.CreateVersion7(), "Mine")));

        refused.Code.ShouldBe("team_not_found");
        await _fixture.NothingChangedAsync();
    }
}
