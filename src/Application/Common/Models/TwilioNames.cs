using Recordings.Domain.Calls;

namespace Recordings.Application.Common.Models;

/// <summary>
/// The names Twilio uses for call directions and statuses, which the API uses too, and the API's names of the
/// recording and processing states. Twilio's vocabulary lives here and in Infrastructure, not in the domain.
/// </summary>
public static class TwilioNames
{
    private static readonly Dictionary<string, CallDirection> Directions = new(StringComparer.Ordinal)
    {
        ["inbound"] = CallDirection.Inbound,
        ["outbound-api"] = CallDirection.OutboundApi,
        ["outbound-dial"] = CallDirection.OutboundDial,
    };

    private static readonly Dictionary<string, CallStatus> Statuses = new(StringComparer.Ordinal)
    {
        ["queued"] = CallStatus.Queued,
        ["initiated"] = CallStatus.Initiated,
        ["ringing"] = CallStatus.Ringing,
        ["in-progress"] = CallStatus.InProgress,
        ["completed"] = CallStatus.Completed,
        ["busy"] = CallStatus.Busy,
        ["no-answer"] = CallStatus.NoAnswer,
        ["canceled"] = CallStatus.Canceled,
        ["failed"] = CallStatus.Failed,
    };

    public static bool TryParseDirection(string? value, out CallDirection direction) =>
        Directions.TryGetValue(value ?? string.Empty, out direction);

    public static bool TryParseStatus(string? value, out CallStatus status) =>
        Statuses.TryGetValue(value ?? string.Empty, out status);

    public static CallDirection ParseDirection(string? value) =>
        TryParseDirection(value, out var direction) ? direction : throw new FormatException($"'{value}' is not a call direction.");

    public static CallStatus ParseStatus(string? value) =>
        TryParseStatus(value, out var status) ? status : throw new FormatException($"'{value}' is not a call status.");

    public static string ToName(this CallDirection direction) => direction switch
    {
        CallDirection.Inbound => "inbound",
        CallDirection.OutboundApi => "outbound-api",
        CallDirection.OutboundDial => "outbound-dial",
        _ => "unknown",
    };

    public static string ToName(this CallStatus status) => status switch
    {
        CallStatus.Queued => "queued",
        CallStatus.Initiated => "initiated",
        CallStatus.Ringing => "ringing",
        CallStatus.InProgress => "in-progress",
        CallStatus.Completed => "completed",
        CallStatus.Busy => "busy",
        CallStatus.NoAnswer => "no-answer",
        CallStatus.Canceled => "canceled",
        CallStatus.Failed => "failed",
        _ => "unknown",
    };

    public static string ToName(this RecordingState state) => state.ToString().ToLowerInvariant();

    public static string ToName(this ProcessingState state) => state.ToString().ToLowerInvariant();
}
