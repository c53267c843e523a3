using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Businesses;
using Recordings.Infrastructure.Data;
using Recordings.Infrastructure.IntegrationTests.Data;
using Recordings.Infrastructure.Identity;
using Recordings.Testing;

namespace Recordings.Infrastructure.IntegrationTests.Identity;

/// <summary>Sessions kept in PostgreSQL: they end when removed, when idle too long, and at their absolute lifetime.</summary>
public sealed class PostgresTicketStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly AgentSessionOptions _options = new() { SessionIdleTimeout = TimeSpan.FromHours(12), SessionAbsoluteLifetime = TimeSpan.FromDays(7) };
    private ServiceProvider _node = null!;
    private string _connectionString = string.Empty;
    private PostgresTicketStore _store = null!;
    private Guid _agentId;
    private Guid _businessId;
    private string _stamp = string.Empty;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync(TestDatabase.UniqueName("recordings_sessions"));
        _node = DatabaseMigratorTests.Node(_connectionString);
        await DatabaseMigrator.MigrateAsync(_node);
        _store = new PostgresTicketStore(_node.GetRequiredService<IServiceScopeFactory>(), Options.Create(_options), _time);

        await using var scope = _node.CreateAsyncScope();
        var business = Business.Create("Acme", [PhoneNumber.Parse("+15551230001")], Start);
        await scope.ServiceProvider.GetRequiredService<IBusinessRepository>().AddAsync(business, CancellationToken.None);
        var agent = await scope.ServiceProvider.GetRequiredService<IAgentAccounts>()
            .CreateAsync(business.Id, "dana@acme.example", "correct horse battery", "Dana", Recordings.Domain.Organisation.AccountRole.Agent, CancellationToken.None);
        _agentId = agent.Id;
        _businessId = business.Id;
        _stamp = (await scope.ServiceProvider.GetRequiredService<IAgentAccounts>()
            .VerifyCredentialsAsync("dana@acme.example", "correct horse battery", CancellationToken.None))!.SecurityStamp!;
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await TestDatabase.DropAsync(_connectionString);
    }

    private AuthenticationTicket Ticket(TimeSpan? lifetime = null)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, _agentId.ToString()), new Claim(ClaimTypes.Name, "dana@acme.example"),
            new Claim(PostgresTicketStore.SecurityStampClaim, _stamp)], "Cookies");
        var properties = new AuthenticationProperties { IssuedUtc = _time.GetUtcNow(), ExpiresUtc = _time.GetUtcNow() + (lifetime ?? _options.SessionIdleTimeout) };
        return new AuthenticationTicket(new ClaimsPrincipal(identity), properties, "Cookies");
    }

    [Fact]
    public async Task AStoredSessionComesBackWithItsClaims()
    {
        var key = await _store.StoreAsync(Ticket());

        var ticket = await _store.RetrieveAsync(key);

        ticket.ShouldNotBeNull();
        ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier).ShouldBe(_agentId.ToString());
        ticket.Principal.FindFirstValue(ClaimTypes.Name).ShouldBe("dana@acme.example");
    }

    [Fact]
    public async Task ARememberedSessionIsServedWithoutItsRowUntilItsEndIsKnown()
    {
        using var remembered = new AgentSessionCache(100);
        remembered.Trust();
        var store = new PostgresTicketStore(_node.GetRequiredService<IServiceScopeFactory>(), Options.Create(_options), _time, remembered);
        var key = await store.StoreAsync(Ticket());
        (await store.RetrieveAsync(key)).ShouldNotBeNull();

        // The row goes behind the store's back (no announcement): this node still serves what it remembers...
        await using (var scope = _node.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RecordingsDbContext>().Database
                .ExecuteSqlRawAsync("DELETE FROM agent_sessions");
        }

        (await store.RetrieveAsync(key)).ShouldNotBeNull("no database read while the session is remembered");

        // ... until the end is announced, or the expiry it knew of passes (then the row decides).
        _time.Advance(_options.SessionIdleTimeout);
        (await store.RetrieveAsync(key)).ShouldBeNull();
    }

    [Fact]
    public async Task ARememberedSessionIsHandedOutAsACopyAndARenewalIsWhatIsRememberedNext()
    {
        using var remembered = new AgentSessionCache(100);
        remembered.Trust();
        var store = new PostgresTicketStore(_node.GetRequiredService<IServiceScopeFactory>(), Options.Create(_options), _time, remembered);
        var key = await store.StoreAsync(Ticket());
        await store.RetrieveAsync(key);
        var first = (await store.RetrieveAsync(key)).ShouldNotBeNull("remembered");

        // The cookie handler changes the ticket it is given (a sliding renewal moves its times; a claims
        // transformation adds to its principal): the next request must not see one request's changes.
        first.Properties.ExpiresUtc = Start.AddYears(1);
        ((ClaimsIdentity)first.Principal.Identity!).AddClaim(new Claim(ClaimTypes.Role, "admin"));
        var second = (await store.RetrieveAsync(key)).ShouldNotBeNull();
        second.ShouldNotBeSameAs(first);
        second.Properties.ExpiresUtc.ShouldBe(Start + _options.SessionIdleTimeout);
        second.Principal.FindFirstValue(ClaimTypes.Role).ShouldBeNull();

        // A renewal is remembered as renewed, and a change to the renewed ticket after it is not.
        _time.Advance(TimeSpan.FromHours(1));
        var renewal = Ticket();
        await store.RenewAsync(key, renewal);
        renewal.Properties.ExpiresUtc = Start.AddYears(1);
        var third = (await store.RetrieveAsync(key)).ShouldNotBeNull();
        third.Properties.ExpiresUtc.ShouldBe(Start.AddHours(1) + _options.SessionIdleTimeout);
        third.Principal.FindFirstValue(ClaimTypes.Name).ShouldBe("dana@acme.example");
    }

    [Fact]
    public async Task RemovingASessionForgetsItOnThisNodeAtOnce()
    {
        using var remembered = new AgentSessionCache(100);
        remembered.Trust();
        var store = new PostgresTicketStore(_node.GetRequiredService<IServiceScopeFactory>(), Options.Create(_options), _time, remembered);
        var key = await store.StoreAsync(Ticket());
        await store.RetrieveAsync(key);
        remembered.TryGet(key, out _).ShouldBeTrue();

        await store.RemoveAsync(key);

        remembered.TryGet(key, out _).ShouldBeFalse();
        (await store.RetrieveAsync(key)).ShouldBeNull();
    }

    [Fact]
    public async Task ARemovedSessionIsGoneAndARenewalDoesNotBringItBack()
    {
        var key = await _store.StoreAsync(Ticket());

        await _store.RemoveAsync(key);
        await _store.RenewAsync(key, Ticket());

        (await _store.RetrieveAsync(key)).ShouldBeNull();
    }

    [Fact]
    public async Task AnIdleSessionEndsAndARenewedOneLivesOn()
    {
        var idle = await _store.StoreAsync(Ticket());
        var used = await _store.StoreAsync(Ticket());

        _time.Advance(TimeSpan.FromHours(11));
        await _store.RenewAsync(used, Ticket());
        _time.Advance(TimeSpan.FromHours(2));

        (await _store.RetrieveAsync(idle)).ShouldBeNull();
        (await _store.RetrieveAsync(used)).ShouldNotBeNull();
    }

    [Fact]
    public async Task ASessionEndsAtItsAbsoluteLifetimeHoweverMuchItIsUsed()
    {
        var key = await _store.StoreAsync(Ticket());
        for (var hour = 6; hour < 7 * 24; hour += 6)
        {
            _time.Advance(TimeSpan.FromHours(6));
            await _store.RenewAsync(key, Ticket());
        }

        (await _store.RetrieveAsync(key)).ShouldNotBeNull();
        _time.Advance(TimeSpan.FromHours(6));
        (await _store.RetrieveAsync(key)).ShouldBeNull();
    }

    [Theory]
    [InlineData("disable")]
    [InlineData("reset")]
    public async Task ALoginWhoseCredentialsWereCheckedBeforeADisableOrResetStoresNoSession(string change)
    {
        await using (var scope = _node.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<IAgentAccounts>();
            var found = change == "disable"
                ? await accounts.SetDisabledAsync(_businessId, _agentId, disabled: true, CancellationToken.None)
                : await accounts.SetPasswordAsync(_businessId, _agentId, "set by the operator", CancellationToken.None);
            found.ShouldBeTrue();
        }

        // The ticket carries the stamp the credentials were checked against, before the change.
        await Should.ThrowAsync<UnauthorizedException>(() => _store.StoreAsync(Ticket()));

        await using var check = _node.CreateAsyncScope();
        check.ServiceProvider.GetRequiredService<RecordingsDbContext>().AgentSessions.Count().ShouldBe(0);
    }

    [Fact]
    public async Task EndingAllOfAnAgentsSessionsEndsEachOfThem()
    {
        var first = await _store.StoreAsync(Ticket());
        var second = await _store.StoreAsync(Ticket());

        await using (var scope = _node.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAgentSessions>().EndAllAsync(_agentId, exceptSessionId: null, CancellationToken.None);
        }

        (await _store.RetrieveAsync(first)).ShouldBeNull();
        (await _store.RetrieveAsync(second)).ShouldBeNull();
    }

    [Fact]
    public async Task EndingAllButOneSessionKeepsThatOne()
    {
        var mine = await _store.StoreAsync(Ticket());
        var other = await _store.StoreAsync(Ticket());
        var ticket = await _store.RetrieveAsync(mine);
        var mySessionId = ticket!.Principal.FindFirstValue(PostgresTicketStore.SessionIdClaim);
        mySessionId.ShouldBe(mine);

        await using (var scope = _node.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAgentSessions>().EndAllAsync(_agentId, mySessionId, CancellationToken.None);
        }

        (await _store.RetrieveAsync(mine)).ShouldNotBeNull();
        (await _store.RetrieveAsync(other)).ShouldBeNull();
    }

    [Fact]
    public async Task ALoginSweepsTheAgentsEndedSessions()
    {
        await _store.StoreAsync(Ticket());
        _time.Advance(TimeSpan.FromHours(13));

        await _store.StoreAsync(Ticket());

        await using var scope = _node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        db.AgentSessions.Count().ShouldBe(1);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-key")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    public async Task AnUnknownOrMalformedKeyIsNoSession(string key)
    {
        (await _store.RetrieveAsync(key)).ShouldBeNull();
    }
}
