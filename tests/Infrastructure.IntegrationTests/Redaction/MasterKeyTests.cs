using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Recordings.Commands.RewrapOriginalKeys;
using Recordings.Domain.Businesses;
using Recordings.Domain.Calls;
using Recordings.Domain.Redaction;
using Recordings.Infrastructure.Data;
using Recordings.Infrastructure.IntegrationTests.Data;
using Recordings.Testing;

namespace Recordings.Infrastructure.IntegrationTests.Redaction;

/// <summary>
/// The master key on a real PostgreSQL: the app refuses to start without it while a business keeps originals, and a
/// rotation wraps every kept original's key again so that the old master key can be removed.
/// </summary>
public sealed class MasterKeyTests : IAsyncLifetime
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private static readonly string OldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string NewKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private string _connectionString = string.Empty;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync(TestDatabase.UniqueName("recordings_master_key"));
        await using var node = DatabaseMigratorTests.Node(_connectionString);
        await DatabaseMigrator.MigrateAsync(node);
    }

    public Task DisposeAsync() => TestDatabase.DropAsync(_connectionString);

    private ServiceProvider Node(string? masterKey, params string[] previous)
    {
        var settings = new Dictionary<string, string?> { ["Redaction:MasterKey"] = masterKey };
        for (var i = 0; i < previous.Length; i++)
        {
            settings[$"Redaction:PreviousMasterKeys:{i}"] = previous[i];
        }

        return DatabaseMigratorTests.Node(_connectionString, settings: settings);
    }

    private async Task<Guid> BusinessAsync(OriginalAudio original, bool enabled = true)
    {
        await using var node = Node(null);
        await using var scope = node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        var business = Business.Create("Keeps", [PhoneNumber.Parse($"+1555{Random.Shared.Next(1000000, 9999999)}")], Now);
        business.SetRedaction(new RedactionPolicy(enabled, RedactedEntities.All, RedactionAudio.Silence, original));
        db.Businesses.Add(business);
        await db.SaveChangesAsync();
        return business.Id;
    }

    [Fact]
    public async Task WithoutAMasterKeyTheAppRefusesToStartOnlyWhileABusinessKeepsOriginals()
    {
        await BusinessAsync(OriginalAudio.Delete);
        await BusinessAsync(OriginalAudio.Keep, enabled: false);
        await using (var node = Node(null))
        {
            await RedactionKeyCheck.EnsureAsync(node);
        }

        await BusinessAsync(OriginalAudio.Keep);

        await using (var node = Node(null))
        {
            var refused = await Should.ThrowAsync<InvalidOperationException>(() => RedactionKeyCheck.EnsureAsync(node));
            refused.Message.ShouldBe(RedactionKeyCheck.MissingKeyMessage);
        }

        await using (var node = Node(NewKey))
        {
            await RedactionKeyCheck.EnsureAsync(node);
        }
    }

    [Fact]
    public async Task AfterARotationEveryKeptOriginalOpensWithTheNewKeyAloneAndTheSealedBytesAreUntouched()
    {
        var plaintext = RandomNumberGenerator.GetBytes(200_000);
        var sealedBytes = new MemoryStream();
        const int Originals = 3;
        await using (var node = Node(OldKey))
        await using (var scope = node.CreateAsyncScope())
        {
            var vault = scope.ServiceProvider.GetRequiredService<IOriginalVault>();
            var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
            for (var i = 0; i < Originals; i++)
            {
                var recordingSid = $"RE{i:x32}";
                var output = i == 0 ? sealedBytes : new MemoryStream();
                var sealedOriginal = await vault.SealAsync(new MemoryStream(plaintext), output, recordingSid, CancellationToken.None);
                db.Calls.Add(KeptCall($"CA{i:x32}", recordingSid, sealedOriginal.Key.Encode(), plaintext.Length));
            }

            await db.SaveChangesAsync();
        }

        // The operator puts the new key first and keeps the old one until the rotation has run.
        await using (var node = Node(NewKey, OldKey))
        await using (var scope = node.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            var handler = new RewrapOriginalKeysCommandHandler(services.GetRequiredService<ICallRepository>(), services.GetRequiredService<IUnitOfWork>(),
                services.GetRequiredService<IOriginalVault>(), new FakeTimeProvider(Now), NullLogger<RewrapOriginalKeysCommandHandler>.Instance);

            (await handler.Handle(new RewrapOriginalKeysCommand(), CancellationToken.None)).ShouldBe(new RewrapReport(Originals, Originals));
            (await handler.Handle(new RewrapOriginalKeysCommand(), CancellationToken.None)).ShouldBe(new RewrapReport(Originals, 0), "once");
        }

        // The old key is gone: every original still opens.
        await using (var node = Node(NewKey))
        await using (var scope = node.CreateAsyncScope())
        {
            var vault = scope.ServiceProvider.GetRequiredService<IOriginalVault>();
            var calls = scope.ServiceProvider.GetRequiredService<ICallRepository>();
            var call = await calls.FindAsync($"CA{0:x32}", CancellationToken.None);
            var original = call!.Recording.Original!;
            original.WrappedKey.ShouldNotContain(NewKey);
            await using var opened = vault.Open(new MemoryStream(sealedBytes.ToArray()), sealedBytes.Length, WrappedDataKey.Decode(original.WrappedKey), $"RE{0:x32}");
            var read = new MemoryStream();
            await opened.CopyToAsync(read);
            read.ToArray().ShouldBe(plaintext);
        }
    }

    /// <summary>A call whose recording was redacted and keeps its original (as RedactRecording leaves it).</summary>
    private static CallLog KeptCall(string callSid, string recordingSid, string wrappedKey, long length)
    {
        var call = CallLog.Create(callSid, AccountSid, Now);
        call.AttachRecording(recordingSid, $"https://api.twilio.com/2010-04-01/Accounts/{AccountSid}/Recordings/{recordingSid}", 30, 1, Now);
        call.RequestTranscript(true, Now);
        call.RequestRecordingDownload(recordingSid, Now);
        call.StartRecordingDownload(recordingSid, Now);
        call.CompleteRecordingDownload(recordingSid, length, "ab", Now, redact: true);
        call.StartProcessing(ProcessingStep.Transcript, Now);
        call.CompleteTranscript([new RecordingTranscript(recordingSid, "en", "[card]", [])], summarize: false, Now, []);
        var key = call.Recording.StorageKey!;
        call.CompleteRedaction(recordingSid, RecordingStorageKey.RedactedOf(key), 10, "cd",
            new EncryptedOriginal(RecordingStorageKey.OriginalOf(key), wrappedKey, length), Now).ShouldBeTrue();
        call.TakeDomainEvents();
        return call;
    }
}
