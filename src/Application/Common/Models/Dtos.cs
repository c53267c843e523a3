using Recordings.Domain.Calls;

namespace Recordings.Application.Common.Models;

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

public sealed record AgentDto(Guid Id, string Email, string DisplayName, Guid BusinessId, string BusinessName);

public sealed record StateDto(string State);

public sealed record CallListItemDto(
    string CallSid,
    string? From,
    string? To,
    string Direction,
    string Status,
    DateTimeOffset? StartedAt,
    int? DurationSeconds,
    ListRecordingDto Recording,
    StateDto Transcript,
    StateDto Summary);

/// <summary>
/// The call's first recording as the calls list shows it: its state, why it is not playable (<paramref name="Error"/>
/// for a failed or absent one, <paramref name="ExpiredAt"/> for an expired one), and how many recordings the call has.
/// </summary>
public sealed record ListRecordingDto(string State, string? Error, DateTimeOffset? ExpiredAt, int Count);

public sealed record CallDetailDto(
    string CallSid,
    string? From,
    string? To,
    string Direction,
    string Status,
    DateTimeOffset? StartedAt,
    int? DurationSeconds,
    RecordingInfoDto Recording,
    TranscriptDto Transcript,
    SummaryDto Summary,
    IReadOnlyList<CallRecordingDto> Recordings);

/// <summary>The call's first recording; <paramref name="Error"/> says why it is not playable (failed, or reported absent).</summary>
public sealed record RecordingInfoDto(string State, int? DurationSeconds, int? Channels, string? Error = null, DateTimeOffset? ExpiredAt = null);

/// <summary>One of the call's recordings (<c>recordings[]</c>, in start order).</summary>
public sealed record CallRecordingDto(
    string RecordingSid, string State, int? DurationSeconds, int? Channels, DateTimeOffset? StartedAt, string? Error, DateTimeOffset? ExpiredAt = null);

public sealed record TranscriptDto(string State, string? Language, string? Text, IReadOnlyList<TranscriptSegment> Segments, DateTimeOffset? ExpiredAt = null);

public sealed record SummaryDto(string State, string? Text, string? Provider);
