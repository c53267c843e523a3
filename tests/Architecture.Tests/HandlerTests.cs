using System.Reflection;
using NetArchTest.Rules;

namespace Recordings.Architecture.Tests;

public sealed class HandlerTests
{
    public static TheoryData<string> Layers() => ["Application", "Infrastructure", "Web"];

    private static Assembly Layer(string name) => name switch
    {
        "Application" => typeof(Recordings.Application.DependencyInjection).Assembly,
        "Infrastructure" => typeof(Recordings.Infrastructure.DependencyInjection).Assembly,
        "Web" => typeof(Recordings.Web.DependencyInjection).Assembly,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    /// <summary>Classes that implement one of Mediator's handler interfaces (ICommandHandler, IQueryHandler, ...).</summary>
    private static Type[] MediatorHandlers(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetInterfaces().Any(i =>
                i.Namespace == "Mediator" && i.Name.StartsWith('I') && i.Name.Contains("Handler", StringComparison.Ordinal)))
            .ToArray();

    [Theory]
    [MemberData(nameof(Layers))]
    public void HandlersAreSealed(string layer)
    {
        var selection = Types.InAssembly(Layer(layer)).That().HaveNameEndingWith("Handler", StringComparison.Ordinal).And().AreClasses();
        if (layer == "Application")
        {
            // The rule must cover the use cases' handlers, not pass over an empty selection.
            selection.GetTypes().ShouldContain(typeof(Recordings.Application.Webhooks.Commands.RecordCallStatus.RecordCallStatusCommandHandler));
            selection.GetTypes().ShouldContain(typeof(Recordings.Application.Calls.Queries.GetCall.GetCallQueryHandler));
        }

        var result = Types.InAssembly(Layer(layer)).That().HaveNameEndingWith("Handler", StringComparison.Ordinal).And().AreClasses()
            .Should().BeSealed().GetResult();

        LayerDependencyTests.ShouldPass(result);
    }

    private static bool IsNotificationHandler(Type type) =>
        type.GetInterfaces().Any(i => i.Namespace == "Mediator" && i.Name.StartsWith("INotificationHandler", StringComparison.Ordinal));

    [Fact]
    public void EveryCommandAndQueryHandlerOfTheApplicationIsNamedHandler()
    {
        var handlers = MediatorHandlers(Layer("Application")).Where(t => !IsNotificationHandler(t)).ToArray();
        handlers.ShouldNotBeEmpty();

        var misnamed = handlers.Where(t => !t.Name.EndsWith("Handler", StringComparison.Ordinal)).Select(t => t.FullName).ToArray();

        misnamed.ShouldBeEmpty($"Offending types: {string.Join(", ", misnamed)}");
    }

    /// <summary>The pipeline's steps are named for what they do (ScheduleTranscription) and all live in one folder, its map.</summary>
    [Fact]
    public void EveryDomainEventHandlerIsAStepInThePipelineFolder()
    {
        var steps = MediatorHandlers(Layer("Application")).Where(IsNotificationHandler).ToArray();
        steps.ShouldContain(typeof(Recordings.Application.Pipeline.ScheduleTranscription));

        var elsewhere = steps.Where(t => t.Namespace != "Recordings.Application.Pipeline").Select(t => t.FullName).ToArray();

        elsewhere.ShouldBeEmpty($"Domain event handlers outside Application/Pipeline: {string.Join(", ", elsewhere)}");
        steps.ShouldAllBe(t => t.IsSealed && !t.Name.EndsWith("Handler", StringComparison.Ordinal));
    }
}
