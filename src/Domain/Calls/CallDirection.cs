namespace Recordings.Domain.Calls;

public enum CallDirection
{
    Unknown = 0,
    Inbound,
    OutboundApi,
    OutboundDial,
}
