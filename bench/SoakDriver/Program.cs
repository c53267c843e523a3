using System.Globalization;
using System.Net;
using System.Text.Json;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

using Recordings.Bench.Soak;
using Recordings.Demo.Twilio;

// SoakDriver PORT ACCOUNT_SID AUTH_TOKEN MONO_MP3 STEREO_MP3 FAIL_RATIO
//
// Serves, on 127.0.0.1:PORT, Twilio for the soak's nodes (FaultyTwilio in front of the project's SimulatedTwilio), a
// stand-in transcription endpoint (POST /v1/audio/transcriptions), and the soak's control endpoints:
//   POST /soak/start?app=URL&to=NUMBER&calls=N&rate=R&players=P&plays=S&seed=X   (header X-Soak-Cookie: the agent's session)
//   POST /soak/twilio-down?seconds=30      Twilio resets every connection for that long
//   POST /soak/mark?name=NAME&phase=start|end   a fault window the script opens and closes (players' 5xx are judged by them)
//   POST /soak/stop-players
//   GET  /soak/stats (JSON)   GET /soak/manifest (call, recording, channels, fate)
//   GET  /soak/downloads (recording, requests, 200s, the first and last 200, every 200: Unix ms)
// and runs until killed.
if (args.Length != 6)
{
    Console.Error.WriteLine("usage: SoakDriver PORT ACCOUNT_SID AUTH_TOKEN MONO_MP3 STEREO_MP3 FAIL_RATIO");
    return 2;
}

var port = int.Parse(args[0], CultureInfo.InvariantCulture);
var (accountSid, authToken) = (args[1], args[2]);
var mono = await File.ReadAllBytesAsync(args[3]);
var stereo = await File.ReadAllBytesAsync(args[4]);
var failRatio = double.Parse(args[5], CultureInfo.InvariantCulture);

await using var inner = await SimulatedTwilio.StartAsync(accountSid, authToken);
var twilio = new FaultyTwilio(inner, failRatio);
var origin = $"http://127.0.0.1:{port}";
using var driver = new Driver(twilio, accountSid, authToken, origin, mono, stereo);

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
    kestrel.Listen(IPAddress.Loopback, port);
});
var app = builder.Build();
var json = new JsonSerializerOptions { WriteIndented = true };

// Whatever none of the endpoints below takes (a fallback route would not: it skips paths with a file extension) is
// Twilio's.
app.Use(async (context, next) =>
{
    if (context.GetEndpoint() is null)
    {
        await twilio.HandleAsync(context);
        return;
    }

    await next(context);
});

app.MapPost("/v1/audio/transcriptions", (HttpContext context) => FaultyTwilio.TranscribeAsync(context, driver.Transcriptions));
app.MapPost("/soak/start", (HttpContext context) =>
{
    var q = context.Request.Query;
    driver.Start(q["app"]!, context.Request.Headers["X-Soak-Cookie"]!, q["to"]!, int.Parse(q["calls"]!, CultureInfo.InvariantCulture),
        double.Parse(q["rate"]!, CultureInfo.InvariantCulture), int.Parse(q["players"]!, CultureInfo.InvariantCulture),
        double.Parse(q["plays"]!, CultureInfo.InvariantCulture), int.Parse(q["seed"]!, CultureInfo.InvariantCulture));
    return Results.NoContent();
});
app.MapPost("/soak/twilio-down", (HttpContext context) =>
{
    var seconds = double.Parse(context.Request.Query["seconds"]!, CultureInfo.InvariantCulture);
    var window = driver.Mark("twilio-down", start: true);
    twilio.GoDown(TimeSpan.FromSeconds(seconds));
    _ = Task.Delay(TimeSpan.FromSeconds(seconds)).ContinueWith(_ => driver.Mark("twilio-down", start: false), TaskScheduler.Default);
    return Results.Text($"down from {window.Start:O} for {seconds} s\n");
});
app.MapPost("/soak/mark", (HttpContext context) =>
{
    var window = driver.Mark(context.Request.Query["name"]!, context.Request.Query["phase"] == "start");
    return Results.Text($"{window.Name} {window.Start:O} {window.End:O}\n");
});
app.MapPost("/soak/stop-players", async () =>
{
    await driver.StopPlayersAsync();
    return Results.NoContent();
});
app.MapGet("/soak/stats", () => Results.Text(JsonSerializer.Serialize(driver.Stats(), json), "application/json"));
app.MapGet("/soak/manifest", () => Results.Text(driver.ManifestTsv(), "text/tab-separated-values"));
app.MapGet("/soak/downloads", () => Results.Text(twilio.DownloadsTsv(), "text/tab-separated-values"));

await app.RunAsync();
return 0;
