using Recordings.Testing;
using Recordings.Application.Common.Access;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Application.Manage;
using Recordings.Domain.Organisation;

namespace Recordings.Application.UnitTests.Manage;

/// <summary>The ports of the business's administration, substituted, with its admin as the viewer.</summary>
internal sealed class ManageFixture
{
    public static readonly Guid BusinessId = Guid.Parse("0195a000-0000-7000-8000-00000000000b");

    public ManageFixture()
    {
        Viewer = Viewers.AdminOf(BusinessId);
        Accounts.FindAsync(BusinessId, Viewer.AccountId, Arg.Any<CancellationToken>())
            .Returns(new ManagedAccount(Viewer.AccountId, "boss@acme.example", "Boss", AccountRole.Admin, [], [], false));
        Accounts.FindIdentityOwnersAsync(BusinessId, Arg.Any<IReadOnlyCollection<string>>(), Arg.Any<CancellationToken>())
            .Returns(new Dictionary<string, Guid>());
        Teams.ListAsync(BusinessId, Arg.Any<CancellationToken>()).Returns([]);
        Businesses.ListPhoneNumbersAsync(BusinessId, Arg.Any<CancellationToken>()).Returns(["+15551230001", "+15551230002"]);
        Administration = new BusinessAdministration(TestData.CurrentViewer(Viewer), UnitOfWork, Businesses, Accounts, Audit, Organisation);
    }

    public Viewer Viewer { get; }

    public IUnitOfWork UnitOfWork { get; } = Substitute.For<IUnitOfWork>();

    public IBusinessRepository Businesses { get; } = Substitute.For<IBusinessRepository>();

    public IBusinessAccounts Accounts { get; } = Substitute.For<IBusinessAccounts>();

    public ITeamRepository Teams { get; } = Substitute.For<ITeamRepository>();

    public IAgentAccounts AgentAccounts { get; } = Substitute.For<IAgentAccounts>();

    public IAgentSessions Sessions { get; } = Substitute.For<IAgentSessions>();

    public IAdministrativeAudit Audit { get; } = Substitute.For<IAdministrativeAudit>();

    public IOrganisationChanges Organisation { get; } = Substitute.For<IOrganisationChanges>();

    public BusinessAdministration Administration { get; }

    /// <summary>Transactions of <typeparamref name="T"/> just run their work.</summary>
    public ManageFixture Runs<T>()
    {
        UnitOfWork.InTransactionAsync(Arg.Any<Func<CancellationToken, Task<T>>>(), Arg.Any<CancellationToken>())
            .Returns(ci => ci.Arg<Func<CancellationToken, Task<T>>>()(CancellationToken.None));
        return this;
    }

    public ManagedAccount Has(ManagedAccount account)
    {
        Accounts.FindAsync(BusinessId, account.Id, Arg.Any<CancellationToken>()).Returns(account);
        return account;
    }

    public void HasTeams(params TeamDto[] teams) => Teams.ListAsync(BusinessId, Arg.Any<CancellationToken>()).Returns(teams);

    /// <summary>That nothing was written, audited or announced.</summary>
    public async Task NothingChangedAsync()
    {
        await Accounts.DidNotReceiveWithAnyArgs().SetProfileAsync(default, default, default!, default, default);
        await Accounts.DidNotReceiveWithAnyArgs().SetTeamsAsync(default, default, default!, default);
        await Accounts.DidNotReceiveWithAnyArgs().SetIdentitiesAsync(default, default, default!, default);
        await AgentAccounts.DidNotReceiveWithAnyArgs().SetDisabledAsync(default, default, default, default);
        await Audit.DidNotReceiveWithAnyArgs().RecordAsync(default, default, default!, default, default, default);
        await Organisation.DidNotReceiveWithAnyArgs().AnnounceAsync(default, default);
        await UnitOfWork.DidNotReceiveWithAnyArgs().SaveChangesAsync(default);
    }

    public static ManagedAccount Account(string name, AccountRole role = AccountRole.Agent, bool disabled = false, Guid[]? teams = null,
        string[]? identities = null) =>
        new(Guid.CreateVersion7(), $"{name.ToLowerInvariant()}@acme.example", name, role, teams ?? [], identities ?? [], disabled);
}
