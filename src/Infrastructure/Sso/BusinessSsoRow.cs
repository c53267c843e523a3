using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Recordings.Domain.Businesses;

namespace Recordings.Infrastructure.Sso;

/// <summary>
/// A business's single sign-on: one row per business that has it. <see cref="ClientSecretProtected"/> is the client
/// secret protected with the app's Data Protection keys (purpose <see cref="BusinessSsoStore.SecretPurpose"/>).
/// </summary>
public sealed class BusinessSsoRow
{
    public Guid BusinessId { get; set; }

    public string Issuer { get; set; } = string.Empty;

    public string ClientId { get; set; } = string.Empty;

    public string ClientSecretProtected { get; set; } = string.Empty;

    public string EmailClaim { get; set; } = "email";

    public string? RoleClaim { get; set; }

    /// <summary>The role values as a JSON object (<c>{"admin": "...", ...}</c>).</summary>
    public string RoleValues { get; set; } = "{}";

    public string? TeamsClaim { get; set; }

    public string Provision { get; set; } = "existing";

    public bool PasswordLogin { get; set; } = true;

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class BusinessSsoRowConfiguration : IEntityTypeConfiguration<BusinessSsoRow>
{
    public void Configure(EntityTypeBuilder<BusinessSsoRow> builder)
    {
        builder.ToTable("business_sso");
        builder.HasKey(r => r.BusinessId);
        builder.HasOne<Business>().WithOne().HasForeignKey<BusinessSsoRow>(r => r.BusinessId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.Issuer).HasMaxLength(512);
        builder.Property(r => r.ClientId).HasMaxLength(256);
        builder.Property(r => r.EmailClaim).HasMaxLength(128);
        builder.Property(r => r.RoleClaim).HasMaxLength(128);
        builder.Property(r => r.RoleValues).HasColumnType("jsonb");
        builder.Property(r => r.TeamsClaim).HasMaxLength(128);
        builder.Property(r => r.Provision).HasMaxLength(16);
        builder.HasIndex(r => r.Issuer);
    }
}
