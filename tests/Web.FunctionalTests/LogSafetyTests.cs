using System.Globalization;
using System.Net;
using Recordings.Web.FunctionalTests.Support;
using Recordings.Web.Infrastructure;
using Serilog.Events;
using Serilog.Parsing;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// Nothing a client sends can write a line of its own into the log, reorder what an operator reads, or fill the log:
/// values from requests reach it escaped and cut, whoever logs them.
/// </summary>
public sealed class LogSafetyTests(RecordingsApiFactory factory) : ApiTest(factory)
{
    private static string Rendered(LogEvent logEvent)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        new SafeConsoleFormatter(CultureInfo.InvariantCulture).Format(logEvent, output);
        return output.ToString();
    }

    private async Task<LogEvent> RequestLogOfAsync(string pathContains)
    {
        LogEvent? found = null;
        await Eventually.TrueAsync(() =>
        {
            found = Factory.Logs.All().FirstOrDefault(e => e.Properties.TryGetValue("RequestPath", out var p)
                && p is ScalarValue { Value: string path } && path.Contains(pathContains, StringComparison.Ordinal));
            return Task.FromResult(found is not null);
        }, $"the request log of a path with {pathContains}");
        return found!;
    }

    [Fact]
    public async Task ANewlineInThePathCannotForgeALogLine()
    {
        using var client = Factory.CreateClient();

        using var response = await client.GetAsync("/api/calls/CA%0A[01:00:00%20ERR]%20Forged");

        var logged = await RequestLogOfAsync("Forged");
        var path = ((ScalarValue)logged.Properties["RequestPath"]).Value as string;
        path.ShouldBe("/api/calls/CA\\n[01:00:00 ERR] Forged");
        var lines = Rendered(logged).Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldHaveSingleItem().ShouldContain("CA\\n[01:00:00 ERR] Forged");
    }

    [Fact]
    public async Task ARightToLeftOverrideInThePathIsWrittenAsAnEscape()
    {
        using var client = Factory.CreateClient();

        using var response = await client.GetAsync("/api/calls/CA%E2%80%AEdegroF");

        var logged = Rendered(await RequestLogOfAsync("degroF"));
        logged.ShouldNotContain('\u202E');
        logged.ShouldContain("CA\\u202EdegroF");
    }

    [Fact]
    public async Task AnUnsignedWebhookWithAHugeUrlLogsItsPathAndAHashNotTheUrl()
    {
        Factory.Logs.Clear();
        using var client = Factory.CreateClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["AccountSid"] = RecordingsApiFactory.AccountSid });

        using var response = await client.PostAsync("/api/webhooks/twilio/call-status?padding=" + new string('x', 7_000), form);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "invalid_signature");
        var warning = Factory.Logs.All().Single(e => e.Level == LogEventLevel.Warning
            && e.MessageTemplate.Text.Contains("Twilio webhook", StringComparison.Ordinal));
        var rendered = Rendered(warning);
        rendered.Length.ShouldBeLessThan(400);
        rendered.ShouldContain("/api/webhooks/twilio/call-status");
        rendered.ShouldNotContain("xxxxxxxxxx");
    }

    [Fact]
    public void ControlCharactersBidiControlsAndLoneSurrogatesAreEscaped()
    {
        SafeLogValues.Escape("a\r\nb\tc\u0000d\u001be\u007f").ShouldBe("a\\r\\nb\\tc\\u0000d\\u001Be\\u007F");
        SafeLogValues.Escape("\u202Eabc\u2066\u200F\u061C").ShouldBe("\\u202Eabc\\u2066\\u200F\\u061C");
        SafeLogValues.Escape("x\uD83D").ShouldBe("x\\uD83D");
        SafeLogValues.Escape("\uDE00x").ShouldBe("\\uDE00x");
    }

    [Fact]
    public void HebrewAndEmojiAreKeptAsTheyAre()
    {
        const string Text = "שלום עולם \U0001F600 Dana";
        SafeLogValues.Escape(Text).ShouldBeSameAs(Text);
    }

    [Fact]
    public void ALongValueIsCutAndSaysHowLongItWas()
    {
        var escaped = SafeLogValues.Escape(new string('a', 30_000));

        escaped.ShouldStartWith(new string('a', SafeLogValues.MaxLength));
        escaped.ShouldEndWith("… (30000 characters)");
        escaped.Length.ShouldBeLessThan(SafeLogValues.MaxLength + 40);
    }

    [Fact]
    public void EveryValueOfAnEventIsMadeSafeNestedOnesToo()
    {
        var logEvent = new LogEvent(DateTimeOffset.UnixEpoch, LogEventLevel.Information, null,
            new MessageTemplateParser().Parse("{Path} {Form} {Headers}"),
            [
                new LogEventProperty("Path", new ScalarValue(new TextOf("/a\nb"))),
                new LogEventProperty("Form", new SequenceValue([new ScalarValue("x\ny")])),
                new LogEventProperty("Headers", new StructureValue([new LogEventProperty("UserAgent", new ScalarValue("\u202Eua"))])),
            ]);

        new SafeLogValues().Enrich(logEvent, null!);

        var rendered = Rendered(logEvent);
        rendered.ShouldNotContain('\u202E');
        rendered.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).ShouldHaveSingleItem();
        rendered.ShouldContain("/a\\nb");
        // Nested values are rendered as JSON, which escapes the escape's backslash once more.
        rendered.ShouldContain("x\\\\ny");
        rendered.ShouldContain("\\\\u202Eua");
    }

    /// <summary>An object logged as itself, whose text is unsafe.</summary>
    private sealed class TextOf(string text)
    {
        public override string ToString() => text;
    }

    [Fact]
    public void AnExceptionIsWrittenIndentedAndEscapedUnderItsLine()
    {
        var logEvent = new LogEvent(DateTimeOffset.UnixEpoch, LogEventLevel.Error, new InvalidOperationException("bad\n[01:00:00 ERR] Forged \u202E"),
            new MessageTemplateParser().Parse("Failed"), []);

        var lines = Rendered(logEvent).Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

        lines[0].ShouldStartWith("[");
        lines.Skip(1).ShouldAllBe(line => line.StartsWith("    ", StringComparison.Ordinal));
        string.Concat(lines).ShouldNotContain('\u202E');
    }
}
