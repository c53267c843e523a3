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

    [Fact]
    public void EveryMediatorHandlerOfTheApplicationIsNamedHandler()
    {
        var handlers = MediatorHandlers(Layer("Application"));
        handlers.ShouldNotBeEmpty();

        var misnamed = handlers.Where(t => !t.Name.EndsWith("Handler", StringComparison.Ordinal)).Select(t => t.FullName).ToArray();

        misnamed.ShouldBeEmpty($"Offending types: {string.Join(", ", misnamed)}");
    }
}
