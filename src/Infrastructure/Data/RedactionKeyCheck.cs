using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Options;

namespace Recordings.Infrastructure.Data;

/// <summary>
/// At start-up, after the migrations: a business that keeps redacted recordings' originals needs the master key that
/// wraps their keys (<c>Redaction:MasterKey</c>). Without it the app refuses to start, with a message that says so:
/// originals could be neither kept nor played, and the business would find out only when they were lost.
/// </summary>
public static class RedactionKeyCheck
{
    public const string MissingKeyMessage =
        "Redaction:MasterKey is not set, and at least one business keeps the unredacted originals of its redacted recordings "
        + "(redaction.original = keep). Set Redaction:MasterKey (32 random bytes, base64; see docs/operations.md) and start again.";

    /// <exception cref="InvalidOperationException">The key is missing while a business keeps originals.</exception>
    public static async Task EnsureAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        if (scope.ServiceProvider.GetRequiredService<IOptions<RedactionOptions>>().Value.HasMasterKey)
        {
            return;
        }

        var db = scope.ServiceProvider.GetRequiredService<RecordingsDbContext>();
        var keeping = await db.Database
            .SqlQueryRaw<bool>(
                "SELECT EXISTS (SELECT 1 FROM businesses WHERE (redaction->>'enabled')::boolean AND redaction->>'original' = 'keep') AS \"Value\"")
            .SingleAsync(cancellationToken);
        if (keeping)
        {
            throw new InvalidOperationException(MissingKeyMessage);
        }
    }
}
