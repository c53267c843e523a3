namespace Recordings.Domain.Calls;

/// <summary>
/// Who speaks on which channel of a dual-channel recording. Twilio records the parent call leg on channel 1: the
/// customer, for calls a customer placed and for calls the CRM placed to a customer; channel 2 is the agent. A mono
/// recording mixes both, so its speaker is unknown (null).
/// </summary>
public static class Speakers
{
    public const string Customer = "customer";
    public const string Agent = "agent";

    /// <summary>The speaker of a channel (1-based) of a recording with <paramref name="channels"/> channels.</summary>
    public static string? OfChannel(int channel, int channels)
    {
        if (channel < 1 || channel > Math.Max(channels, 1))
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel, "There is no such channel.");
        }

        return channels == 2 ? (channel == 1 ? Customer : Agent) : null;
    }

    /// <summary>The channels whose speech is transcribed apart: both of a dual-channel recording, else the mix (null).</summary>
    public static IReadOnlyList<int?> TranscribedChannels(int? channels) => channels == 2 ? [1, 2] : [null];
}
