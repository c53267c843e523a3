using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Recordings.Domain.Businesses;
using Recordings.Domain.Redaction;

namespace Recordings.Infrastructure.Data.Configurations;

internal sealed class BusinessConfiguration : IEntityTypeConfiguration<Business>
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<Business> builder)
    {
        builder.ToTable("businesses");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Name).HasMaxLength(Business.MaxNameLength);
        builder.Property(b => b.AgentsSee).HasConversion<string>().HasMaxLength(16).HasDefaultValue(Domain.Organisation.AgentsSee.Business)
            .HasSentinel((Domain.Organisation.AgentsSee)(-1));
        // One jsonb value (entities by their contract names): read with the business, never queried into.
        builder.Property(b => b.Redaction)
            .HasColumnType("jsonb")
            .HasConversion(
                policy => JsonSerializer.Serialize(RedactionPolicyRow.Of(policy), JsonOptions),
                json => (JsonSerializer.Deserialize<RedactionPolicyRow>(json, JsonOptions) ?? RedactionPolicyRow.Of(RedactionPolicy.Off)).ToPolicy(),
                new ValueComparer<RedactionPolicy>((a, b) => a!.SameAs(b!), p => HashCode.Combine(p.Enabled, p.Audio, p.Original, p.Entities.Count), p => p))
            .HasDefaultValueSql("'{\"enabled\":false,\"entities\":[\"card\",\"cvv\",\"expiry\",\"israeliId\",\"phone\",\"email\"],\"audio\":\"silence\",\"original\":\"delete\"}'::jsonb");
        builder.HasMany(b => b.PhoneNumbers).WithOne().HasForeignKey(p => p.BusinessId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(b => b.PhoneNumbers).HasField("_phoneNumbers").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class BusinessPhoneNumberConfiguration : IEntityTypeConfiguration<BusinessPhoneNumber>
{
    public void Configure(EntityTypeBuilder<BusinessPhoneNumber> builder)
    {
        builder.ToTable("business_phone_numbers");

        // The number is the key: one number belongs to at most one business, enforced by the database.
        builder.HasKey(p => p.Number);
        builder.Property(p => p.Number).HasMaxLength(16);
        builder.HasIndex(p => p.BusinessId);
    }
}

/// <summary>A business's redaction policy as its <c>redaction</c> jsonb keeps it (the contract's names).</summary>
internal sealed record RedactionPolicyRow(bool Enabled, IReadOnlyList<string> Entities, string Audio, string Original)
{
    public static RedactionPolicyRow Of(RedactionPolicy policy) => new(
        policy.Enabled,
        [.. policy.Entities.Select(RedactedEntities.NameOf)],
        policy.Audio == RedactionAudio.Beep ? "beep" : "silence",
        policy.Original == OriginalAudio.Keep ? "keep" : "delete");

    public RedactionPolicy ToPolicy() => new(
        Enabled,
        [.. (Entities ?? []).Select(RedactedEntities.FromName).OfType<RedactedEntity>()],
        Audio == "beep" ? RedactionAudio.Beep : RedactionAudio.Silence,
        Original == "keep" ? OriginalAudio.Keep : OriginalAudio.Delete);
}
