using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Recordings.Application.Common.Events;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Calls;
using Recordings.Domain.Common;
using Recordings.Infrastructure.Data;
using Recordings.Testing;

namespace Recordings.Infrastructure.IntegrationTests.Data;

/// <summary>The unit of work publishes the domain events of what it stored, after the commit, and never for a rollback.</summary>
public sealed class DomainEventsAfterCommitTests : IAsyncLifetime
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private readonly RecordingDispatcher _dispatcher = new();
    private ServiceProvider _node = null!;
    private string _connectionString = string.Empty;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync(TestDatabase.UniqueName("recordings_events"));
        _dispatcher.ConnectionString = _connectionString;
        var migrator = DatabaseMigratorTests.Node(_connectionString);
        await DatabaseMigrator.MigrateAsync(migrator);
        await migrator.DisposeAsync();

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IDomainEventDispatcher>(_dispatcher);
        services.AddInfrastructure(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Recordings"] = _connectionString,
            ["Twilio:AccountSid"] = AccountSid,
            ["Twilio:AuthToken"] = "token",
        }).Build());
        _node = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await TestDatabase.DropAsync(_connectionString);
    }

    private static string NewCallSid() => "CA" + Guid.NewGuid().ToString("N");

    private static string RecordingSidOf(string callSid) => "RE" + callSid[2..];

    private static string RecordingUrl(string recordingSid) =>
        $"https://api.twilio.com/2010-04-01/Accounts/{AccountSid}/Recordings/{recordingSid}";

    /// <summary>Creates the call and queues its download in one transaction (the webhook's work); returns what was seen committed.</summary>
    private async Task<bool> QueueAsync(string callSid, Func<Task>? beforeCommit = null)
    {
        await using var scope = _node.CreateAsyncScope();
        var calls = scope.ServiceProvider.GetRequiredService<ICallRepository>();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        return await unitOfWork.InTransactionAsync(async ct =>
        {
            var call = await calls.GetOrCreateForUpdateAsync(callSid, AccountSid, Now, ct);
            var recordingSid = RecordingSidOf(callSid);
            call.AttachRecording(recordingSid, RecordingUrl(recordingSid), 31, 1, Now);
            call.RequestRecordingDownload(recordingSid, Now);
            await unitOfWork.SaveChangesAsync(ct);
            _dispatcher.Published.ShouldBeEmpty("nothing is published before the commit");
            if (beforeCommit is not null)
            {
                await beforeCommit();
            }

            return true;
        }, CancellationToken.None);
    }

    [Fact]
    public async Task AnEventIsPublishedOnceItsTransactionHasCommitted()
    {
        var callSid = NewCallSid();

        await QueueAsync(callSid);

        _dispatcher.Published.ShouldBe([new RecordingDownloadRequested(callSid, RecordingSidOf(callSid))]);
        _dispatcher.CommittedWhenPublished.ShouldBe([true]);
    }

    [Fact]
    public async Task ARolledBackTransactionPublishesNothing()
    {
        var callSid = NewCallSid();

        await Should.ThrowAsync<InvalidOperationException>(() =>
            QueueAsync(callSid, () => throw new InvalidOperationException("the work failed before the commit")));

        _dispatcher.Published.ShouldBeEmpty();
        await using var scope = _node.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<ICallRepository>().FindAsync(callSid, CancellationToken.None)).ShouldBeNull();
    }

    /// <summary>Records what it is given, and whether the stored change was visible to another connection then.</summary>
    private sealed class RecordingDispatcher : IDomainEventDispatcher
    {
        public List<IDomainEvent> Published { get; } = [];

        public List<bool> CommittedWhenPublished { get; } = [];

        public string ConnectionString { get; set; } = string.Empty;

        public async Task DispatchAsync(IReadOnlyList<IDomainEvent> events, CancellationToken cancellationToken)
        {
            Published.AddRange(events);
            foreach (var domainEvent in events.OfType<RecordingDownloadRequested>())
            {
                // Another connection sees the row only once the transaction has committed.
                await using var connection = new NpgsqlConnection(ConnectionString);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT count(*) FROM calls WHERE call_sid = @sid", connection);
                command.Parameters.AddWithValue("sid", domainEvent.CallSid);
                CommittedWhenPublished.Add((long)(await command.ExecuteScalarAsync(cancellationToken))! == 1);
            }
        }
    }
}
