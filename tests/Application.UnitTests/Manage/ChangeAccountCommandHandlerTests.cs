using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Application.Manage.Agents.Commands.ChangeAccount;
using Recordings.Domain.Audit;
using Recordings.Domain.Organisation;

namespace Recordings.Application.UnitTests.Manage;

/// <summary>The rules of changing an account: an enabled admin always remains, identities are kept in one form and name one account.</summary>
public sealed class ChangeAccountCommandHandlerTests
{
    private readonly ManageFixture _fixture = new ManageFixture().Runs<AccountDto>();
    private readonly ChangeAccountCommandHandler _handler;

    public ChangeAccountCommandHandlerTests() => _handler = new ChangeAccountCommandHandler(
        _fixture.Administration, _fixture.AgentAccounts, _fixture.Sessions, _fixture.Accounts, _fixture.Teams);

    private ValueTask<AccountDto> Change(ChangeAccountCommand command) => _handler.Handle(command, CancellationToken.None);

    [Theory]
    [InlineData("agent", null)]
    [InlineData("supervisor", null)]
    [InlineData(null, true)]
    [InlineData("agent", true)]
    public async Task TheLastEnabledAdminIsNeitherDemotedNorDisabled(string? role, bool? disabled)
    {
        var admin = _fixture.Has(ManageFixture.Account("Dana", AccountRole.Admin));
        _fixture.Accounts.CountEnabledAdminsAsync(ManageFixture.BusinessId, Arg.Any<CancellationToken>()).Returns(1);

        var refused = await Should.ThrowAsync<ConflictException>(async () => await Change(new ChangeAccountCommand(admin.Id, Role: role, Disabled: disabled)));

        refused.Code.ShouldBe("last_admin");
        await _fixture.NothingChangedAsync();
        await _fixture.Sessions.DidNotReceiveWithAnyArgs().EndAllAsync(default, default, default);
    }

    [Fact]
    public async Task TheAdminCountIsReadAfterTheBusinessIsLocked()
    {
        var admin = _fixture.Has(ManageFixture.Account("Dana", AccountRole.Admin));
        _fixture.Accounts.CountEnabledAdminsAsync(ManageFixture.BusinessId, Arg.Any<CancellationToken>()).Returns(2);

        await Change(new ChangeAccountCommand(admin.Id, Role: "agent"));

        Received.InOrder(() =>
        {
            _fixture.Businesses.LockAsync(ManageFixture.BusinessId, Arg.Any<CancellationToken>());
            _fixture.Accounts.CountEnabledAdminsAsync(ManageFixture.BusinessId, Arg.Any<CancellationToken>());
            _fixture.Accounts.SetProfileAsync(ManageFixture.BusinessId, admin.Id, "Dana", AccountRole.Agent, Arg.Any<CancellationToken>());
            _fixture.Audit.RecordAsync(ManageFixture.BusinessId, AuditAction.AgentChanged, $"account:{admin.Id}", "role: admin -> agent", null,
                Arg.Any<CancellationToken>());
            _fixture.Organisation.AnnounceAsync(ManageFixture.BusinessId, Arg.Any<CancellationToken>());
        });
    }

    [Fact]
    public async Task ADisabledAdminAndAnAdminWhoStaysOneAreNotCounted()
    {
        var disabledAdmin = _fixture.Has(ManageFixture.Account("Dana", AccountRole.Admin, disabled: true));
        var admin = _fixture.Has(ManageFixture.Account("Eli", AccountRole.Admin));

        await Change(new ChangeAccountCommand(disabledAdmin.Id, Role: "agent"));
        await Change(new ChangeAccountCommand(admin.Id, DisplayName: "Eli Cohen", Role: "admin"));

        await _fixture.Accounts.DidNotReceiveWithAnyArgs().CountEnabledAdminsAsync(default, default);
    }

