using CliWrap;
using CliWrap.Buffered;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Recordings.Infrastructure.IntegrationTests.Support;
using Recordings.Infrastructure.Transcription;

namespace Recordings.Infrastructure.IntegrationTests.Transcription;

/// <summary>
/// Each channel of a dual-channel recording heard on its own (<see cref="TwoSpeakerAudio"/>: the customer's "go
/// forward ten meters" on channel 1 at 1 s, the agent's numbers on channel 2 at 8 s).
/// </summary>
[Collection(ChannelFilesCollection.Name)]
public sealed class DualChannelTranscriptionTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("recordings-channels-").FullName;
    private string _stereo = string.Empty;
    private OpenAiStubServer _server = null!;

    public async Task InitializeAsync()
    {
        _stereo = Path.Combine(_folder, "two-speakers.mp3");
        await TwoSpeakerAudio.WriteAsync(_stereo);
        _server = await OpenAiStubServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private static PocketsphinxTranscriber Pocketsphinx() =>
        new(Options.Create(new PocketsphinxOptions()), NullLogger<PocketsphinxTranscriber>.Instance);

    [Fact]
    public async Task TheOfflineEngineHearsOnlyTheCustomerOnChannelOne()
    {
        var transcript = await Pocketsphinx().TranscribeFileAsync(_stereo, CancellationToken.None, channel: 1);

        transcript.Text.ShouldContain("forward");
        transcript.Segments.ShouldNotBeEmpty();
        transcript.Segments.ShouldAllBe(s => s.StartSeconds >= 0.9 && s.EndSeconds <= 4.5, "the customer speaks from 1 s to 3.4 s only");
        // The words' times too are the recording's (the channel is not cut, only kept alone).
        var words = transcript.Segments.SelectMany(s => s.Words ?? []).ToList();
        words.Select(w => w.Text).ShouldContain("forward");
        words.ShouldAllBe(w => w.StartSeconds >= 0.9 && w.EndSeconds <= 4.5 && w.StartSeconds < w.EndSeconds);
    }

    [Fact]
    public async Task TheOfflineEngineHearsOnlyTheAgentOnChannelTwo()
    {
        var transcript = await Pocketsphinx().TranscribeFileAsync(_stereo, CancellationToken.None, channel: 2);

        transcript.Text.ShouldNotContain("forward");
        transcript.Segments.ShouldNotBeEmpty();
        transcript.Segments.ShouldAllBe(s => s.StartSeconds >= 7.9 && s.EndSeconds <= 12.5, "the agent speaks from 8.5 s to 11.6 s only");
    }

    [Fact]
    public async Task TheEndpointIsSentTheChannelAsAMonoFileOfItsOwn()
    {
        _server.EnqueueJson(200, """{ "language": "en", "duration": 20, "text": "one two", "segments": [] }""");
        // Left by an earlier process (a killed run): not this transcription's to delete.
        var before = Directory.GetFiles(Path.GetTempPath(), "recordings-channel-*.mp3");

        await new OpenAiTranscriber(
                Options.Create(new OpenAiTranscriptionOptions { BaseUrl = _server.BaseUrl, ApiKey = "sk-test", Model = "whisper-1" }),
                NullLogger<OpenAiTranscriber>.Instance)
            .TranscribeFileAsync(_stereo, CancellationToken.None, channel: 2);

        var sent = Path.Combine(_folder, "sent.mp3");
        await File.WriteAllBytesAsync(sent, _server.Requests.ShouldHaveSingleItem().Files.ShouldHaveSingleItem().Bytes);
        var probe = await Cli.Wrap("ffprobe")
            .WithArguments(["-v", "error", "-show_entries", "stream=channels:format=duration", "-of", "default=nw=1", sent])
            .ExecuteBufferedAsync();
        probe.StandardOutput.ShouldContain("channels=1");
        var level = await Cli.Wrap("ffmpeg")
            .WithArguments(["-hide_banner", "-nostats", "-ss", "1", "-t", "3", "-i", sent, "-af", "volumedetect", "-f", "null", "-"])
            .ExecuteBufferedAsync();
        var maxVolume = System.Text.RegularExpressions.Regex.Match(level.StandardError, @"max_volume: (-?[0-9.]+) dB").Groups[1].Value;
        double.Parse(maxVolume, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBeLessThan(-60, "channel 2 is silent while the customer speaks on channel 1");
        Directory.GetFiles(Path.GetTempPath(), "recordings-channel-*.mp3").Except(before)
            .ShouldBeEmpty("the channel's file is deleted once sent");
    }
}

/// <summary>
/// The tests that send channel files through the OpenAI engine (which writes each channel to a temporary file of the
/// system's temp folder and deletes it) run one after the other: one of them checks that no such file is left.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ChannelFilesCollection
{
    public const string Name = "channel files";
}
