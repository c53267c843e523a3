using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Calls;
using Recordings.Infrastructure.Data;
using Recordings.Infrastructure.Data.Search;

namespace Recordings.Infrastructure.IntegrationTests.Data.Search;

/// <summary>The search document is kept with the transcript it is made of: in the same save, and forgotten with it.</summary>
public sealed class SearchDocumentTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private string _connectionString = string.Empty;
    private ServiceProvider _node = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestDatabase.CreateAsync(TestDatabase.UniqueName("recordings_searchdoc"));
        _node = DatabaseMigratorTests.Node(_connectionString);
        await DatabaseMigrator.MigrateAsync(_node);
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var business = new NpgsqlCommand("INSERT INTO businesses (id, name, created_at) VALUES (@a, 'B', now())", connection);
        business.Parameters.AddWithValue("a", SearchDatabase.BusinessId);
        await business.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await TestDatabase.DropAsync(_connectionString);
    }

    [Fact]
    public async Task ATranscriptIsSearchableOnceItsSaveCommitsAndNotAfterItExpires()
    {
        var callSid = SearchDatabase.CallSidOf("s1");
        await using (var connection = new NpgsqlConnection(_connectionString))
        {
            await connection.OpenAsync();
            await SearchDatabase.InsertAsync(connection, callSid, SearchDatabase.BusinessId, "+972521234567", "+97236001234", "[]", Now);
            await using var running = new NpgsqlCommand(
                "UPDATE calls SET transcript_state = 'Running', search_document = NULL WHERE call_sid = @sid; " +
                "UPDATE call_recordings SET transcribed = false WHERE call_sid = @sid", connection);
            running.Parameters.AddWithValue("sid", callSid);
            await running.ExecuteNonQueryAsync();
        }

        await InTransactionAsync(async (calls, ct) =>
        {
            var call = (await calls.FindForUpdateAsync(callSid, ct))!;
            call.CompleteTranscript(
                [new RecordingTranscript(call.Recording.RecordingSid!, "he", "הלקוח ביקש החזר",
                    [new TranscriptSegment(0, 2, "Customer", "הלקוח ביקש החזר"), new TranscriptSegment(2, 4, "Agent", "refund approved")])],
                summarize: false, Now);
        });

        (await FindAsync("לקוח")).ShouldBe([callSid]);
        (await FindAsync("Refund")).ShouldBe([callSid]);
        (await FindAsync("0521234567")).ShouldBe([callSid]);
        (await FindAsync("\"החזר refund\"")).ShouldBeEmpty("a phrase does not run across segments");

        await InTransactionAsync(async (calls, ct) => (await calls.FindForUpdateAsync(callSid, ct))!.ExpireTranscript(Now));

        (await FindAsync("לקוח")).ShouldBeEmpty();
        (await FindAsync("refund")).ShouldBeEmpty();
        (await FindAsync("0521234567")).ShouldBe([callSid], "the numbers stay searchable");
    }

    [Fact]
    public async Task ANewCallHasADocumentFromItsFirstSave()
    {
        var callSid = "CA" + Guid.NewGuid().ToString("N");
        await using (var scope = _node.CreateAsyncScope())
        {
            var calls = scope.ServiceProvider.GetRequiredService<ICallRepository>();
            var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
            await unitOfWork.InTransactionAsync(async ct =>
            {
                var call = await calls.GetOrCreateForUpdateAsync(callSid, "AC0123456789abcdef0123456789abcdef", Now, ct);
                call.ApplyStatus(new CallStatusReport("+15551234567", "+15550100100", CallDirection.Inbound, CallStatus.Ringing, null, null),
                    SearchDatabase.BusinessId, Now);
                await unitOfWork.SaveChangesAsync(ct);
                return true;
            }, CancellationToken.None);
        }

        (await FindAsync("1234567")).ShouldBe([callSid]);
        (await FindAsync("(555) 123-4567")).ShouldBe([callSid]);
    }

    [Fact]
    public async Task TheDocumentIsCompressedWithLz4()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand(
            "SELECT attcompression::text FROM pg_attribute WHERE attrelid = 'calls'::regclass AND attname = 'search_document'", connection);

        (await select.ExecuteScalarAsync()).ShouldBe("l");
    }

    [Fact]
    public void ADocumentKeepsEachLexemeOnceWithItsPositionsInOrder()
    {
        var document = SearchDocument.Build("+972521234567", null,
        [
            new TranscriptSegment(0, 1, null, "הלקוח לקוח הלקוח 052-123"),
            new TranscriptSegment(1, 2, null, "לקוח"),
        ]);

        var text = document.ToString();
        text.ShouldContain("'לקוח':2,14", customMessage: text);
        text.ShouldContain("'~לקוח':1,3");
        text.ShouldContain("'הלקוח':1,3");
        text.ShouldContain("'052123':4");
        text.ShouldContain("'#0521234567'");
        text.ShouldContain("'#567'");
        text.ShouldNotContain("'#67'");
    }

    private async Task InTransactionAsync(Func<ICallRepository, CancellationToken, Task> work)
    {
        await using var scope = _node.CreateAsyncScope();
        var calls = scope.ServiceProvider.GetRequiredService<ICallRepository>();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        await unitOfWork.InTransactionAsync(async ct =>
        {
            await work(calls, ct);
            await unitOfWork.SaveChangesAsync(ct);
            return true;
        }, CancellationToken.None);
    }

    private async Task<List<string>> FindAsync(string q)
    {
        await using var scope = _node.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        var all = SearchPlan.Plan(q)!.All;
        return await db.Calls.AsNoTracking()
            .Where(c => c.BusinessId == SearchDatabase.BusinessId && EF.Property<NpgsqlTsVector>(c, SearchDocument.PropertyName).Matches(all))
            .Select(c => c.CallSid)
            .ToListAsync();
    }
}
