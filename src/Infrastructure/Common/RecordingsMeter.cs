using System.Diagnostics.Metrics;

namespace Recordings.Infrastructure.Common;

/// <summary>
/// The product's own instruments (<c>System.Diagnostics.Metrics</c>), under one meter named <see cref="Name"/>, so that
/// whatever exports metrics (OpenTelemetry, <c>dotnet-counters</c>) subscribes to one name.
/// </summary>
public static class RecordingsMeter
{
    public const string Name = "Recordings";

    public static readonly Meter Meter = new(Name);
}
