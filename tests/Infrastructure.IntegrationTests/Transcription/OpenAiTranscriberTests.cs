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
    public async Task PostsTheFileAsMultipartWithModelLanguageAndVerboseJsonSegments()
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
        request.Field("timestamp_granularities[]").ShouldBe("segment");
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
