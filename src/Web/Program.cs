using Recordings.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddRecordings();

var app = builder.Build();
return await app.RunRecordingsAsync();

/// <summary>The entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
