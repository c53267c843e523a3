using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Recordings.Domain.Audit;

namespace Recordings.Infrastructure.Data.Configurations;

/// <summary>
/// <c>audit_entries</c>: no foreign keys (an entry outlives whatever it names), and a trigger (migration
/// <c>AuditTrail</c>) refuses every UPDATE and DELETE, so that the trail is append-only in the database itself.
/// </summary>
internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.Action).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.AgentEmail).HasMaxLength(256);
        builder.Property(e => e.CallSid).HasMaxLength(34);
        builder.Property(e => e.RecordingSid).HasMaxLength(34);
        builder.Property(e => e.Target).HasMaxLength(AuditEntry.MaxTargetLength);
        builder.Property(e => e.Detail).HasMaxLength(AuditEntry.MaxDetailLength);
        builder.Property(e => e.Ip).HasMaxLength(AuditEntry.MaxAddressLength);
        builder.Property(e => e.UserAgent).HasMaxLength(AuditEntry.MaxUserAgentLength);
        // The admin API lists a business's entries newest first; a call's; an agent's; and a play is looked up per
        // agent and recording within its window.
        // Pages by keyset on (at, id), newest first: each index ends with the whole sort key, so that a page after a
        // cursor is a range of one index.
        builder.HasIndex(e => new { e.BusinessId, e.At, e.Id }).IsDescending(false, true, true);
        builder.HasIndex(e => new { e.CallSid, e.At, e.Id }).IsDescending(false, true, true);
        builder.HasIndex(e => new { e.AgentEmail, e.RecordingSid, e.At });
        builder.HasIndex(e => new { e.At, e.Id }).IsDescending(true, true);
    }
}
