using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Recordings.Application.Common.Events;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Businesses;
using Recordings.Domain.Calls;
using Recordings.Domain.Common;
using Recordings.Infrastructure.Identity;

namespace Recordings.Infrastructure.Data;

/// <summary>
/// The database, and the unit of work: it also publishes the domain events of what it stores, once they are
/// committed (after <see cref="InTransactionAsync{T}"/> commits, or right after a save outside a transaction). Events of
/// a transaction that rolls back are dropped with it.
/// </summary>
public sealed class RecordingsDbContext(DbContextOptions<RecordingsDbContext> options, IDomainEventDispatcher? dispatcher = null)
    : IdentityUserContext<AgentUser, Guid>(options), IUnitOfWork, IDataProtectionKeyContext
{
    // Events of changes saved in the current transaction, published once it commits.
    private readonly List<IDomainEvent> _committing = [];

    // What runs on this node once the current transaction commits (or at once without one).
    private readonly List<Action> _afterCommit = [];

    /// <summary>Runs <paramref name="action"/> once the current transaction commits, or at once when none is open.</summary>
    public void AfterCommit(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Database.CurrentTransaction is null)
        {
            action();
        }
        else
        {
            _afterCommit.Add(action);
        }
    }

    /// <summary>ASP.NET Core's Data Protection keys, shared by every node so that a session cookie works on all of them.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Signed-in browsers: a session ends when its row is deleted.</summary>
    public DbSet<AgentSession> AgentSessions => Set<AgentSession>();

    public DbSet<Business> Businesses => Set<Business>();

    public DbSet<BusinessPhoneNumber> BusinessPhoneNumbers => Set<BusinessPhoneNumber>();

    public DbSet<CallLog> Calls => Set<CallLog>();

    public DbSet<Domain.Organisation.Team> Teams => Set<Domain.Organisation.Team>();

    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();

    public DbSet<AccountIdentityRow> AccountIdentities => Set<AccountIdentityRow>();

    public DbSet<Reconciliation.ReconciliationRun> ReconciliationRuns => Set<Reconciliation.ReconciliationRun>();

    public DbSet<Reconciliation.ReconciliationWatermark> ReconciliationWatermarks => Set<Reconciliation.ReconciliationWatermark>();

    public DbSet<Domain.Audit.AuditEntry> AuditEntries => Set<Domain.Audit.AuditEntry>();

    public DbSet<Insight.RecordingPeaksRow> RecordingPeaks => Set<Insight.RecordingPeaksRow>();

    /// <summary>
    /// How many times a transaction that lost an insert race (a unique violation: another transaction committed the
    /// same row first, e.g. the same recording of a new call from two of Twilio's callbacks at once) is run again from
    /// what the database now holds, where it finds that row and does not insert it.
    /// </summary>
    public const int InsertRaceAttempts = 3;

    public async Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var strategy = Database.CreateExecutionStrategy();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await strategy.ExecuteAsync(async ct =>
                {
                    // A retried attempt starts from what the database holds, not from the failed attempt's changes or events.
                    ChangeTracker.Clear();
                    _committing.Clear();
                    _afterCommit.Clear();
                    await using var transaction = await Database.BeginTransactionAsync(ct);
                    var value = await work(ct);
                    await transaction.CommitAsync(ct);
                    return value;
                }, cancellationToken);
                await PublishCommittedAsync(cancellationToken);
                return result;
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation() && attempt < InsertRaceAttempts)
            {
                // Lost the race: the winner's row is committed now; the next attempt reads it.
            }
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        KeepDerivedColumns();
        var raised = ChangeTracker.Entries<AggregateRoot>().SelectMany(e => e.Entity.TakeDomainEvents()).ToList();
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        _committing.AddRange(raised);
        if (Database.CurrentTransaction is null)
        {
            await PublishCommittedAsync(cancellationToken);
        }

        return saved;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        KeepDerivedColumns();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>What every save writes besides the entities' own values: the search documents and retention's flags.</summary>
    private void KeepDerivedColumns()
    {
        Search.SearchDocument.Refresh(ChangeTracker);
        KeepRetentionFlags();
    }

    Task IUnitOfWork.SaveChangesAsync(CancellationToken cancellationToken) => SaveChangesAsync(cancellationToken);

    /// <summary>
    /// Keeps each saved call's <c>has_audio_to_expire</c> (retention's partial index) true exactly when one of its
    /// recordings can expire. Only calls being added or changed (a recording's change marks its owner's entry).
    /// </summary>
    private void KeepRetentionFlags()
    {
        ChangeTracker.DetectChanges();
        foreach (var entry in ChangeTracker.Entries<CallLog>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Unchanged)
            {
                var flag = entry.Property<bool>(Configurations.CallLogConfiguration.HasAudioToExpire);
                var due = entry.Entity.Recordings.Any(r => r.CanExpire);
                if (flag.CurrentValue != due)
                {
                    flag.CurrentValue = due;
                }
            }
        }
    }

    private async Task PublishCommittedAsync(CancellationToken cancellationToken)
    {
        var afterCommit = _afterCommit.ToArray();
        _afterCommit.Clear();
        foreach (var action in afterCommit)
        {
            action();
        }

        if (_committing.Count == 0)
        {
            return;
        }

        var events = _committing.ToArray();
        _committing.Clear();
        if (dispatcher is not null)
        {
            await dispatcher.DispatchAsync(events, cancellationToken);
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasPostgresExtension("pg_trgm");
        // GIN operator classes for scalar columns (the line in ix_calls_search_scope); a trusted extension.
        builder.HasPostgresExtension("btree_gin");
        builder.ApplyConfigurationsFromAssembly(typeof(RecordingsDbContext).Assembly);
    }
}
