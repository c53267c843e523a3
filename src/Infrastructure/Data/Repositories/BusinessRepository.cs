using Recordings.Domain.Redaction;
using Microsoft.EntityFrameworkCore;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Domain.Businesses;

namespace Recordings.Infrastructure.Data.Repositories;

internal sealed class BusinessRepository(RecordingsDbContext db) : IBusinessRepository
{
    public Task<bool> ExistsAsync(Guid businessId, CancellationToken cancellationToken) =>
        db.Businesses.AnyAsync(b => b.Id == businessId, cancellationToken);

    public async Task<IReadOnlyList<string>> FindTakenNumbersAsync(IReadOnlyCollection<string> phoneNumbers, CancellationToken cancellationToken) =>
        await db.BusinessPhoneNumbers.Where(p => phoneNumbers.Contains(p.Number)).Select(p => p.Number)
            .OrderBy(n => n).ToListAsync(cancellationToken);

    public Task<Guid?> FindOwnerOfNumberAsync(string phoneNumber, CancellationToken cancellationToken) =>
        db.BusinessPhoneNumbers.Where(p => p.Number == phoneNumber).Select(p => (Guid?)p.BusinessId)
            .SingleOrDefaultAsync(cancellationToken);

    public Task<Business?> FindAsync(Guid businessId, CancellationToken cancellationToken) =>
        db.Businesses.SingleOrDefaultAsync(b => b.Id == businessId, cancellationToken);

    public async Task<RedactionPolicy> FindRedactionPolicyAsync(Guid businessId, CancellationToken cancellationToken) =>
        await db.Businesses.AsNoTracking().Where(b => b.Id == businessId).Select(b => b.Redaction).SingleOrDefaultAsync(cancellationToken)
        ?? RedactionPolicy.Off;

    public async Task<IReadOnlyList<RetentionPolicy>> ListRetentionPoliciesAsync(CancellationToken cancellationToken) =>
        await db.Businesses.AsNoTracking()
            .Where(b => b.AudioRetentionDays != null || b.TranscriptRetentionDays != null)
            .OrderBy(b => b.Id)
            .Select(b => new RetentionPolicy(b.Id, b.AudioRetentionDays, b.TranscriptRetentionDays))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<string>> ListPhoneNumbersAsync(Guid businessId, CancellationToken cancellationToken) =>
        await db.BusinessPhoneNumbers.AsNoTracking().Where(p => p.BusinessId == businessId).Select(p => p.Number)
            .OrderBy(n => n).ToListAsync(cancellationToken);

    public async Task LockAsync(Guid businessId, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A business is locked inside a transaction (IUnitOfWork.InTransactionAsync), until it ends.");
        }

        // FOR NO KEY UPDATE: administrative changes of the business wait for each other, but the foreign-key checks of
        // rows that merely reference it (a webhook's new call, an operator's new account: FOR KEY SHARE) do not wait.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM businesses WHERE id = {businessId} FOR NO KEY UPDATE", cancellationToken);
    }

    public async Task AddAsync(Business business, CancellationToken cancellationToken)
    {
        db.Businesses.Add(business);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Another request took one of the numbers between our check and our insert.
            db.ChangeTracker.Clear();
            throw new ConflictException("phone_number_taken", "A phone number of this business already belongs to another business.");
        }
    }
}
