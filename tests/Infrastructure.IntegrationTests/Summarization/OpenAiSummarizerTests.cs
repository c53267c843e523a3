using Recordings.Domain.Calls;
using System.Net;
using System.Text.Json;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.IntegrationTests.Support;
using Recordings.Infrastructure.Summarization;
using Recordings.Infrastructure.Transcription;

namespace Recordings.Infrastructure.IntegrationTests.Summarization;

/// <summary>The <c>openai</c> summarizer (IChatClient over the OpenAI SDK) against a stub chat endpoint on loopback HTTP.</summary>
public sealed class OpenAiSummarizerTests : IAsyncLifetime
{
    private const string ApiKey = "sk-chat-test-key-42";

    private static readonly Transcript Hebrew = new(
        "he",
        "שלום, אני מתקשר בקשר להזמנה. רוצה לבטל אותה.",
        [
            new TranscriptSegment(0, 3.2, null, "שלום, אני מתקשר בקשר להזמנה."),
            new TranscriptSegment(65.4, 70, null, "רוצה לבטל אותה."),
        ]);

    private OpenAiStubServer _server = null!;
    private readonly List<OpenAiSummarizer> _summarizers = [];

    public async Task InitializeAsync()
    {
        _server = await OpenAiStubServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var summarizer in _summarizers)
        {
            summarizer.Dispose();
        }

