// InsightBench FILE CHANNELS
// Runs the product's FfmpegAudioAnalyzer once on FILE (an mp3 read from disk, as the analysis job reads a stored
// recording) and prints one line of JSON: how long it took, the CPU it used (this process and ffmpeg), the peak
// resident memory of this process (VmHWM) and of ffmpeg (getrusage's children ru_maxrss), and what it measured.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Recordings.Infrastructure.Insight;

if (args.Length != 2 || !int.TryParse(args[1], CultureInfo.InvariantCulture, out var channels))
{
    await Console.Error.WriteLineAsync("usage: InsightBench FILE CHANNELS");
    return 2;
}

var file = args[0];
var analyzer = new FfmpegAudioAnalyzer(NullLogger<FfmpegAudioAnalyzer>.Instance);
var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var clock = Stopwatch.StartNew();
Recordings.Application.Common.Interfaces.AudioInsight insight;
await using (var audio = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan))
{
    insight = await analyzer.AnalyzeAsync(audio, channels, CancellationToken.None);
}

var elapsed = clock.Elapsed.TotalSeconds;
var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
var children = Native.ChildrenUsage();
var report = new
{
    file = Path.GetFileName(file),
    bytes = new FileInfo(file).Length,
    channels,
    audioSeconds = insight.DurationSeconds,
    elapsedSeconds = Math.Round(elapsed, 3),
    ratio = Math.Round(elapsed / insight.DurationSeconds, 5),
    cpuSeconds = Math.Round(cpu, 3),
    ffmpegCpuSeconds = Math.Round(children.CpuSeconds, 3),
    maxRssMb = Math.Round(StatusKb("VmHWM") / 1024.0, 1),
    ffmpegMaxRssMb = Math.Round(children.MaxRssKb / 1024.0, 1),
    allocatedMb = Math.Round(allocated / 1048576.0, 1),
    metrics = insight.Metrics,
    silences = insight.Silences.Count,
    peaksNonZero = insight.Lanes.Select(l => l.Peaks.Count(p => p > 0)).ToArray(),
    peaksMax = insight.Lanes.Select(l => (int)l.Peaks.Max()).ToArray(),
};
Console.WriteLine(JsonSerializer.Serialize(report));
return 0;

// A field of /proc/self/status, in kB ("VmHWM: 123456 kB").
static long StatusKb(string field)
{
    foreach (var line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith(field + ":", StringComparison.Ordinal))
        {
            return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
    }

    return 0;
}

internal static partial class Native
{
    private const int RusageChildren = -1;

    /// <summary>The waited-for children's (here: ffmpeg's) CPU time and largest peak resident memory.</summary>
    public static (double CpuSeconds, long MaxRssKb) ChildrenUsage()
    {
        if (GetRusage(RusageChildren, out var usage) != 0)
        {
            return (0, 0);
        }

        var cpu = usage.UserSeconds + (usage.UserMicroseconds / 1e6) + usage.SystemSeconds + (usage.SystemMicroseconds / 1e6);
        return (cpu, usage.MaxRss);
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRusage(int who, out Rusage usage);

    // struct rusage on 64-bit Linux: two timevals, then 14 longs (ru_maxrss first, in kB).
    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public long MaxRss;
        public long IxRss;
        public long IdRss;
        public long IsRss;
        public long MinFlt;
        public long MajFlt;
        public long NSwap;
        public long InBlock;
        public long OuBlock;
        public long MsgSnd;
        public long MsgRcv;
        public long NSignals;
        public long NVcsw;
        public long NIvcsw;
    }
}
