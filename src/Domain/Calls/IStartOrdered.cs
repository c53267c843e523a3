namespace Recordings.Domain.Calls;

/// <summary>What puts a call's recordings in start order and picks the first (<see cref="CallLog.FirstOf{T}"/>).</summary>
public interface IStartOrdered
{
    RecordingState State { get; }

    /// <summary>Twilio's start time, when known.</summary>
    DateTimeOffset? StartedAt { get; }

    /// <summary>When Twilio reported it completed: the start order of a recording without a start time.</summary>
    DateTimeOffset? CompletedAt { get; }

    /// <summary>In which order the call learnt of it: among those that started together.</summary>
    int Position { get; }
}
