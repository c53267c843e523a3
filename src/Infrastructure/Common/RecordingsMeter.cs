using System.Diagnostics.Metrics;
using Recordings.Application.Common.Metrics;

namespace Recordings.Infrastructure.Common;

/// <summary>
/// The product's one meter (<see cref="RecordingsMetrics.Meter"/>, named <see cref="Name"/>), for instruments that live
/// in Infrastructure, so that whatever exports metrics (the Prometheus listener, OpenTelemetry, <c>dotnet-counters</c>)
/// subscribes to one name.
/// </summary>
public static class RecordingsMeter
{
    public const string Name = RecordingsMetrics.MeterName;

    public static Meter Meter => RecordingsMetrics.Meter;
}
