using System.Text.Json.Serialization;
using Recordings.Domain.Calls;

namespace Recordings.Application.Common.Models;

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

public sealed record AgentDto(Guid Id, string Email, string DisplayName, Guid BusinessId, string BusinessName)
{
    /// <summary>The account's role: <c>agent</c>, <c>supervisor</c> or <c>admin</c>.</summary>
    public string Role { get; init; } = "agent";

    /// <summary>
    /// The account's security stamp when its credentials were checked (set by a login only). The session is stored only
    /// while the account still has it: a disable or a password reset that lands in between changes it (ADR-005).
    /// </summary>
    [JsonIgnore]
    public string? SecurityStamp { get; init; }
}

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
    StateDto Summary,
    ListInsightDto? Insight = null)
{
    /// <summary>The accounts that took the call.</summary>
    public IReadOnlyList<AgentRefDto> Agents { get; init; } = [];

    /// <summary>What redaction removed from the call's recordings (times of the words; the audio is covered 0.25 s around them).</summary>
    public IReadOnlyList<RedactionItemDto> Redactions { get; init; } = [];

    /// <summary>The call's teams: its agents' teams and the team answering its line.</summary>
    public IReadOnlyList<TeamRefDto> Teams { get; init; } = [];

    /// <summary>With a search: the call's best matching segments (at most 3, best first); absent without one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SearchHitDto>? Hits { get; init; }
}

/// <summary>
/// Talk and silence of the call, summed over its measured recordings (null until one is measured): the list's talk
/// ratio and silence. Talk per speaker is known for dual-channel recordings only.
/// </summary>
public sealed record ListInsightDto(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? AgentTalkSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? CustomerTalkSeconds,
    double SilenceSeconds);

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
    IReadOnlyList<CallRecordingDto> Recordings,
    MetricsDto? Metrics = null,
    IReadOnlyList<SilenceDto>? Silences = null)
{
    /// <summary>The accounts that took the call.</summary>
    public IReadOnlyList<AgentRefDto> Agents { get; init; } = [];

    /// <summary>What redaction removed from the call's recordings (times of the words; the audio is covered 0.25 s around them).</summary>
    public IReadOnlyList<RedactionItemDto> Redactions { get; init; } = [];

    /// <summary>The call's teams: its agents' teams and the team answering its line.</summary>
    public IReadOnlyList<TeamRefDto> Teams { get; init; } = [];

    /// <summary>A call's agents and teams, named from the viewer's org chart.</summary>
    public static (IReadOnlyList<AgentRefDto> Agents, IReadOnlyList<TeamRefDto> Teams) PeopleOf(
        Domain.Organisation.OrgChart chart, IReadOnlyCollection<Guid> agentIds, string? line)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(agentIds);
        return ([.. agentIds.Select(id => new AgentRefDto(id, chart.Account(id)?.DisplayName ?? string.Empty))],
            [.. chart.TeamsOf(agentIds, line).Select(t => new TeamRefDto(t.Id, t.Name))]);
    }
}

/// <summary>An account as a call names it.</summary>
public sealed record AgentRefDto(Guid Id, string DisplayName);

/// <summary>A team as a call names it.</summary>
public sealed record TeamRefDto(Guid Id, string Name);

/// <summary>Talk and silence of a recording, measured on its audio (null until it is analyzed).</summary>
public sealed record MetricsDto(
    TalkSecondsDto TalkSeconds, double SilenceSeconds, double OvertalkSeconds, double LongestMonologueSeconds, double LongestSilenceSeconds)
{
    public static IReadOnlyList<SilenceDto>? SilencesOf(Recording recording) =>
        recording.Metrics is null ? null : [.. recording.Silences.Select(s => new SilenceDto(s.StartSeconds, s.EndSeconds))];

    public static MetricsDto? Of(RecordingMetrics? metrics) => metrics is null
        ? null
        : new MetricsDto(new TalkSecondsDto(metrics.AgentTalkSeconds, metrics.CustomerTalkSeconds, metrics.AllTalkSeconds),
            metrics.SilenceSeconds, metrics.OvertalkSeconds, metrics.LongestMonologueSeconds, metrics.LongestSilenceSeconds);
}

/// <summary>Talk per speaker of a dual-channel recording (<c>agent</c>, <c>customer</c>), or <c>all</c> of a mono one.</summary>
public sealed record TalkSecondsDto(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Agent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Customer,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? All);

/// <summary>A stretch of at least 2 s where nobody speaks.</summary>
public sealed record SilenceDto(double StartSeconds, double EndSeconds);

/// <summary>The call's first recording; <paramref name="Error"/> says why it is not playable (failed, or reported absent).</summary>
public sealed record RecordingInfoDto(
    string State, int? DurationSeconds, int? Channels, string? Error = null, DateTimeOffset? ExpiredAt = null, RedactionDto? Redaction = null);

/// <summary>One of the call's recordings (<c>recordings[]</c>, in start order).</summary>
/// <summary>One of the call's recordings; <paramref name="Metrics"/> and <paramref name="Silences"/> once it is measured.</summary>
public sealed record CallRecordingDto(
    string RecordingSid, string State, int? DurationSeconds, int? Channels, DateTimeOffset? StartedAt, string? Error, DateTimeOffset? ExpiredAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MetricsDto? Metrics = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SilenceDto>? Silences = null)
{
    /// <summary>Its redaction (null when its business did not redact it).</summary>
    public RedactionDto? Redaction { get; init; }
}

public sealed record TranscriptDto(string State, string? Language, string? Text, IReadOnlyList<TranscriptSegment> Segments, DateTimeOffset? ExpiredAt = null);

public sealed record SummaryDto(string State, string? Text, string? Provider);
