using System.Reflection;

namespace Recordings.Architecture.Tests;

/// <summary>What the inner layers may know: no Twilio secrets or vocabulary in the domain, no disk paths across the storage port.</summary>
public sealed class PortTests
{
    private static readonly Assembly Domain = typeof(Recordings.Domain.Calls.CallLog).Assembly;
    private static readonly Assembly Application = typeof(Recordings.Application.DependencyInjection).Assembly;

    [Fact]
    public void TheDomainSpeaksNoTwilio()
    {
        var twilio = Domain.GetTypes().Where(t => t.Name.Contains("Twilio", StringComparison.Ordinal)).Select(t => t.FullName).ToArray();

        twilio.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("AuthToken")]
    [InlineData("ApiKey")]
    [InlineData("Password")]
    public void NoInnerLayerOptionHoldsASecret(string secret)
    {
        // Commands may carry a password the user typed (login, a new password); settings holding secrets live in
        // Infrastructure, next to the client that uses them.
        var holders = Domain.GetTypes().Concat(Application.GetTypes())
            .Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal))
            .Where(t => t.GetProperties().Any(p => p.Name.Contains(secret, StringComparison.Ordinal)))
            .Select(t => t.FullName)
            .ToArray();

        holders.ShouldBeEmpty();
    }

    [Fact]
    public void TheStoragePortExposesNoPath()
    {
        Type[] port =
        [
            typeof(Recordings.Application.Common.Interfaces.IRecordingStore),
            typeof(Recordings.Application.Common.Interfaces.StoredRecordingFile),
            typeof(Recordings.Application.Common.Interfaces.IRecordingUpload),
            typeof(Recordings.Application.Common.Interfaces.IRecordingDelivery),
            typeof(Recordings.Application.Common.Interfaces.DeliveryRoute),
            typeof(Recordings.Application.Recordings.RecordingFile),
        ];

        var paths = port.SelectMany(t => t.GetProperties().Select(p => $"{t.Name}.{p.Name}")
                .Concat(t.GetMethods().SelectMany(m => m.GetParameters().Select(p => $"{t.Name}.{m.Name}({p.Name})"))))
            .Where(name => name.Contains("Path", StringComparison.OrdinalIgnoreCase) || name.Contains("Directory", StringComparison.OrdinalIgnoreCase))
            .ToArray();

        paths.ShouldBeEmpty();
    }

    [Fact]
    public void DeliveryIsAPortOfItsOwnNotPartOfTheStoragePort()
    {
        var storage = typeof(Recordings.Application.Common.Interfaces.IRecordingStore).GetMethods().Select(m => m.Name).ToArray();

        storage.ShouldNotBeEmpty("the search finds the storage port's members");
        storage.Where(name => name.Contains("Url", StringComparison.Ordinal) || name.Contains("Redirect", StringComparison.Ordinal)).ShouldBeEmpty();
        typeof(Recordings.Application.Common.Interfaces.IRecordingDelivery).GetMethods().ShouldHaveSingleItem().Name.ShouldBe("RouteAsync");
    }

    [Fact]
    public void TranscribersAreGivenAudioNotAFile()
    {
        var transcribe = typeof(Recordings.Application.Common.Interfaces.ITranscriber).GetMethod("TranscribeAsync")!;

        transcribe.GetParameters().Select(p => p.ParameterType).ShouldContain(typeof(Stream));
        transcribe.GetParameters().ShouldNotContain(p => p.ParameterType == typeof(string));
    }
}

/// <summary>Demo mode lives in its own host (src/Demo): the production assembly holds no demo type and no simulated Twilio.</summary>
public sealed class DemoSeparationTests
{
    [Fact]
    public void TheProductionWebAssemblyHoldsNoDemo()
    {
        var web = typeof(Recordings.Web.DependencyInjection).Assembly;

        var demo = web.GetTypes()
            .Where(t => (t.Namespace ?? string.Empty).Contains("Demo", StringComparison.Ordinal)
                || t.Name.Contains("Demo", StringComparison.Ordinal)
                || t.Name.Contains("Simulated", StringComparison.Ordinal))
            .Select(t => t.FullName)
            .ToArray();

        demo.ShouldBeEmpty();
        web.GetReferencedAssemblies().Select(a => a.Name).ShouldNotContain("Recordings.Demo");
    }
}
