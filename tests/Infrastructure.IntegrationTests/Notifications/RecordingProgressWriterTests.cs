using Microsoft.Extensions.Logging.Abstractions;
using Recordings.Infrastructure.Data;
using Recordings.Infrastructure.IntegrationTests.Data;
using Recordings.Infrastructure.IntegrationTests.Jobs;
using Recordings.Infrastructure.Notifications;
using Recordings.Testing;

namespace Recordings.Infrastructure.IntegrationTests.Notifications;

public sealed class RecordingProgressWriterTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Earlier = new(2026, 11, 24, 11, 0, 0, TimeSpan.Zero);
    private string _connectionString = string.Empty;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync(TestDatabase.UniqueName("recordings_progress"));
        await using var migrator = DatabaseMigratorTests.Node(_connectionString);
        await DatabaseMigrator.MigrateAsync(migrator);
    }

    public Task DisposeAsync() => TestDatabase.DropAsync(_connectionString);

    [Fact]
    public async Task UpdatesOnlyARecordingThatIsDownloading()
    {
        var downloading = CallRows.NewCallSid();
        var queued = CallRows.NewCallSid();
        var ready = CallRows.NewCallSid();
        await CallRows.InsertAsync(_connectionString, downloading, "Downloading", Earlier);
        await CallRows.InsertAsync(_connectionString, queued, "Queued", Earlier);
        await CallRows.InsertAsync(_connectionString, ready, "Ready", Earlier);
        var writer = new RecordingProgressWriter(_connectionString, NullLogger<RecordingProgressWriter>.Instance);

        await Task.WhenAll(
            writer.WriteAsync(downloading, CallRows.RecordingSidOf(downloading), 1024, 4096, CancellationToken.None),
            writer.WriteAsync(queued, CallRows.RecordingSidOf(queued), 1024, 4096, CancellationToken.None),
            writer.WriteAsync(ready, CallRows.RecordingSidOf(ready), 1024, 4096, CancellationToken.None));

        (await CallRows.ProgressAsync(_connectionString, downloading)).ShouldBe((1024L, 4096L));
        (await CallRows.ProgressAsync(_connectionString, queued)).ShouldBe((null, null));
        (await CallRows.ProgressAsync(_connectionString, ready)).ShouldBe((null, null));
    }

    [Fact]
    public async Task WritesAnUnknownTotalAsNull()
    {
        var callSid = CallRows.NewCallSid();
        await CallRows.InsertAsync(_connectionString, callSid, "Downloading", Earlier);
        var writer = new RecordingProgressWriter(_connectionString, NullLogger<RecordingProgressWriter>.Instance);

        await writer.WriteAsync(callSid, CallRows.RecordingSidOf(callSid), 10, 100, CancellationToken.None);
        await writer.WriteAsync(callSid, CallRows.RecordingSidOf(callSid), 20, null, CancellationToken.None);

        (await CallRows.ProgressAsync(_connectionString, callSid)).ShouldBe((20L, null));
    }
}
