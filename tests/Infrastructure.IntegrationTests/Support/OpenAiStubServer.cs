using System.Net;
using System.Text;
using System.Text.Json;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Recordings.Infrastructure.IntegrationTests.Support;

/// <summary>
/// A stand-in for an OpenAI-compatible API on real loopback HTTP (Kestrel on 127.0.0.1, a free port). It records
/// every request in full (method, path, headers, then either the multipart form's fields and file or the body as
/// text) after reading all of it, and answers with the next scripted <see cref="OpenAiStubAnswer"/>, or with a 500
/// once the script is empty. The OpenAI SDK appends <c>/audio/transcriptions</c> and <c>/chat/completions</c> to the
/// endpoint it is given, so engines are pointed at <see cref="BaseUrl"/> (<c>http://127.0.0.1:port/v1</c>).
/// </summary>
public sealed class OpenAiStubServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Queue<OpenAiStubAnswer> _answers = new();
    private readonly List<OpenAiStubRequest> _requests = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _lock = new();

    private OpenAiStubServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The origin, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Origin { get; private set; } = string.Empty;

    /// <summary>What an engine's <c>BaseUrl</c> is set to: <see cref="Origin"/> + <c>/v1</c>, as for OpenAI.</summary>
    public string BaseUrl => Origin + "/v1";

    /// <summary>Every request so far, in order of arrival.</summary>
    public IReadOnlyList<OpenAiStubRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<OpenAiStubServer> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new OpenAiStubServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.Single()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        server.Origin = address.TrimEnd('/');
        return server;
    }

    /// <summary>Queues the answer to the next request.</summary>
    public void Enqueue(OpenAiStubAnswer answer)
    {
        lock (_lock)
        {
            _answers.Enqueue(answer);
        }
    }

    /// <summary>Queues a JSON answer to the next request.</summary>
    public void EnqueueJson(int status, string json, TimeSpan? delay = null) =>
        Enqueue(new OpenAiStubAnswer(status, json, "application/json", delay ?? TimeSpan.Zero));

    /// <summary>Queues OpenAI's error shape: <c>{"error":{"message":…,"type":…}}</c>.</summary>
    public void EnqueueError(int status, string message) =>
        EnqueueJson(status, JsonSerializer.Serialize(new { error = new { message, type = "stub_error", code = (string?)null } }));

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Dictionary<string, string[]> form = new(StringComparer.Ordinal);
        List<OpenAiStubFile> files = [];
        string? body = null;

        // Read everything before answering, so that even an error answer reaches the client as an answer.
        if (request.HasFormContentType)
        {
            var read = await request.ReadFormAsync(context.RequestAborted);
            foreach (var field in read)
            {
                form[field.Key] = [.. field.Value.Select(v => v ?? string.Empty)];
            }

            foreach (var file in read.Files)
            {
                using var content = new MemoryStream();
                await file.CopyToAsync(content, context.RequestAborted);
                files.Add(new OpenAiStubFile(file.Name, file.FileName, file.ContentType, content.ToArray()));
            }
        }
        else
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        OpenAiStubAnswer answer;
        lock (_lock)
        {
            _requests.Add(new OpenAiStubRequest(request.Method, request.Path.Value ?? string.Empty, headers, form, files, body));
            answer = _answers.Count > 0
                ? _answers.Dequeue()
                : new OpenAiStubAnswer(500, """{"error":{"message":"The stub has no scripted answer."}}""", "application/json", TimeSpan.Zero);
        }

        if (answer.Delay > TimeSpan.Zero)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                await Task.Delay(answer.Delay, linked.Token);
            }
            catch (OperationCanceledException)
            {
                return; // The client gave up (or the stub is stopping).
            }
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        await context.Response.WriteAsync(answer.Body, context.RequestAborted);
    }
}

/// <summary>A scripted answer: status, body and its content type, after an optional delay.</summary>
public sealed record OpenAiStubAnswer(int Status, string Body, string ContentType, TimeSpan Delay);

/// <summary>A file part of a multipart request.</summary>
public sealed record OpenAiStubFile(string FieldName, string FileName, string? ContentType, byte[] Bytes);

/// <summary>One request as the stub received it.</summary>
/// <param name="Form">The multipart form's text fields (empty for other requests).</param>
/// <param name="Files">The multipart form's files (empty for other requests).</param>
/// <param name="Body">The body as text, for requests that are not forms (the chat's JSON).</param>
public sealed record OpenAiStubRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string[]> Form,
    IReadOnlyList<OpenAiStubFile> Files,
    string? Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>A form field's single value (null if absent; fails if it was sent more than once).</summary>
    public string? Field(string name) => Form.TryGetValue(name, out var values) ? values.Single() : null;

    /// <summary>The body parsed as JSON.</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Body ?? throw new InvalidOperationException("The request had no text body."));
        return document.RootElement.Clone();
    }
}
