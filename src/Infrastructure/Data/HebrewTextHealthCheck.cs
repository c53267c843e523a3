using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Recordings.Infrastructure.Data;

/// <summary>
/// Readiness degrades when the database does not classify Hebrew letters as letters (a database created with the
/// <c>C</c> or <c>POSIX</c> character classification): its text functions and regular expressions would then treat
/// Hebrew as punctuation, and whatever relies on them would silently miss Hebrew calls. Asked of the database itself
/// (<c>'א' ~ '^[[:alpha:]]$'</c>), with its <c>LC_CTYPE</c> in the reason.
/// </summary>
public sealed class HebrewTextHealthCheck(RecordingsDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var answer = await db.Database
            .SqlQueryRaw<CharacterClassification>(
                "SELECT ('\u05D0' ~ '^[[:alpha:]]$') AS hebrew_is_letter, datctype AS ctype FROM pg_database WHERE datname = current_database()")
            .SingleAsync(cancellationToken);
        return answer.HebrewIsLetter
            ? HealthCheckResult.Healthy($"The database reads Hebrew letters as letters (LC_CTYPE {answer.Ctype}).")
            : HealthCheckResult.Degraded(
                $"The database's character classification (LC_CTYPE '{answer.Ctype}') does not treat Hebrew letters as letters, " +
                "so Hebrew text would be missed: recreate the database with a UTF-8 locale (for example C.UTF-8).");
    }

    private sealed record CharacterClassification(bool HebrewIsLetter, string Ctype);
}
