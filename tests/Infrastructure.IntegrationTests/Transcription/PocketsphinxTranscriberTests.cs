using Recordings.Domain.Calls;
using System.Diagnostics;
using System.Globalization;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.Summarization;
using Recordings.Infrastructure.Transcription;

namespace Recordings.Infrastructure.IntegrationTests.Transcription;

/// <summary>
/// The real engine: Debian's ffmpeg (asr filter) with pocketsphinx-en-us, on a human recording from
/// pocketsphinx-testdata. Missing packages fail these tests, they are not skipped.
/// </summary>
public sealed class PocketsphinxTranscriberTests : IDisposable
{
    /// <summary>"go forward ten meters": 16 kHz, 16-bit, mono, little-endian raw PCM (package pocketsphinx-testdata).</summary>
    private const string GoForwardRaw = "/usr/share/pocketsphinx/test/data/goforward.raw";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "recordings-asr-tests", Guid.NewGuid().ToString("N"));

    public PocketsphinxTranscriberTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static PocketsphinxTranscriber NewTranscriber(Action<PocketsphinxOptions>? configure = null)
    {
        var options = new PocketsphinxOptions();
        configure?.Invoke(options);
        return new PocketsphinxTranscriber(Options.Create(options), NullLogger<PocketsphinxTranscriber>.Instance);
    }

    private static double GoForwardSeconds()
    {
        File.Exists(GoForwardRaw).ShouldBeTrue($"{GoForwardRaw} is missing: install the Debian package pocketsphinx-testdata.");
        return new FileInfo(GoForwardRaw).Length / 32000.0;
    }

    /// <summary>Runs ffmpeg (for fixtures), failing with its error output when it fails.</summary>
    private static async Task FfmpegAsync(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-hide_banner", "-nostdin", "-loglevel", "error", "-y" }.Concat(arguments))
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException("ffmpeg could not be started: install the Debian package ffmpeg.");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, $"ffmpeg {string.Join(' ', arguments)} failed: {await errors}{await output}");
    }

    /// <summary>goforward.raw as a stored recording looks: mono mp3 at 32 kb/s.</summary>
    private async Task<string> GoForwardMp3Async()
    {
        GoForwardSeconds();
        var mp3 = Path.Combine(_root, "goforward.mp3");
        await FfmpegAsync("-f", "s16le", "-ar", "16000", "-ac", "1", "-i", GoForwardRaw, "-c:a", "libmp3lame", "-b:a", "32k", mp3);
        return mp3;
    }

    private static string[] Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task RecognisesTheWordsOfARealRecordingWithTimes()
    {
        var duration = GoForwardSeconds();
        var mp3 = await GoForwardMp3Async();

        var transcript = await NewTranscriber().TranscribeFileAsync(mp3, CancellationToken.None);

        transcript.Language.ShouldBe("en");
        var words = Words(transcript.Text);
        words.ShouldContain("go");
        words.ShouldContain("forward");
        words.ShouldContain("ten");
        transcript.Segments.ShouldNotBeEmpty();
        foreach (var segment in transcript.Segments)
        {
            segment.StartSeconds.ShouldBeGreaterThanOrEqualTo(0);
            segment.StartSeconds.ShouldBeLessThan(segment.EndSeconds);
            segment.EndSeconds.ShouldBeLessThanOrEqualTo(duration + 1);
            segment.Speaker.ShouldBeNull();
        }

        transcript.Text.ShouldBe(string.Join(' ', transcript.Segments.Select(s => s.Text)));
        // The speech starts after about half a second of silence and ends about half a second before the end.
        transcript.Segments[0].StartSeconds.ShouldBeInRange(0.2, 0.8);
        transcript.Segments[^1].EndSeconds.ShouldBeInRange(1.8, duration);
    }

    [Fact]
    public async Task EveryUtteranceIsASegmentInOrderAndInPlace()
    {
        var duration = GoForwardSeconds();
        var wav = Path.Combine(_root, "goforward.wav");
        await FfmpegAsync("-f", "s16le", "-ar", "16000", "-ac", "1", "-i", GoForwardRaw, wav);
        // goforward, two seconds of silence, goforward again, as a stereo 44.1 kHz mp3 (resampled and mixed down).
        var mp3 = Path.Combine(_root, "twice.mp3");
        await FfmpegAsync("-i", wav, "-i", wav, "-filter_complex", "[0]apad=pad_dur=2[a];[a][1]concat=n=2:v=0:a=1",
            "-ar", "44100", "-ac", "2", "-c:a", "libmp3lame", "-b:a", "64k", mp3);

        var transcript = await NewTranscriber().TranscribeFileAsync(mp3, CancellationToken.None);

        transcript.Segments.Count.ShouldBe(2, transcript.Text);
        var (first, second) = (transcript.Segments[0], transcript.Segments[1]);
        Words(first.Text).ShouldContain("forward");
        Words(second.Text).ShouldContain("forward");
        first.EndSeconds.ShouldBeLessThanOrEqualTo(second.StartSeconds);
        var secondCopyStarts = duration + 2;
        second.StartSeconds.ShouldBeInRange(secondCopyStarts, secondCopyStarts + 1);
        second.EndSeconds.ShouldBeLessThanOrEqualTo((2 * duration) + 2 + 1);
    }

    [Fact]
    public async Task AMissingFfmpegIsAClearError()
    {
        var mp3 = await GoForwardMp3Async();
        var transcriber = NewTranscriber(o => o.FfmpegPath = "/nonexistent/bin/ffmpeg");

        var ex = await Should.ThrowAsync<InvalidOperationException>(() => transcriber.TranscribeFileAsync(mp3, CancellationToken.None));

        ex.Message.ShouldContain("ffmpeg could not be started");
        ex.Message.ShouldContain("/nonexistent/bin/ffmpeg");
    }

    [Fact]
    public async Task AMissingModelIsAClearError()
    {
        var mp3 = await GoForwardMp3Async();
        var transcriber = NewTranscriber(o => o.ModelPath = Path.Combine(_root, "no-model"));

        var ex = await Should.ThrowAsync<InvalidOperationException>(() => transcriber.TranscribeFileAsync(mp3, CancellationToken.None));

        ex.Message.ShouldContain("pocketsphinx-en-us");
        ex.Message.ShouldContain("no-model");
    }

    [Fact]
    public async Task AFileFfmpegCannotReadFailsWithItsLastErrorLines()
    {
        var notAudio = Path.Combine(_root, "not-audio.mp3");
        await File.WriteAllTextAsync(notAudio, "this is not audio at all");

        var ex = await Should.ThrowAsync<InvalidOperationException>(
            () => NewTranscriber().TranscribeFileAsync(notAudio, CancellationToken.None));

        ex.Message.ShouldContain("exit code");
        ex.Message.ShouldContain("pipe:0: Invalid data"); // ffmpeg's own last line: the recording comes on standard input
    }

    [Fact]
    public async Task CancellationKillsTheProcessAndWhatItStarted()
    {
        var mp3 = await GoForwardMp3Async();
        // A stand-in for ffmpeg that starts a child of its own and waits for it.
        var fake = Path.Combine(_root, "fake-ffmpeg");
        await File.WriteAllTextAsync(fake,
            $"#!/bin/sh\necho $$ > '{_root}/parent.pid'\nsleep 300 &\necho $! > '{_root}/child.pid'\nwait\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var transcriber = NewTranscriber(o => o.FfmpegPath = fake);
        using var cancellation = new CancellationTokenSource();

        var transcription = transcriber.TranscribeFileAsync(mp3, cancellation.Token);
        var childPidFile = Path.Combine(_root, "child.pid");
        var parentPidFile = Path.Combine(_root, "parent.pid");
        await Eventually.TrueAsync(async () => File.Exists(childPidFile) && (await File.ReadAllTextAsync(childPidFile)).Trim().Length > 0,
            "the stand-in ffmpeg to start its child", TimeSpan.FromSeconds(15));

        var parent = int.Parse((await File.ReadAllTextAsync(parentPidFile)).Trim(), CultureInfo.InvariantCulture);
        var child = int.Parse((await File.ReadAllTextAsync(childPidFile)).Trim(), CultureInfo.InvariantCulture);
        IsRunning(parent).ShouldBeTrue();
        IsRunning(child).ShouldBeTrue();

        await cancellation.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => transcription);
        await WaitUntilAsync(() => !IsRunning(parent) && !IsRunning(child), "the process or its child survived cancellation");
    }

    [Fact]
    public async Task TheTimeLimitKillsARealTranscription()
    {
        // Ten minutes of noise: pocketsphinx needs many seconds for it, far beyond the limit.
        var wav = Path.Combine(_root, "long-noise.wav");
        await FfmpegAsync("-f", "lavfi", "-i", "anoisesrc=d=600:c=pink:r=16000:a=0.3", "-ac", "1", wav);
        // ffmpeg under a name of this test's own, so that its process can be told from any other ffmpeg running.
        var ffmpeg = Path.Combine(_root, "ffmpeg-of-the-time-limit-test");
        File.CreateSymbolicLink(ffmpeg, "/usr/bin/ffmpeg");
        var transcriber = NewTranscriber(o => (o.Timeout, o.FfmpegPath) = (TimeSpan.FromMilliseconds(500), ffmpeg));

        var ex = await Should.ThrowAsync<TimeoutException>(() => transcriber.TranscribeFileAsync(wav, CancellationToken.None));

        ex.Message.ShouldContain("Transcription:Pocketsphinx:Timeout");
        await WaitUntilAsync(() => !ProcessesWithArgument(ffmpeg).Any(), "ffmpeg survived the time limit");
    }

    [Fact]
    public void FfmpegReadsTheRecordingFromStandardInputAndNothingElse()
    {
        var arguments = NewTranscriber().BuildArguments().ToList();

        arguments[arguments.IndexOf("-i") + 1].ShouldBe("pipe:0");
        arguments[arguments.IndexOf("-protocol_whitelist") + 1].ShouldBe("pipe");
        var filters = arguments[arguments.ToList().IndexOf("-af") + 1];
        filters.ShouldContain("apad=pad_dur=1");
        filters.ShouldContain("asr=rate=16000:hmm=/usr/share/pocketsphinx/model/en-us/en-us:dict=/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict:lm=/usr/share/pocketsphinx/model/en-us/en-us.lm.bin");
        filters.ShouldEndWith("ametadata=mode=print:file=-");
    }

    [Fact]
    public void SegmentTimesComeFromTheSilencesAroundEachUtterance()
    {
        // What ffmpeg printed for goforward, one second of silence... (trimmed), as in the remarks of AsrMetadataParser.
        string[] lines =
        [
            "frame:9    pts:4655    pts_time:0.290938", "lavfi.silence_start=0",
            "frame:15   pts:8111    pts_time:0.506938", "lavfi.silence_end=0.509313", "lavfi.silence_duration=0.509313",
            "frame:71   pts:40367   pts_time:2.52294", "lavfi.silence_start=2.23406",
            "frame:74   pts:42095   pts_time:2.63094", "lavfi.asr.text=go forward ten meters",
            "frame:136  pts:77807   pts_time:4.86294", "lavfi.silence_end=4.87169", "lavfi.silence_duration=2.63762",
            // A noisy stretch: no silence detected before this utterance's text comes.
            "frame:240  pts:137711  pts_time:8.60694", "lavfi.asr.text=thirty three <sil> [NOISE] four(2)",
            "frame:300  pts:172271  pts_time:10.7669", "lavfi.asr.text=",
            "frame:358  pts:205679  pts_time:12.8549", "lavfi.silence_start=12.5826", "lavfi.asr.text=go somewhere",
        ];

        var segments = AsrMetadataParser.ToSegments(lines);

        segments.ShouldBe(
        [
            new TranscriptSegment(0.509, 2.234, null, "go forward ten meters"),
            new TranscriptSegment(4.872, 8.607, null, "thirty three four"),
            new TranscriptSegment(8.607, 12.583, null, "go somewhere"),
        ]);
    }

    [Fact]
    public void AFrameHeaderGluedToTheWordsIsNotPartOfTheText()
    {
        // Seen on espeak-ng speech: the asr filter's text ended without a line break, so the next frame's header
        // followed the words on the same line.
        string[] lines =
        [
            "frame:74   pts:42095   pts_time:2.63094",
            "lavfi.asr.text=all the scenes right frame:334 pts:191855 pts_time:11.9909",
            "lavfi.silence_start=11.5",
            "frame:400  pts:230000  pts_time:14.375", "lavfi.asr.text=tomorrow morning do foframe:514 pts:295535 pts_time:18.4709",
            "lavfi.asr.text=he was not",
        ];

        var segments = AsrMetadataParser.ToSegments(lines);

        segments.Select(s => s.Text).ShouldBe(["all the scenes right", "tomorrow morning do fo", "he was not"]);
        segments[2].EndSeconds.ShouldBe(18.471);
        segments[0].EndSeconds.ShouldBe(2.631);
        segments[1].EndSeconds.ShouldBe(11.5); // the silence reported with the glued frame ends the second utterance
        AsrMetadataParser.SplitGluedFrameHeader("lavfi.asr.text=go forward").ShouldBe(["lavfi.asr.text=go forward"]);
    }

    [Fact]
    public void TheEnginesAreRegisteredAsThemselvesOnly()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Transcription:Pocketsphinx:FfmpegPath"] = "/opt/ffmpeg/bin/ffmpeg",
                ["Transcription:Pocketsphinx:Timeout"] = "00:02:00",
                ["Summarization:Extractive:MaxSentences"] = "2",
            })
            .Build();
        var services = new ServiceCollection().AddLogging().AddOfflineSpeechEngines(configuration);
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<PocketsphinxTranscriber>().Provider.ShouldBe("pocketsphinx");
        provider.GetRequiredService<ExtractiveSummarizer>().Provider.ShouldBe("extractive");
        provider.GetService<ITranscriber>().ShouldBeNull();
        provider.GetService<ISummarizer>().ShouldBeNull();
        var options = provider.GetRequiredService<IOptions<PocketsphinxOptions>>().Value;
        options.FfmpegPath.ShouldBe("/opt/ffmpeg/bin/ffmpeg");
        options.ModelPath.ShouldBe("/usr/share/pocketsphinx/model/en-us");
        options.Timeout.ShouldBe(TimeSpan.FromMinutes(2));
        provider.GetRequiredService<IOptions<ExtractiveSummarizerOptions>>().Value.MaxSentences.ShouldBe(2);
    }

    private static bool IsRunning(int pid)
    {
        // A process that is gone, or dead and waiting to be reaped (state Z), is not running.
        var stat = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static IEnumerable<int> ProcessesWithArgument(string argument)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(dir, "cmdline"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (commandLine.Contains(argument, StringComparison.Ordinal) && IsRunning(pid))
            {
                yield return pid;
            }
        }
    }

    private static Task WaitUntilAsync(Func<bool> condition, string failure) => Eventually.TrueAsync(condition, failure, TimeSpan.FromSeconds(10));
}
