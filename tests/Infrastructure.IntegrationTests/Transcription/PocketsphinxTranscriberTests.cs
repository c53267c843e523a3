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
/// The real engine: Debian's ffmpeg piped into pocketsphinx_continuous with pocketsphinx-en-us, on a human recording
/// from pocketsphinx-testdata. Missing packages fail these tests, they are not skipped.
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
    public async Task ReportsTheTimesOfEachWordInsideItsSegment()
    {
        var duration = GoForwardSeconds();
        var mp3 = await GoForwardMp3Async();

        var transcript = await NewTranscriber().TranscribeFileAsync(mp3, CancellationToken.None);

        // This recording is recognised exactly: its words, no filler, and no alternative-pronunciation mark.
        var segment = transcript.Segments.ShouldHaveSingleItem();
        var words = segment.Words.ShouldNotBeNull();
        words.Select(w => w.Text).ShouldBe(["go", "forward", "ten", "meters"]);
        segment.Text.ShouldBe("go forward ten meters");
        segment.StartSeconds.ShouldBe(words[0].StartSeconds);
        segment.EndSeconds.ShouldBe(words[^1].EndSeconds);
        for (var i = 0; i < words.Count; i++)
        {
            words[i].StartSeconds.ShouldBeLessThan(words[i].EndSeconds, words[i].Text);
            words[i].StartSeconds.ShouldBeGreaterThanOrEqualTo(segment.StartSeconds);
            words[i].EndSeconds.ShouldBeLessThanOrEqualTo(segment.EndSeconds);
            if (i > 0)
            {
                words[i].StartSeconds.ShouldBeGreaterThanOrEqualTo(words[i - 1].EndSeconds, words[i].Text);
            }
        }

        // Where the words are (pocketsphinx on the raw file says go 0.46-0.63, forward 0.64-1.16, ten 1.17-1.52,
        // meters 1.53-2.11; the mp3 encoding may shift them by a frame or two).
        words[0].StartSeconds.ShouldBeInRange(0.3, 0.6);
        words[1].StartSeconds.ShouldBeInRange(0.5, 0.8);
        words[1].EndSeconds.ShouldBeInRange(1.0, 1.3);
        words[3].EndSeconds.ShouldBeInRange(1.9, duration);
    }

    [Fact]
    public async Task WordTimesAreFromTheStartOfTheRecordingInEveryUtterance()
    {
        var duration = GoForwardSeconds();
        var wav = Path.Combine(_root, "goforward.wav");
        await FfmpegAsync("-f", "s16le", "-ar", "16000", "-ac", "1", "-i", GoForwardRaw, wav);
        var twice = Path.Combine(_root, "twice.wav");
        await FfmpegAsync("-i", wav, "-i", wav, "-filter_complex", "[0]apad=pad_dur=3[a];[a][1]concat=n=2:v=0:a=1", twice);

        var transcript = await NewTranscriber().TranscribeFileAsync(twice, CancellationToken.None);

        transcript.Segments.Count.ShouldBe(2, transcript.Text);
        var (first, second) = (transcript.Segments[0].Words.ShouldNotBeNull(), transcript.Segments[1].Words.ShouldNotBeNull());
        first.Select(w => w.Text).ShouldBe(["go", "forward", "ten", "meters"]);
        second.Select(w => w.Text).ShouldBe(["go", "forward", "ten", "meters"]);
        for (var i = 0; i < 4; i++)
        {
            // The same word, one copy and three seconds of silence later (within two 10 ms frames).
            second[i].StartSeconds.ShouldBe(first[i].StartSeconds + duration + 3, 0.03, second[i].Text);
        }
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
    public async Task AMissingPocketsphinxIsAClearError()
    {
        var mp3 = await GoForwardMp3Async();
        var transcriber = NewTranscriber(o => o.PocketsphinxPath = "/nonexistent/bin/pocketsphinx_continuous");

        var ex = await Should.ThrowAsync<InvalidOperationException>(() => transcriber.TranscribeFileAsync(mp3, CancellationToken.None));

        ex.Message.ShouldContain("pocketsphinx could not be started");
        ex.Message.ShouldContain("/nonexistent/bin/pocketsphinx_continuous");
        ex.Message.ShouldContain("Transcription:Pocketsphinx:PocketsphinxPath");
    }

    [Fact]
    public async Task ABrokenModelFailsWithPocketsphinxsErrorLines()
    {
        var mp3 = await GoForwardMp3Async();
        // Every file is there, but the language model is not one.
        var model = Path.Combine(_root, "broken-model");
        Directory.CreateDirectory(model);
        const string Installed = "/usr/share/pocketsphinx/model/en-us";
        File.CreateSymbolicLink(Path.Combine(model, "en-us"), Path.Combine(Installed, "en-us"));
        File.CreateSymbolicLink(Path.Combine(model, "cmudict-en-us.dict"), Path.Combine(Installed, "cmudict-en-us.dict"));
        await File.WriteAllTextAsync(Path.Combine(model, "en-us.lm.bin"), "not a language model");

        var ex = await Should.ThrowAsync<InvalidOperationException>(
            () => NewTranscriber(o => o.ModelPath = model).TranscribeFileAsync(mp3, CancellationToken.None));

        ex.Message.ShouldContain("pocketsphinx failed");
        ex.Message.ShouldContain("exit code");
        ex.Message.ShouldContain("is not a dump file"); // pocketsphinx's ERROR line
        ex.Message.ShouldNotContain("INFO:");
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

        ex.Message.ShouldContain("ffmpeg failed");
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
        // The tools under names of this test's own, so that their processes can be told from any other running.
        var ffmpeg = Path.Combine(_root, "ffmpeg-of-the-time-limit-test");
        File.CreateSymbolicLink(ffmpeg, "/usr/bin/ffmpeg");
        var pocketsphinx = Path.Combine(_root, "pocketsphinx-of-the-time-limit-test");
        File.CreateSymbolicLink(pocketsphinx, "/usr/bin/pocketsphinx_continuous");
        var transcriber = NewTranscriber(o =>
            (o.Timeout, o.FfmpegPath, o.PocketsphinxPath) = (TimeSpan.FromMilliseconds(500), ffmpeg, pocketsphinx));

        var ex = await Should.ThrowAsync<TimeoutException>(() => transcriber.TranscribeFileAsync(wav, CancellationToken.None));

        ex.Message.ShouldContain("Transcription:Pocketsphinx:Timeout");
        await WaitUntilAsync(() => !ProcessesWithArgument(ffmpeg).Any(), "ffmpeg survived the time limit");
        await WaitUntilAsync(() => !ProcessesWithArgument(pocketsphinx).Any(), "pocketsphinx survived the time limit");
    }

    [Fact]
    public void FfmpegReadsTheRecordingFromStandardInputAndNothingElse()
    {
        var arguments = PocketsphinxTranscriber.BuildDecoderArguments().ToList();

        arguments[arguments.IndexOf("-i") + 1].ShouldBe("pipe:0");
        arguments[arguments.IndexOf("-protocol_whitelist") + 1].ShouldBe("pipe");
        var filters = arguments[arguments.IndexOf("-af") + 1];
        filters.ShouldBe("aresample=16000,aformat=sample_fmts=s16:channel_layouts=mono,apad=pad_dur=1");
        arguments[^7..].ShouldBe(["-f", "s16le", "-ar", "16000", "-ac", "1", "pipe:1"]);
        PocketsphinxTranscriber.BuildDecoderArguments(channel: 2)[arguments.IndexOf("-af") + 1]
            .ShouldStartWith("pan=mono|c0=c1,aresample=16000");
    }

    [Fact]
    public void PocketsphinxReadsStandardInputAndPrintsWordTimes()
    {
        NewTranscriber().BuildRecognizerArguments().ShouldBe(
        [
            "-infile", "/dev/stdin", "-time", "yes", "-samprate", "16000",
            "-hmm", "/usr/share/pocketsphinx/model/en-us/en-us",
            "-lm", "/usr/share/pocketsphinx/model/en-us/en-us.lm.bin",
            "-dict", "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict",
        ]);
    }

    [Fact]
    public void TheEnginesAreRegisteredAsThemselvesOnly()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Transcription:Pocketsphinx:FfmpegPath"] = "/opt/ffmpeg/bin/ffmpeg",
                ["Transcription:Pocketsphinx:PocketsphinxPath"] = "/opt/sphinx/bin/pocketsphinx_continuous",
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
        options.PocketsphinxPath.ShouldBe("/opt/sphinx/bin/pocketsphinx_continuous");
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
