using System.Reflection;
using NetArchTest.Rules;

namespace Recordings.Architecture.Tests;

/// <summary>Dependencies point inward: Domain &lt;- Application &lt;- Infrastructure &lt;- Web.</summary>
public sealed class LayerDependencyTests
{
    private static readonly Assembly Domain = typeof(Recordings.Domain.Calls.CallLog).Assembly;
    private static readonly Assembly Application = typeof(Recordings.Application.DependencyInjection).Assembly;
    private static readonly Assembly Infrastructure = typeof(Recordings.Infrastructure.DependencyInjection).Assembly;
    private static readonly Assembly Web = typeof(Recordings.Web.DependencyInjection).Assembly;

    private const string ControllersNamespace = "Recordings.Web.Controllers";

    [Fact]
    public void DomainDependsOnNoOtherLayerNorFramework()
    {
        var types = Types.InAssembly(Domain);
        types.GetTypes().ShouldNotBeEmpty();

        var result = types.ShouldNot().HaveDependencyOnAny(
            "Recordings.Application",
            "Recordings.Infrastructure",
            "Recordings.Web",
            "Microsoft.EntityFrameworkCore",
            "Mediator",
            "Microsoft.AspNetCore",
            "FluentValidation").GetResult();

        ShouldPass(result);
    }

    [Fact]
    public void ApplicationDependsOnNeitherInfrastructureNorWeb()
    {
        var types = Types.InAssembly(Application);
        types.GetTypes().ShouldNotBeEmpty();

        var result = types.ShouldNot().HaveDependencyOnAny(
            "Recordings.Infrastructure",
            "Recordings.Web",
            "Microsoft.EntityFrameworkCore",
            "Microsoft.AspNetCore",
            "Npgsql").GetResult();

        ShouldPass(result);
    }

    [Fact]
    public void InfrastructureDoesNotDependOnWeb()
    {
        var types = Types.InAssembly(Infrastructure);
        types.GetTypes().ShouldNotBeEmpty();

        var result = types.ShouldNot().HaveDependencyOn("Recordings.Web").GetResult();

        ShouldPass(result);
    }

    [Fact]
    public void ControllersGoThroughTheMediatorNotInfrastructure()
    {
        var controllers = Types.InAssembly(Web).That().ResideInNamespace(ControllersNamespace);
        controllers.GetTypes().ShouldNotBeEmpty();

        var result = Types.InAssembly(Web).That().ResideInNamespace(ControllersNamespace)
            .ShouldNot().HaveDependencyOn("Recordings.Infrastructure").GetResult();

        ShouldPass(result);
    }

    /// <summary>The rules above only mean something if the dependency search finds dependencies that do exist.</summary>
    [Fact]
    public void DependencySearchFindsDependenciesThatExist()
    {
        Types.InAssembly(Infrastructure).That().HaveDependencyOn("Microsoft.EntityFrameworkCore").GetTypes().ShouldNotBeEmpty();
        Types.InAssembly(Infrastructure).That().HaveDependencyOn("Recordings.Application").GetTypes().ShouldNotBeEmpty();
        Types.InAssembly(Application).That().HaveDependencyOn("Recordings.Domain").GetTypes().ShouldNotBeEmpty();
        Types.InAssembly(Application).That().HaveDependencyOn("FluentValidation").GetTypes().ShouldNotBeEmpty();
        Types.InAssembly(Web).That().ResideInNamespace(ControllersNamespace).And().HaveDependencyOn("Mediator")
            .GetTypes().ShouldNotBeEmpty();
    }

    internal static void ShouldPass(TestResult result) =>
        result.IsSuccessful.ShouldBeTrue(
            $"Offending types: {string.Join(", ", result.FailingTypeNames ?? [])}");
}
