using Recordings.Domain.Calls;
using System.Net;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.IntegrationTests.Support;
using Recordings.Infrastructure.Transcription;

namespace Recordings.Infrastructure.IntegrationTests.Transcription;

/// <summary>The <c>openai</c> transcriber (OpenAI SDK) against a stub OpenAI-compatible server on loopback HTTP.</summary>
public sealed class OpenAiTranscriberTests : IAsyncLifetime
{
    private const string ApiKey = "sk-test-0123456789abcdef";

    private const string VerboseAnswer = """
        {
          "task": "transcribe",
          "language": "hebrew",
          "duration": 7.5,
          "text": "  שלום, אני מתקשר בקשר להזמנה.  רוצה לבטל אותה. ",
          "segments": [
            { "id": 0, "seek": 0, "start": 0.0, "end": 3.2, "text": " שלום, אני מתקשר בקשר להזמנה.", "tokens": [1, 2],
              "temperature": 0.0, "avg_logprob": -0.2, "compression_ratio": 1.1, "no_speech_prob": 0.01 },
            { "id": 1, "seek": 320, "start": 3.2, "end": 7.48, "text": " רוצה לבטל אותה. ", "tokens": [3],
              "temperature": 0.0, "avg_logprob": -0.3, "compression_ratio": 1.2, "no_speech_prob": 0.02 }
          ]
        }
        """;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "recordings-openai-tests", Guid.NewGuid().ToString("N"));
    private OpenAiStubServer _server = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        _server = await OpenAiStubServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private OpenAiTranscriber Transcriber(Action<OpenAiTranscriptionOptions>? configure = null)
    {
        var options = new OpenAiTranscriptionOptions { BaseUrl = _server.BaseUrl, ApiKey = ApiKey, Model = "whisper-1", Language = "he" };
        configure?.Invoke(options);
        return new OpenAiTranscriber(Options.Create(options), NullLogger<OpenAiTranscriber>.Instance);
    }

    private string AudioFile(int length = 64_000, string name = "CA0123.mp3")
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        var path = Path.Combine(_root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public async Task PostsTheFileAsMultipartWithModelLanguageAndVerboseJsonSegmentsAndWords()
    {
        var path = AudioFile();
        _server.EnqueueJson(200, VerboseAnswer);

        await Transcriber().TranscribeFileAsync(path, CancellationToken.None);

        var request = _server.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("POST");
        request.Path.ShouldBe("/v1/audio/transcriptions");
        request.Header("Authorization").ShouldBe($"Bearer {ApiKey}");
        request.Header("Content-Type").ShouldNotBeNull().ShouldStartWith("multipart/form-data");
        request.Field("model").ShouldBe("whisper-1");
        request.Field("language").ShouldBe("he");
        request.Field("response_format").ShouldBe("verbose_json");
        request.Form["timestamp_granularities[]"].ShouldBe(["segment", "word"], ignoreOrder: true);
        var file = request.Files.ShouldHaveSingleItem();
        file.FieldName.ShouldBe("file");
        file.FileName.ShouldBe(OpenAiTranscriber.UploadFileName);
        file.Bytes.ShouldBe(await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task MapsTheAnswersSegmentsTextAndLanguage()
    {
        _server.EnqueueJson(200, VerboseAnswer);

        var transcript = await Transcriber().TranscribeFileAsync(AudioFile(), CancellationToken.None);

        transcript.Language.ShouldBe("he");
        transcript.Text.ShouldBe("שלום, אני מתקשר בקשר להזמנה.  רוצה לבטל אותה.");
        transcript.Segments.Count.ShouldBe(2);
        transcript.Segments[0].ShouldBe(new TranscriptSegment(0.0, 3.2, null, "שלום, אני מתקשר בקשר להזמנה."));
        transcript.Segments[1].StartSeconds.ShouldBe(3.2, 0.001);
        transcript.Segments[1].EndSeconds.ShouldBe(7.48, 0.001);
        transcript.Segments[1].Text.ShouldBe("רוצה לבטל אותה.");
        transcript.Segments[1].Speaker.ShouldBeNull();
    }

    [Fact]
    public async Task AnAnswerWithoutWords_GivesSegmentsWithoutWords()
    {
        // whisper.cpp's server, for one, may leave the words out.
        _server.EnqueueJson(200, VerboseAnswer);

        var transcript = await Transcriber().TranscribeFileAsync(AudioFile(), CancellationToken.None);

        transcript.Segments.Count.ShouldBe(2);
        transcript.Segments.ShouldAllBe(s => s.Words == null);
    }

    [Fact]
    public async Task PutsEachOfTheAnswersWordsIntoTheSegmentThatHoldsItsMiddle()
    {
        // As OpenAI answers both granularities: "words" at the top level, beside "segments". The times are floats as
        // OpenAI writes them; one word straddles the segments' boundary, two lie outside every segment.
        _server.EnqueueJson(200, """
            {
              "task": "transcribe", "language": "english", "duration": 9.0,
              "text": "My card number is four one one one. Thanks.",
              "segments": [
                { "id": 0, "start": 0.5, "end": 4.0, "text": " My card number is four" },
                { "id": 1, "start": 4.0, "end": 6.2, "text": " one one one." },
                { "id": 2, "start": 7.0, "end": 8.0, "text": " Thanks." }
              ],
              "words": [
                { "word": "My", "start": 0.30000001192092896, "end": 0.7599999904632568 },
                { "word": "card", "start": 0.76, "end": 1.1 },
                { "word": "number", "start": 1.1, "end": 1.5 },
                { "word": "is", "start": 1.5, "end": 1.7 },
                { "word": "four", "start": 3.5, "end": 4.3 },
                { "word": "one", "start": 3.9, "end": 4.5 },
                { "word": "one", "start": 4.5, "end": 5.0 },
                { "word": "one", "start": 5.0, "end": 6.5 },
                { "word": " Thanks", "start": 6.7, "end": 7.4 },
                { "word": "bye", "start": 8.6, "end": 9.0 }
              ]
            }
            """);

        var transcript = await Transcriber().TranscribeFileAsync(AudioFile(), CancellationToken.None);

        transcript.Segments.Select(s => s.Text).ShouldBe(["My card number is four", "one one one.", "Thanks."]);
        transcript.Segments[0].Words.ShouldBe(
        [
            new TranscriptWord(0.3, 0.76, "My"), new TranscriptWord(0.76, 1.1, "card"), new TranscriptWord(1.1, 1.5, "number"),
            new TranscriptWord(1.5, 1.7, "is"), new TranscriptWord(3.5, 4.3, "four"), // its middle, 3.9, is in the first
        ]);
        transcript.Segments[1].Words.ShouldBe(
        [
            new TranscriptWord(3.9, 4.5, "one"), new TranscriptWord(4.5, 5.0, "one"), new TranscriptWord(5.0, 6.5, "one"),
        ]);
        // "Thanks" (middle 7.05) is in the third; "bye" (8.8) is after every segment: the nearest, the third, takes it.
        transcript.Segments[2].Words.ShouldBe([new TranscriptWord(6.7, 7.4, "Thanks"), new TranscriptWord(8.6, 9.0, "bye")]);
    }

    [Fact]
    public async Task WordsWithoutSegments_GoToTheOneSegmentOverTheDuration()
    {
        // OpenAI asked for words alone answers no segments; the one segment spanning the recording takes them all.
        _server.EnqueueJson(200, """
            {"language":"en","duration":2.8,"text":"go forward",
             "words":[{"word":"go","start":0.46,"end":0.63},{"word":"forward","start":0.64,"end":1.16}]}
            """);

        var transcript = await Transcriber().TranscribeFileAsync(AudioFile(), CancellationToken.None);

        var segment = transcript.Segments.ShouldHaveSingleItem();
        (segment.StartSeconds, segment.EndSeconds, segment.Text).ShouldBe((0, 2.8, "go forward"));
        segment.Words.ShouldBe([new TranscriptWord(0.46, 0.63, "go"), new TranscriptWord(0.64, 1.16, "forward")]);
    }

    [Fact]
    public async Task UnusableWordsAreLeftOut_TheRestKept()
    {
        _server.EnqueueJson(200, """
            {
              "language": "en", "duration": 4.0, "text": "go forward ten meters",
              "segments": [ { "id": 0, "start": 0.0, "end": 4.0, "text": "go forward ten meters" } ],
              "words": [
                { "word": "go", "start": 0.4, "end": 0.6 },
                { "word": "   ", "start": 0.6, "end": 0.7 },
                { "start": 0.7, "end": 0.8 },
                { "word": null, "start": 0.8, "end": 0.9 },
                { "word": "backwards", "start": 2.0, "end": 1.0 },
                { "word": "never", "start": -1.0, "end": 0.1 },
                { "word": "forward", "start": 0.65, "end": 1.16 },
                { "word": "ten", "start": 1.17, "end": 1.52 },
                { "word": "meters", "start": 1.53, "end": 2.11 }
              ]
            }
            """);

        var transcript = await Transcriber().TranscribeFileAsync(AudioFile(), CancellationToken.None);

        transcript.Segments.ShouldHaveSingleItem().Words.ShouldNotBeNull().Select(w => w.Text)
            .ShouldBe(["go", "forward", "ten", "meters"]);
    }

    [Theory]
    [InlineData("""[ { "word": "go", "start": "soon", "end": 0.6 } ]""")]
    [InlineData("""[ { "word": 42, "start": 0.1, "end": 0.6 } ]""")]
    [InlineData("""[ "go", 0.1, 0.6 ]""")]
    [InlineData("\"go\"")]
    [InlineData("null")]
    [InlineData("{}")]
    public async Task MalformedWords_DoNotFailTheTranscript(string words)
    {
        _server.EnqueueJson(200, $$"""
            {
              "language": "en", "duration": 4.0, "text": "go forward",
              "segments": [ { "id": 0, "start": 0.0, "end": 4.0, "text": "go forward" } ],
              "words": {{words}}
            }
            """);

        var transcript = await Transcriber().TranscribeFileAsync(AudioFile(), CancellationToken.None);

        var segment = transcript.Segments.ShouldHaveSingleItem();
        segment.Text.ShouldBe("go forward");
        segment.Words.ShouldBeNull();
    }

    [Fact]
    public async Task WithoutLanguageOrKey_LetsTheModelDetectAndSendsAPlaceholderToken()
    {
        _server.EnqueueJson(200, """
            {"language":"english","duration":2.0,"text":"Go forward ten meters.",
             "segments":[{"id":0,"start":0.25,"end":1.9,"text":" Go forward ten meters."}]}
            """);

        var transcript = await Transcriber(o => (o.Language, o.ApiKey) = (null, "")).TranscribeFileAsync(AudioFile(), CancellationToken.None);

        var request = _server.Requests.ShouldHaveSingleItem();
        request.Form.ContainsKey("language").ShouldBeFalse();
        request.Header("Authorization").ShouldBe("Bearer unused");
        transcript.Language.ShouldBe("en");
        transcript.Segments.ShouldHaveSingleItem().ShouldBe(new TranscriptSegment(0.25, 1.9, null, "Go forward ten meters."));
    }

    [Fact]
    public async Task AServerThatAnswersCodesAndNoSegments_GivesOneSegmentOverTheDuration()
    {
        // e.g. a server that ignores verbose_json's segments but still reports duration and language as a code.
        _server.EnqueueJson(200, """{"language":"he","duration":4.0,"text":" שלום "}""");

        var transcript = await Transcriber().TranscribeFileAsync(AudioFile(), CancellationToken.None);

        transcript.Language.ShouldBe("he");
        transcript.Text.ShouldBe("שלום");
        transcript.Segments.ShouldHaveSingleItem().ShouldBe(new TranscriptSegment(0, 4.0, null, "שלום"));
    }

    [Fact]
    public async Task AServerError_FailsWithTheStatusAndTheServersMessage_WithoutRetrying()
    {
        _server.EnqueueError(500, "The model crashed.");
        _server.EnqueueJson(200, VerboseAnswer); // Would be taken by an SDK retry.

        var error = await Should.ThrowAsync<HttpRequestException>(() => Transcriber().TranscribeFileAsync(AudioFile(), CancellationToken.None));

        error.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        error.Message.ShouldBe("The transcription endpoint answered HTTP 500 (Internal Server Error): The model crashed.");
        error.Message.ShouldNotContain(ApiKey);
        _server.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task AnUnauthorizedAnswer_NeverRepeatsTheKeyAndPointsAtTheSetting()
    {
        _server.EnqueueError(401, $"Incorrect API key provided: {ApiKey}.");

        var error = await Should.ThrowAsync<HttpRequestException>(() => Transcriber().TranscribeFileAsync(AudioFile(), CancellationToken.None));

        error.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        error.Message.ShouldContain("HTTP 401");
        error.Message.ShouldContain("Transcription:OpenAI:ApiKey");
        error.Message.ShouldNotContain(ApiKey);
    }

    [Fact]
    public async Task ANotFoundAnswer_PointsAtTheBaseUrl()
    {
        _server.EnqueueJson(404, """{"detail":"Not Found"}""");

        var error = await Should.ThrowAsync<HttpRequestException>(
            () => Transcriber(o => o.BaseUrl = _server.Origin).TranscribeFileAsync(AudioFile(), CancellationToken.None));

        _server.Requests.ShouldHaveSingleItem().Path.ShouldBe("/audio/transcriptions");
        error.Message.ShouldContain("HTTP 404");
        error.Message.ShouldContain("Not Found");
        error.Message.ShouldContain("Transcription:OpenAI:BaseUrl");
    }

    [Fact]
    public async Task A413_SaysTheFileIsTooLarge()
    {
        _server.EnqueueError(413, "Maximum content size limit (26214400) exceeded.");

        var error = await Should.ThrowAsync<HttpRequestException>(() => Transcriber().TranscribeFileAsync(AudioFile(), CancellationToken.None));

        error.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        error.Message.ShouldContain("413");
        error.Message.ShouldContain("too large");
        error.Message.ShouldContain("MaxFileBytes");
    }

    [Fact]
    public async Task AFileOverTheLimit_FailsBeforeAnyRequest()
    {
        var path = AudioFile(length: 1_001);

        var error = await Should.ThrowAsync<InvalidOperationException>(
            () => Transcriber(o => o.MaxFileBytes = 1_000).TranscribeFileAsync(path, CancellationToken.None));

        error.Message.ShouldContain("1,001 bytes");
        error.Message.ShouldContain("Transcription:OpenAI:MaxFileBytes");
        _server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task AFileAtTheLimit_IsSent()
    {
        _server.EnqueueJson(200, VerboseAnswer);

        await Transcriber(o => o.MaxFileBytes = 1_000).TranscribeFileAsync(AudioFile(length: 1_000), CancellationToken.None);

        _server.Requests.ShouldHaveSingleItem().Files.ShouldHaveSingleItem().Bytes.Length.ShouldBe(1_000);
    }

    [Fact]
    public async Task ASlowServer_FailsWithATimeoutNamingTheSetting()
    {
        _server.EnqueueJson(200, VerboseAnswer, delay: TimeSpan.FromSeconds(30));

        var error = await Should.ThrowAsync<TimeoutException>(
            () => Transcriber(o => o.RequestTimeout = TimeSpan.FromMilliseconds(500)).TranscribeFileAsync(AudioFile(), CancellationToken.None));

        error.Message.ShouldContain("Transcription:OpenAI:RequestTimeout");
    }

    [Fact]
    public async Task AnUnreachableEndpoint_FailsClearly()
    {
        var origin = _server.Origin;
        await _server.DisposeAsync();
        _server = await OpenAiStubServer.StartAsync(); // For DisposeAsync; the old port is closed now.

        var error = await Should.ThrowAsync<HttpRequestException>(
            () => Transcriber(o => o.BaseUrl = origin + "/v1").TranscribeFileAsync(AudioFile(), CancellationToken.None));

        error.Message.ShouldContain("could not be reached");
        error.StatusCode.ShouldBeNull();
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1/v1")]
    [InlineData("/v1")]
    public async Task AnInvalidBaseUrl_FailsAtUseNamingTheSetting(string baseUrl)
    {
        var transcriber = Transcriber(o => o.BaseUrl = baseUrl); // Constructing it does not throw.

        var error = await Should.ThrowAsync<InvalidOperationException>(() => transcriber.TranscribeFileAsync(AudioFile(), CancellationToken.None));

        error.Message.ShouldContain("Transcription:OpenAI:BaseUrl");
        _server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task AnEmptyModel_FailsAtUseNamingTheSetting()
    {
        var error = await Should.ThrowAsync<InvalidOperationException>(
            () => Transcriber(o => o.Model = " ").TranscribeFileAsync(AudioFile(), CancellationToken.None));

        error.Message.ShouldContain("Transcription:OpenAI:Model");
    }

    [Fact]
    public async Task TheConfigurationKeys_ReachTheRequest()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Transcription:OpenAI:BaseUrl"] = _server.BaseUrl + "/",
            ["Transcription:OpenAI:ApiKey"] = ApiKey,
            ["Transcription:OpenAI:Model"] = "large-v3",
            ["Transcription:OpenAI:Language"] = "he",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddOpenAiSpeechEngines(configuration);
        await using var provider = services.BuildServiceProvider();
        _server.EnqueueJson(200, VerboseAnswer);

        var transcriber = provider.GetRequiredService<OpenAiTranscriber>();
        await transcriber.TranscribeFileAsync(AudioFile(), CancellationToken.None);

        transcriber.Provider.ShouldBe("openai");
        provider.GetService<ITranscriber>().ShouldBeNull();
        var request = _server.Requests.ShouldHaveSingleItem();
        request.Path.ShouldBe("/v1/audio/transcriptions");
        request.Header("Authorization").ShouldBe($"Bearer {ApiKey}");
        request.Field("model").ShouldBe("large-v3");
        request.Field("language").ShouldBe("he");
    }

    [Theory]
    [InlineData("hebrew", "he")]
    [InlineData("English", "en")]
    [InlineData("he", "he")]
    [InlineData("iw", "he")]
    [InlineData(" ARABIC ", "ar")]
    [InlineData("klingon", "klingon")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void NormalizesWhisperLanguageNamesToCodes(string? reported, string? expected)
    {
        OpenAiTranscriber.NormalizeLanguage(reported).ShouldBe(expected);
    }
}
