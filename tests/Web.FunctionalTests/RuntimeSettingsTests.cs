using System.Text.Json;

namespace Recordings.Web.FunctionalTests;

/// <summary>
/// The runtime settings the product's hosts are built with (their <c>*.runtimeconfig.json</c>, copied beside the tests
/// from the referenced host projects).
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Theory]
    [InlineData("Recordings.Web.runtimeconfig.json")]
    [InlineData("Recordings.Demo.runtimeconfig.json")]
    public void IdleThreadPoolThreadsWaitWithoutSpinning(string file)
    {
        // ADR-024: on a core shared with nginx or PostgreSQL, spinning takes the CPU the next request needs.
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, file)));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32().ShouldBe(0);
    }
}
