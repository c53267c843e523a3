using Recordings.Testing;
using Recordings.Web.FunctionalTests.Support;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// A node told to stop (SIGTERM) while its database is gone: the app in a process of its own, on a database of its own
/// that the test cuts off.
/// </summary>
public sealed class ShutdownTests : IAsyncLifetime
{
    private const string Claimed = "SELECT count(*) FROM qrtz_fired_triggers WHERE state = 'ACQUIRED'";

    private string _connectionString = string.Empty;
    private string _storagePath = string.Empty;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync(TestDatabase.UniqueName("recordings_shutdown"));
        _storagePath = Directory.CreateTempSubdirectory("recordings-shutdown-").FullName;
    }

    public async Task DisposeAsync()
    {
        await TestDatabase.AllowConnectionsAsync(_connectionString, allow: true);
        await TestDatabase.DropAsync(_connectionString);
        Directory.Delete(_storagePath, recursive: true);
    }

    [Fact]
    public async Task ANodeWhoseDatabaseIsGoneEndsWithinItsShutdownTimeout()
    {
        using var node = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings:Recordings"] = _connectionString,
            ["Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["Twilio:AuthToken"] = "token",
            ["Recordings:StoragePath"] = _storagePath,
            ["Transcription:Provider"] = "none",
            ["Summarization:Provider"] = "none",
            ["Quartz:InstanceId"] = "shutdown-tests",
            // A sweep every 5 s: the scheduler always holds the next firing it has claimed (up to 30 s ahead), and
            // hands it back to the database when it stops. That hand-back is what waited for the database for ever.
            ["Recordings:HealInterval"] = "00:00:05",
            ["ASPNETCORE_SHUTDOWNTIMEOUTSECONDS"] = "2",
        });
        await Eventually.TrueAsync(
            async () => await TestDatabase.ScalarAsync<long>(_connectionString, Claimed) > 0, "the scheduler to claim a firing", TimeSpan.FromSeconds(60));

        await TestDatabase.CutOffAsync(_connectionString);
        node.Terminate();

        // Two seconds of shutdown timeout, then the process ends. Half a minute is the guard: a node whose Quartz threads
        // kept the process alive ended after about a minute, one that waited for Quartz never did.
        (await node.ExitedWithinAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue($"the node still runs 30 s after SIGTERM:\n{node.Output}");
        node.Output.ShouldContain("The job scheduler did not stop within the host's shutdown timeout");
    }
}