        await _server.DisposeAsync();
    }

    private OpenAiSummarizer Summarizer(Action<OpenAiSummarizationOptions>? configure = null)
    {
        var options = new OpenAiSummarizationOptions { BaseUrl = _server.BaseUrl, ApiKey = ApiKey, Model = "gpt-4o-mini" };
        configure?.Invoke(options);
        var summarizer = new OpenAiSummarizer(Options.Create(options));
        _summarizers.Add(summarizer);
        return summarizer;
    }

    private static string Completion(string? content, string finishReason = "stop") => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-stub",
        @object = "chat.completion",
        created = 1_700_000_000,
        model = "gpt-4o-mini",
        choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = finishReason } },
        usage = new { prompt_tokens = 100, completion_tokens = 20, total_tokens = 120 },
    });

    /// <summary>A message's text, whether sent as a string or as an array of text parts.</summary>
    private static string ContentOf(JsonElement message)
    {
        var content = message.GetProperty("content");
        return content.ValueKind == JsonValueKind.String
            ? content.GetString()!
            : string.Concat(content.EnumerateArray().Select(part => part.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task SendsTheModelInstructionsTranscriptAndALowTemperature()
    {
        _server.EnqueueJson(200, Completion("סיבת השיחה: ביטול הזמנה."));

        await Summarizer().SummarizeAsync(Hebrew, CancellationToken.None);

        var request = _server.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("POST");
        request.Path.ShouldBe("/v1/chat/completions");
        request.Header("Authorization").ShouldBe($"Bearer {ApiKey}");
        var body = request.Json();
        body.GetProperty("model").GetString().ShouldBe("gpt-4o-mini");
        body.GetProperty("temperature").GetDouble().ShouldBe(0.2, 0.0001);

        var messages = body.GetProperty("messages").EnumerateArray().ToList();
        messages.Count.ShouldBe(2);
        messages[0].GetProperty("role").GetString().ShouldBe("system");
        var system = ContentOf(messages[0]);
        system.ShouldContain("exactly three labelled parts");
        system.ShouldContain("Reason for the call");
        system.ShouldContain("Outcome");
        system.ShouldContain("Action items");
        system.ShouldContain("Hebrew");
        system.ShouldContain("\"he\"");
        system.ShouldContain("do not invent");

        messages[1].GetProperty("role").GetString().ShouldBe("user");
        var user = ContentOf(messages[1]);
        user.ShouldContain("[0:00] שלום, אני מתקשר בקשר להזמנה.");
        user.ShouldContain("[1:05] רוצה לבטל אותה.");
    }

    [Fact]
    public async Task ReturnsTheAnswerTrimmed()
    {
        _server.EnqueueJson(200, Completion("\n  Reason for the call: cancel an order.\nOutcome: cancelled.\nAction items: none.  \n"));

        var summary = await Summarizer().SummarizeAsync(Hebrew, CancellationToken.None);

        summary.ShouldBe("Reason for the call: cancel an order.\nOutcome: cancelled.\nAction items: none.");
    }

    [Fact]
    public async Task WithoutALanguage_AsksForTheTranscriptsOwnLanguage_AndSendsTheTextWithoutSegments()
    {
        _server.EnqueueJson(200, Completion("Reason for the call: a question."));

        await Summarizer().SummarizeAsync(new Transcript(null, "Hello, I have a question about my bill.", []), CancellationToken.None);

        var messages = _server.Requests.ShouldHaveSingleItem().Json().GetProperty("messages").EnumerateArray().ToList();
        ContentOf(messages[0]).ShouldContain("the language the transcript is in");
        ContentOf(messages[1]).ShouldEndWith("Hello, I have a question about my bill.");
    }

    [Fact]
    public async Task ALongTranscript_IsCutAtTheConfiguredLength()
    {
        _server.EnqueueJson(200, Completion("Reason for the call: long."));
        var words = string.Join(' ', Enumerable.Repeat("word", 2_000)); // 9,999 characters
        var transcript = new Transcript("en", words, []);

        await Summarizer(o => o.MaxTranscriptCharacters = 1_000).SummarizeAsync(transcript, CancellationToken.None);

        var user = ContentOf(_server.Requests.ShouldHaveSingleItem().Json().GetProperty("messages")[1]);
        user.ShouldContain("first 1,000 characters");
        user.Length.ShouldBeLessThan(1_200);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task AnEmptyAnswer_Fails(string? content)
    {
        _server.EnqueueJson(200, Completion(content, finishReason: "length"));

        var error = await Should.ThrowAsync<InvalidOperationException>(() => Summarizer().SummarizeAsync(Hebrew, CancellationToken.None));

        error.Message.ShouldContain("empty summary");
    }

    [Fact]
    public async Task AnErrorStatus_FailsWithTheStatusAndTheServersMessage_WithoutRetrying()
    {
        _server.EnqueueError(503, "The model is overloaded.");
        _server.EnqueueJson(200, Completion("Would be taken by an SDK retry."));

        var error = await Should.ThrowAsync<HttpRequestException>(() => Summarizer().SummarizeAsync(Hebrew, CancellationToken.None));

        error.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        error.Message.ShouldBe("The chat endpoint answered HTTP 503 (Service Unavailable): The model is overloaded.");
        error.Message.ShouldNotContain(ApiKey);
        _server.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task AnEmptyModel_FailsAtUseNamingTheSetting()
    {
        var summarizer = Summarizer(o => o.Model = "");

        var error = await Should.ThrowAsync<InvalidOperationException>(() => summarizer.SummarizeAsync(Hebrew, CancellationToken.None));

        error.Message.ShouldContain("Summarization:OpenAI:Model");
        _server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task TheConfigurationKeys_ReachTheRequest()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Summarization:OpenAI:BaseUrl"] = _server.BaseUrl,
            ["Summarization:OpenAI:ApiKey"] = ApiKey,
            ["Summarization:OpenAI:Model"] = "llama-3.1-8b-instruct",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddOpenAiSpeechEngines(configuration);
        await using var provider = services.BuildServiceProvider();
        _server.EnqueueJson(200, Completion("Reason for the call: test."));

        var summarizer = provider.GetRequiredService<OpenAiSummarizer>();
        var summary = await summarizer.SummarizeAsync(Hebrew, CancellationToken.None);

        summary.ShouldBe("Reason for the call: test.");
        summarizer.Provider.ShouldBe("openai");
        provider.GetService<ISummarizer>().ShouldBeNull();
        var request = _server.Requests.ShouldHaveSingleItem();
        request.Header("Authorization").ShouldBe($"Bearer {ApiKey}");
        request.Json().GetProperty("model").GetString().ShouldBe("llama-3.1-8b-instruct");
    }
}
