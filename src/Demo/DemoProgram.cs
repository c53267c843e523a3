using Recordings.Web;

namespace Recordings.Demo;

/// <summary>
/// The demo host: the product, composed as <c>Program</c> of Recordings.Web composes it, plus demo mode
/// (<c>Demo:Enabled</c>; refused in Production). ./run.sh starts it.
/// </summary>
public static class DemoProgram
{
    public static async Task<int> Main(string[] args)
    {
        // The product's appsettings.json is copied next to this assembly: read it from there, also under `dotnet run`.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.AddRecordings();
        builder.Services.AddDemoMode(builder.Configuration, builder.Environment);

        var app = builder.Build();
        return await app.RunRecordingsAsync();
    }
}
