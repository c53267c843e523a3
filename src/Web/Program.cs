using Recordings.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddRecordings();

var app = builder.Build();
await app.UseRecordingsAsync();
await app.RunAsync();

/// <summary>The entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
