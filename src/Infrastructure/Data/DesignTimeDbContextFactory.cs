using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Recordings.Infrastructure.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the web host or a database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<RecordingsDbContext>
{
    public RecordingsDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<RecordingsDbContext>()
        .UseNpgsql("Host=127.0.0.1;Database=recordings_design")
        .UseSnakeCaseNamingConvention()
        .Options);
}
