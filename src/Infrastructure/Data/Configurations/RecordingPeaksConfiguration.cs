using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Recordings.Infrastructure.Insight;

namespace Recordings.Infrastructure.Data.Configurations;

/// <summary><c>recording_peaks</c>: derived from a recording's audio, kept apart from the call so that reading calls never loads it.</summary>
internal sealed class RecordingPeaksConfiguration : IEntityTypeConfiguration<RecordingPeaksRow>
{
    public void Configure(EntityTypeBuilder<RecordingPeaksRow> builder)
    {
        builder.ToTable("recording_peaks");
        builder.HasKey(p => new { p.CallSid, p.RecordingSid });
        builder.Property(p => p.CallSid).HasMaxLength(34);
        builder.Property(p => p.RecordingSid).HasMaxLength(34);
        builder.Property(p => p.Speakers).HasColumnType("jsonb");
    }
}
