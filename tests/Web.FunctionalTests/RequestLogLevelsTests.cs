using Microsoft.AspNetCore.Http;
using Recordings.Web.Infrastructure;
using Serilog.Events;

namespace Recordings.Web.FunctionalTests;

/// <summary>The request log: a player's many audio reads stay out of it, everything else stays in.</summary>
public sealed class RequestLogLevelsTests
{
    private static LogEventLevel Level(string method, string path, int status, Exception? exception = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Response.StatusCode = status;
        return RequestLogLevels.Of(context, 1.0, exception);
    }

    [Theory]
    [InlineData("GET", 200)]
    [InlineData("GET", 206)]
    [InlineData("GET", 304)]
    [InlineData("HEAD", 200)]
    public void ASuccessfulReadOfTheAudioIsDebug(string method, int status) =>
        Level(method, "/api/recordings/file/CA0123456789abcdef0123456789abcdef", status).ShouldBe(LogEventLevel.Debug);

    [Theory]
    [InlineData("GET", "/api/recordings/file/CA0123456789abcdef0123456789abcdef", 202)]
    [InlineData("GET", "/api/recordings/file/CA0123456789abcdef0123456789abcdef", 404)]
    [InlineData("GET", "/api/recordings/file/CA0123456789abcdef0123456789abcdef", 307)]
    [InlineData("POST", "/api/recordings/CA0123456789abcdef0123456789abcdef/prepare", 200)]
    [InlineData("GET", "/api/calls", 200)]
    [InlineData("POST", "/api/auth/login", 401)]
    public void EverythingElseIsInformation(string method, string path, int status) =>
        Level(method, path, status).ShouldBe(LogEventLevel.Information);

    [Fact]
    public void AFaultOfOursIsAnError()
    {
        Level("GET", "/api/calls", 500).ShouldBe(LogEventLevel.Error);
        Level("GET", "/api/calls", 200, new InvalidOperationException()).ShouldBe(LogEventLevel.Error);
    }

    [Fact]
    public void AFailedDownloadsAnswerIsInformationAndADependencyNotAnsweringAWarning()
    {
        Level("GET", "/api/recordings/file/CA0123456789abcdef0123456789abcdef", 502).ShouldBe(LogEventLevel.Information);
        Level("GET", "/api/recordings/file/CA0123456789abcdef0123456789abcdef", 503).ShouldBe(LogEventLevel.Warning);
    }
}