    [Fact]
    public async Task DisablingEndsTheAccountsSessionsAndIsAuditedAsADisable()
    {
        var dana = _fixture.Has(ManageFixture.Account("Dana"));

        await Change(new ChangeAccountCommand(dana.Id, Disabled: true));

        await _fixture.AgentAccounts.Received(1).SetDisabledAsync(ManageFixture.BusinessId, dana.Id, true, Arg.Any<CancellationToken>());
        await _fixture.Sessions.Received(1).EndAllAsync(dana.Id, null, Arg.Any<CancellationToken>());
        await _fixture.Audit.Received(1).RecordAsync(ManageFixture.BusinessId, AuditAction.AgentDisabled, $"account:{dana.Id}",
            "disabled: false -> true", null, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task IdentitiesAreStoredInTheirOneFormEachOnce()
    {
        var dana = _fixture.Has(ManageFixture.Account("Dana"));
        IReadOnlyCollection<AccountIdentity>? stored = null;
        await _fixture.Accounts.SetIdentitiesAsync(ManageFixture.BusinessId, dana.Id, Arg.Do<IReadOnlyCollection<AccountIdentity>>(i => stored = i),
            Arg.Any<CancellationToken>());

        await Change(new ChangeAccountCommand(dana.Id, Identities:
            [" CLIENT:dana ", "client:dana", "SIP:Dana@PBX.Acme.Example;transport=tls", "sip:Dana@pbx.acme.example:5060", "+15557770001"]));

        stored!.Select(i => i.Value).ShouldBe(["client:dana", "sip:Dana@pbx.acme.example", "+15557770001"]);
        await _fixture.Accounts.Received(1).FindIdentityOwnersAsync(ManageFixture.BusinessId,
            Arg.Is<IReadOnlyCollection<string>>(v => v.SequenceEqual(new[] { "client:dana", "sip:Dana@pbx.acme.example", "+15557770001" })),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task AnIdentityAnotherAccountHasIsTakenButTheAccountsOwnIsNot()
    {
        var dana = _fixture.Has(ManageFixture.Account("Dana", identities: ["client:dana"]));
        var eli = _fixture.Has(ManageFixture.Account("Eli"));
        _fixture.Accounts.FindIdentityOwnersAsync(ManageFixture.BusinessId, Arg.Any<IReadOnlyCollection<string>>(), Arg.Any<CancellationToken>())
            .Returns(new Dictionary<string, Guid> { ["client:dana"] = dana.Id });

        var taken = await Should.ThrowAsync<ConflictException>(async () => await Change(new ChangeAccountCommand(eli.Id, Identities: ["Client:dana"])));
        await Change(new ChangeAccountCommand(dana.Id, Identities: ["client:dana", "+15557770001"]));

        taken.Code.ShouldBe("identity_taken");
        taken.Message.ShouldContain("client:dana");
        await _fixture.Accounts.DidNotReceive().SetIdentitiesAsync(ManageFixture.BusinessId, eli.Id, Arg.Any<IReadOnlyCollection<AccountIdentity>>(),
            Arg.Any<CancellationToken>());
        await _fixture.Accounts.Received(1).SetIdentitiesAsync(ManageFixture.BusinessId, dana.Id, Arg.Any<IReadOnlyCollection<AccountIdentity>>(),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ATeamOfAnotherBusinessIsRefusedByField()
    {
        var dana = _fixture.Has(ManageFixture.Account("Dana"));
        _fixture.HasTeams(new TeamDto(Guid.CreateVersion7(), "Sales", [], [], []));

        var refused = await Should.ThrowAsync<RequestValidationException>(async () =>
            await Change(new ChangeAccountCommand(dana.Id, TeamIds: [Guid.CreateVersion7()])));

        refused.Errors.Keys.ShouldBe(["TeamIds"]);
        await _fixture.NothingChangedAsync();
    }

    [Fact]
    public async Task AnAccountOfAnotherBusinessIsNotFound()
    {
        var refused = await Should.ThrowAsync<NotFoundException>(async () => await Change(new ChangeAccountCommand(Guid.CreateVersion7(), Role: "admin")));

        refused.Code.ShouldBe("agent_not_found");
        await _fixture.NothingChangedAsync();
    }

    [Fact]
    public async Task AChangeThatChangesNothingIsNeitherWrittenNorAuditedNorAnnounced()
    {
        var team = new TeamDto(Guid.CreateVersion7(), "Sales", [], [], []);
        _fixture.HasTeams(team);
        var dana = _fixture.Has(ManageFixture.Account("Dana", teams: [team.Id], identities: ["client:dana"]));

        await Change(new ChangeAccountCommand(dana.Id, "Dana", "agent", [team.Id], ["CLIENT:dana"], false));

        await _fixture.NothingChangedAsync();
    }

    [Fact]
    public async Task AnAccountThatIsNoLongerAnEnabledAdminUnderTheLockChangesNothing()
    {
        var dana = _fixture.Has(ManageFixture.Account("Dana"));
        // Demoted by another admin a moment ago: the role check before the transaction saw an admin, the lock sees an agent.
        _fixture.Has(new ManagedAccount(_fixture.Viewer.AccountId, "boss@acme.example", "Boss", AccountRole.Agent, [], [], false));

        var refused = await Should.ThrowAsync<ForbiddenException>(async () => await Change(new ChangeAccountCommand(dana.Id, Role: "admin")));

        refused.Code.ShouldBe("forbidden");
        await _fixture.NothingChangedAsync();
    }
}
