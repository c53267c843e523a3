using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Recordings.Domain.Businesses;
using Recordings.Domain.Organisation;
using Recordings.Infrastructure.Identity;

namespace Recordings.Infrastructure.Data.Configurations;

internal sealed class AgentUserConfiguration : IEntityTypeConfiguration<AgentUser>
{
    public void Configure(EntityTypeBuilder<AgentUser> builder)
    {
        builder.ToTable("agents");
        builder.Property(a => a.DisplayName).HasMaxLength(200);
        builder.Property(a => a.Role).HasConversion<string>().HasMaxLength(16).HasDefaultValue(AccountRole.Agent).HasSentinel((AccountRole)(-1));
        builder.HasOne<Business>().WithMany().HasForeignKey(a => a.BusinessId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.BusinessId, a.Role });
    }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.ToTable("teams");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Name).HasMaxLength(Team.MaxNameLength);
        builder.HasIndex(t => new { t.BusinessId, t.Name }).IsUnique();
        builder.HasOne<Business>().WithMany().HasForeignKey(t => t.BusinessId).OnDelete(DeleteBehavior.Cascade);
        builder.OwnsMany(t => t.PhoneNumbers, number =>
        {
            number.ToTable("team_phone_numbers");
            number.WithOwner().HasForeignKey("TeamId");
            // A number is answered by at most one team, and is one of the business's numbers.
            number.HasKey(n => n.Number);
            number.Property(n => n.Number).HasMaxLength(16);
            number.HasOne<BusinessPhoneNumber>().WithMany().HasForeignKey(n => n.Number).OnDelete(DeleteBehavior.Cascade);
        });
        builder.OwnsMany(t => t.Supervisors, supervisor =>
        {
            supervisor.ToTable("team_supervisors");
            supervisor.WithOwner().HasForeignKey("TeamId");
            supervisor.HasKey("TeamId", nameof(TeamSupervisor.AccountId));
            supervisor.HasIndex(s => s.AccountId);
            supervisor.HasOne<AgentUser>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Navigation(t => t.PhoneNumbers).HasField("_phoneNumbers").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(t => t.Supervisors).HasField("_supervisors").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class TeamMemberConfiguration : IEntityTypeConfiguration<TeamMember>
{
    public void Configure(EntityTypeBuilder<TeamMember> builder)
    {
        builder.ToTable("team_members");
        builder.HasKey(m => new { m.TeamId, m.AccountId });
        builder.HasIndex(m => m.AccountId);
        builder.HasOne<Team>().WithMany().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AgentUser>().WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AccountIdentityConfiguration : IEntityTypeConfiguration<AccountIdentityRow>
{
    public void Configure(EntityTypeBuilder<AccountIdentityRow> builder)
    {
        builder.ToTable("account_identities");
        // Unique within a business (the key): a webhook's party names at most one account of the call's business.
        builder.HasKey(i => new { i.BusinessId, i.Identity });
        builder.Property(i => i.Identity).HasMaxLength(AccountIdentity.MaxLength);
        builder.HasIndex(i => i.AccountId);
        builder.HasOne<Business>().WithMany().HasForeignKey(i => i.BusinessId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AgentUser>().WithMany().HasForeignKey(i => i.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AgentClaimConfiguration : IEntityTypeConfiguration<IdentityUserClaim<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserClaim<Guid>> builder) => builder.ToTable("agent_claims");
}

internal sealed class AgentLoginConfiguration : IEntityTypeConfiguration<IdentityUserLogin<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserLogin<Guid>> builder) => builder.ToTable("agent_logins");
}

internal sealed class AgentTokenConfiguration : IEntityTypeConfiguration<IdentityUserToken<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserToken<Guid>> builder) => builder.ToTable("agent_tokens");
}

internal sealed class AgentSessionConfiguration : IEntityTypeConfiguration<AgentSession>
{
    public void Configure(EntityTypeBuilder<AgentSession> builder)
    {
        builder.ToTable("agent_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasIndex(s => s.AgentId);
        builder.Property(s => s.SsoIssuer).HasMaxLength(512);
        builder.Property(s => s.SsoSubject).HasMaxLength(256);
        builder.Property(s => s.SsoSession).HasMaxLength(256);
        builder.HasIndex(s => new { s.SsoIssuer, s.SsoSubject });
        builder.HasIndex(s => new { s.SsoIssuer, s.SsoSession });
        builder.HasOne<AgentUser>().WithMany().HasForeignKey(s => s.AgentId).OnDelete(DeleteBehavior.Cascade);
    }
}
