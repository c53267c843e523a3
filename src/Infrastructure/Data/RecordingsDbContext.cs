using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Businesses;
using Recordings.Domain.Calls;
using Recordings.Infrastructure.Identity;

namespace Recordings.Infrastructure.Data;

public sealed class RecordingsDbContext(DbContextOptions<RecordingsDbContext> options)
    : IdentityUserContext<AgentUser, Guid>(options), IUnitOfWork, IDataProtectionKeyContext
{
    /// <summary>ASP.NET Core's Data Protection keys, shared by every node so that a session cookie works on all of them.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Signed-in browsers: a session ends when its row is deleted.</summary>
    public DbSet<AgentSession> AgentSessions => Set<AgentSession>();

    public DbSet<Business> Businesses => Set<Business>();

    public DbSet<BusinessPhoneNumber> BusinessPhoneNumbers => Set<BusinessPhoneNumber>();

    public DbSet<CallLog> Calls => Set<CallLog>();

    public Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var strategy = Database.CreateExecutionStrategy();
        return strategy.ExecuteAsync(async ct =>
        {
            // A retried attempt starts from what the database holds, not from the failed attempt's changes.
            ChangeTracker.Clear();
            await using var transaction = await Database.BeginTransactionAsync(ct);
            var result = await work(ct);
            await transaction.CommitAsync(ct);
            return result;
        }, cancellationToken);
    }

    Task IUnitOfWork.SaveChangesAsync(CancellationToken cancellationToken) => SaveChangesAsync(cancellationToken);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasPostgresExtension("pg_trgm");
        builder.ApplyConfigurationsFromAssembly(typeof(RecordingsDbContext).Assembly);
    }
}
