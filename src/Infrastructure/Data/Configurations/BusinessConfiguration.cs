using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Recordings.Domain.Businesses;

namespace Recordings.Infrastructure.Data.Configurations;

internal sealed class BusinessConfiguration : IEntityTypeConfiguration<Business>
{
    public void Configure(EntityTypeBuilder<Business> builder)
    {
        builder.ToTable("businesses");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Name).HasMaxLength(Business.MaxNameLength);
        builder.Property(b => b.AgentsSee).HasConversion<string>().HasMaxLength(16).HasDefaultValue(Domain.Organisation.AgentsSee.Business)
            .HasSentinel((Domain.Organisation.AgentsSee)(-1));
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
