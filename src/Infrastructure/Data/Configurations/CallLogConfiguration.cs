using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;
using Recordings.Domain.Businesses;
using Recordings.Domain.Calls;
using Recordings.Domain.Redaction;
using RedactedStretch = Recordings.Domain.Redaction.Redaction;
using Recordings.Infrastructure.Data.Search;

namespace Recordings.Infrastructure.Data.Configurations;

internal sealed class CallLogConfiguration : IEntityTypeConfiguration<CallLog>
{
    /// <summary>
    /// What retention measures a call's age by: its start, or its creation when it has none. The same stored generated
    /// column the calls list orders by (<c>listed_at</c>), so that an index can order by it.
    /// </summary>
    public const string RetentionAt = Repositories.CallReadRepository.ListedAt;

    /// <summary>
    /// Shadow column <c>has_audio_to_expire</c>: some recording of the call is one retention may expire
    /// (<c>Recording.CanExpire</c>); kept by <see cref="RecordingsDbContext"/> on every save of the call.
    /// </summary>
    public const string HasAudioToExpire = "HasAudioToExpire";

    /// <summary>Shadow column <c>line</c>: <see cref="CallLog.BusinessNumber"/>, computed by PostgreSQL.</summary>
    public const string Line = "Line";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<CallLog> builder)
    {
        builder.ToTable("calls");
        builder.HasKey(c => c.CallSid);
        builder.Ignore(c => c.DomainEvents);
        builder.Property(c => c.CallSid).HasMaxLength(34);
        builder.Property(c => c.AccountSid).HasMaxLength(34);
        builder.Property(c => c.From).HasMaxLength(CallLog.MaxPartyLength);
        builder.Property(c => c.To).HasMaxLength(CallLog.MaxPartyLength);
        builder.Property(c => c.Direction).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.TranscriptState).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.SummaryState).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.TranscriptLanguage).HasMaxLength(16);
        builder.Property(c => c.SummaryProvider).HasMaxLength(32);
        builder.Property(c => c.ProcessingError).HasMaxLength(2048);
        builder.Property(c => c.TranscriptSegments)
            .HasColumnType("jsonb")
            .HasConversion(
                parts => JsonSerializer.Serialize(parts, JsonOptions),
                json => JsonSerializer.Deserialize<List<TranscriptSegment>>(json, JsonOptions) ?? new List<TranscriptSegment>(),
                new ValueComparer<IReadOnlyList<TranscriptSegment>>(
                    (a, b) => a!.SequenceEqual(b!),
                    parts => parts.Aggregate(0, (hash, part) => HashCode.Combine(hash, part.GetHashCode())),
                    parts => parts.ToList()));
        // What a search finds a call by (Data/Search/SearchDocument.cs): kept by the context on every save that changes
        // the transcript or the numbers; null only for a call stored before search existed, until the backfill reaches it.
        // lz4: about half the reads of pglz (which mostly declines to compress it) when a page is filtered row by row.
        // Its GIN index is ix_calls_search_scope, below (with who sees the call).
        builder.Property<NpgsqlTsVector>(SearchDocument.PropertyName).HasColumnType("tsvector").UseCompressionMethod("lz4");
        builder.HasIndex([nameof(CallLog.CallSid)], "SearchDocumentMissing").HasFilter("search_document IS NULL")
            .HasDatabaseName("ix_calls_search_document_missing");
        builder.HasOne<Business>().WithMany().HasForeignKey(c => c.BusinessId).OnDelete(DeleteBehavior.Restrict);

        // The business's calls by start (retention's sweep finds the old ones by it).
        builder.HasIndex(c => new { c.BusinessId, c.StartedAt }).IsDescending(false, true);

        // The calls list pages by keyset (ADR-017) over two orders, each served by an index whose columns are its sort
        // key: newest first (when the call started, or was first heard of), and the most silence first (calls not
        // measured yet last, as -1). Both are columns PostgreSQL computes, so that no write path can forget them.
        builder.Property(c => c.SilenceSeconds);
        builder.Property<DateTimeOffset>(Repositories.CallReadRepository.ListedAt)
            .HasComputedColumnSql("coalesce(started_at, created_at)", stored: true);
        builder.Property<double>(Repositories.CallReadRepository.SilenceOrder)
            .HasComputedColumnSql("coalesce(silence_seconds, -1)", stored: true);
        builder.HasIndex(nameof(CallLog.BusinessId), Repositories.CallReadRepository.ListedAt, nameof(CallLog.CallSid))
            .IsDescending(false, true, true).HasDatabaseName("ix_calls_list_newest");
        builder.HasIndex(nameof(CallLog.BusinessId), Repositories.CallReadRepository.SilenceOrder, Repositories.CallReadRepository.ListedAt, nameof(CallLog.CallSid))
            .IsDescending(false, true, true, true).HasDatabaseName("ix_calls_list_silence");

        // Retention's keyset: per business, oldest first, only the calls that still have something to expire (the
        // partial indexes drop a call once it is expired, so a run never reads the business's expired history again).
        builder.Property<bool>(HasAudioToExpire).HasDefaultValue(false);
        builder.HasIndex([nameof(CallLog.BusinessId), RetentionAt, nameof(CallLog.CallSid)], "ix_calls_audio_to_expire")
            .HasDatabaseName("ix_calls_audio_to_expire")
            .HasFilter("has_audio_to_expire");
        builder.HasIndex([nameof(CallLog.BusinessId), RetentionAt, nameof(CallLog.CallSid)], "ix_calls_transcript_to_expire")
            .HasDatabaseName("ix_calls_transcript_to_expire")
            .HasFilter("transcript_state NOT IN ('None', 'Disabled', 'Expired')");

        // Who sees the call (Domain/Organisation/CallScope, applied by CallScopeFilter): the accounts it is attributed
        // to, and the business's number on it (the line a team answers), a column PostgreSQL computes.
        builder.Property(c => c.AgentIds).HasColumnType("uuid[]").HasDefaultValueSql("'{}'::uuid[]");
        builder.HasIndex(c => c.AgentIds).HasMethod("gin");
        builder.Ignore(c => c.BusinessNumber);
        builder.Property<string>(Line).HasMaxLength(CallLog.MaxPartyLength)
            .HasComputedColumnSql("CASE WHEN direction = 'Inbound' THEN \"to\" ELSE \"from\" END", stored: true);
        builder.HasIndex(nameof(CallLog.BusinessId), Line, Repositories.CallReadRepository.ListedAt)
            .IsDescending(false, false, true).HasDatabaseName("ix_calls_line");

        // The search index, with the scope's two columns in it (btree_gin for the line): a search within a scope is one
        // GIN scan per branch of the scope (agent_ids && @agents AND search_document @@ q; line = ANY(@lines) AND ...)
        // that skips through a common word's long posting lists by the scope's short ones, instead of a bitmap of every
        // call that says the word ANDed with the scope's (an agent's count of a common word at a million calls: about
        // 100 ms, now about 20; bench/scale.sh). A search of the whole business reads only its search_document entries.
        builder.HasIndex([SearchDocument.PropertyName, nameof(CallLog.AgentIds), Line], "ix_calls_search_scope").HasMethod("gin")
            .HasDatabaseName("ix_calls_search_scope");
        builder.Property(c => c.ParentCallSid).HasMaxLength(34);
        builder.HasIndex(c => c.ParentCallSid).HasFilter("parent_call_sid IS NOT NULL");
        // The heal sweep's look-up of queued transcripts and summaries (a handful in flight at any moment).
        builder.HasIndex([nameof(CallLog.UpdatedAt)], "ix_calls_transcript_queued").HasDatabaseName("ix_calls_transcript_queued")
            .HasFilter("transcript_state = 'Queued'");
        builder.HasIndex([nameof(CallLog.UpdatedAt)], "ix_calls_summary_queued").HasDatabaseName("ix_calls_summary_queued")
            .HasFilter("summary_state = 'Queued'");

        builder.Property(c => c.Redactions)
            .HasColumnType("jsonb")
            .HasDefaultValueSql("'[]'::jsonb")
            .HasConversion(
                redactions => JsonSerializer.Serialize(redactions.Select(RedactionRow.Of), JsonOptions),
                json => (JsonSerializer.Deserialize<List<RedactionRow>>(json, JsonOptions) ?? new List<RedactionRow>()).Select(r => r.ToRedaction()).ToList(),
                new ValueComparer<IReadOnlyList<RedactedStretch>>(
                    (a, b) => a!.SequenceEqual(b!),
                    redactions => redactions.Aggregate(0, (hash, r) => HashCode.Combine(hash, r.GetHashCode())),
                    redactions => redactions.ToList()));
        builder.Ignore(c => c.Recording);
        builder.Ignore(c => c.RecordingsInOrder);
        builder.Ignore(c => c.ToTranscribe);
        builder.Ignore(c => c.LengthSeconds);

        // A call's recordings: rows of their own, keyed by the call and Twilio's recording SID, loaded with the call.
        builder.OwnsMany(c => c.Recordings, recording =>
        {
            recording.ToTable("call_recordings");
            recording.WithOwner().HasForeignKey("CallSid");
            recording.HasKey("CallSid", nameof(Recording.RecordingSid));
            recording.Property<string>("CallSid").HasMaxLength(34);
            recording.Property(r => r.RecordingSid).HasMaxLength(34).IsRequired();
            recording.Property(r => r.RecordingUrl).HasMaxLength(512);
            recording.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
            recording.Property(r => r.Error).HasMaxLength(1024);
            recording.Property(r => r.ContentSha256).HasMaxLength(64);
            recording.Property(r => r.StorageKey).HasMaxLength(128);
            recording.Ignore(r => r.IsPending);
            recording.Ignore(r => r.AtTwilio);
            recording.Ignore(r => r.OnlyCopyLost);
            recording.Ignore(r => r.CanExpire);
            recording.Ignore(r => r.LengthSeconds);
            recording.Ignore(r => r.AwaitsRedaction);
            recording.Property(r => r.Redaction).HasConversion<string>().HasMaxLength(16).HasDefaultValue(RedactionProgress.None)
                .HasSentinel((RedactionProgress)(-1));
            // Where the unredacted original is kept encrypted, and its data key wrapped by the master key (never in clear).
            recording.OwnsOne(r => r.Original, original =>
            {
                original.Property(o => o.StorageKey).HasColumnName("original_storage_key").HasMaxLength(160);
                original.Property(o => o.WrappedKey).HasColumnName("original_wrapped_key").HasMaxLength(256);
                original.Property(o => o.Length).HasColumnName("original_length");
            });
            // Columns, not json: the calls list sorts and filters by silence and shows the talk ratio.
            recording.OwnsOne(r => r.Metrics, metrics =>
            {
                metrics.Property(m => m.AgentTalkSeconds).HasColumnName("agent_talk_seconds");
                metrics.Property(m => m.CustomerTalkSeconds).HasColumnName("customer_talk_seconds");
                metrics.Property(m => m.AllTalkSeconds).HasColumnName("all_talk_seconds");
                metrics.Property(m => m.SilenceSeconds).HasColumnName("silence_seconds");
                metrics.Property(m => m.OvertalkSeconds).HasColumnName("overtalk_seconds");
                metrics.Property(m => m.LongestMonologueSeconds).HasColumnName("longest_monologue_seconds");
                metrics.Property(m => m.LongestSilenceSeconds).HasColumnName("longest_silence_seconds");
            });
            recording.Property(r => r.Silences)
                .HasColumnType("jsonb")
                .HasConversion(
                    silences => JsonSerializer.Serialize(silences, JsonOptions),
                    json => JsonSerializer.Deserialize<List<Silence>>(json, JsonOptions) ?? new List<Silence>(),
                    new ValueComparer<IReadOnlyList<Silence>>(
                        (a, b) => a!.SequenceEqual(b!),
                        silences => silences.Aggregate(0, (hash, silence) => HashCode.Combine(hash, silence.GetHashCode())),
                        silences => silences.ToList()));
            // Start-up finds the downloads a stopped node left behind.
            recording.HasIndex(r => r.State);
            recording.HasIndex(r => r.RecordingSid);
            // The heal sweep finds the failed downloads it may queue again on its own (a handful at any moment).
            recording.HasIndex(r => r.DownloadQueuedAt, "ix_call_recordings_failed_to_retry").HasDatabaseName("ix_call_recordings_failed_to_retry")
                .HasFilter($"state = 'Failed' AND automatic_retries < {Recording.MaxAutomaticRetries} AND twilio_copy_deleted_at IS NULL");
            // A rotation of the master key reads the kept originals only, in key order.
            recording.HasIndex("CallSid", nameof(Recording.RecordingSid)).HasDatabaseName("ix_call_recordings_kept_originals")
                .HasFilter("original_wrapped_key IS NOT NULL");
            // The heal sweep finds the recordings awaiting redaction (a handful at any moment).
            recording.HasIndex(r => r.StoredAt, "ix_call_recordings_awaiting_redaction").HasDatabaseName("ix_call_recordings_awaiting_redaction")
                .HasFilter("redaction = 'Pending'");
            // The heal sweep finds the ready recordings that were never measured (a handful at any moment).
            recording.HasIndex(r => r.StoredAt, "ix_call_recordings_unmeasured").HasDatabaseName("ix_call_recordings_unmeasured")
                .HasFilter("state = 'Ready' AND analyzed_at IS NULL");
        });
        builder.Navigation(c => c.Recordings).HasField("_recordings").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

/// <summary>A redaction as the call's <c>redactions</c> jsonb keeps it: the entity by its contract name.</summary>
internal sealed record RedactionRow(string? RecordingSid, double StartSeconds, double EndSeconds, string Entity)
{
    public static RedactionRow Of(RedactedStretch redaction) =>
        new(redaction.RecordingSid, redaction.StartSeconds, redaction.EndSeconds, RedactedEntities.NameOf(redaction.Entity));

    public RedactedStretch ToRedaction() =>
        new(RecordingSid, StartSeconds, EndSeconds, RedactedEntities.FromName(Entity) ?? throw new InvalidOperationException($"Unknown redacted entity '{Entity}'."));
}
