using System.Reflection;
using System.Reflection.Emit;
using Recordings.Application.Common.Access;
using Recordings.Application.Common.Interfaces;

namespace Recordings.Architecture.Tests;

/// <summary>
/// No endpoint a person calls reaches a call without the one rule of who sees which call: every message the session
/// controllers send whose handler can read a call (through <see cref="ICallRepository"/>, <see cref="ICallReadRepository"/>
/// or the recordings' <c>RecordingPreparation</c>) also takes the request's <see cref="ICurrentViewer"/>, and none of them
/// goes by the session's business alone (<see cref="ICurrentAgent"/>). The scoped read port takes the viewer in every method.
/// </summary>
public sealed class CallAccessTests
{
    private static readonly Assembly Web = typeof(Recordings.Web.Controllers.CallsController).Assembly;
    private static readonly Assembly Application = typeof(Recordings.Application.DependencyInjection).Assembly;

    private static readonly Type[] CallReaders = [typeof(ICallRepository), typeof(ICallReadRepository)];

    [Fact]
    public void EveryHandlerOfASessionEndpointThatReachesACallGoesThroughTheViewer()
    {
        var messages = SessionControllers().SelectMany(MessagesSentBy).Distinct().ToList();
        messages.Count.ShouldBeGreaterThan(5, "the controllers' messages are found");

        var reachingCalls = 0;
        var offenders = new List<string>();
        foreach (var message in messages)
        {
            var handler = HandlerOf(message);
            if (handler is null)
            {
                continue;
            }

            var dependencies = DependenciesOf(handler);
            if (!dependencies.Any(CallReaders.Contains))
            {
                continue;
            }

            reachingCalls++;
            if (!dependencies.Contains(typeof(ICurrentViewer)) || dependencies.Contains(typeof(ICurrentAgent)))
            {
                offenders.Add($"{message.Name} -> {handler.Name}");
            }
        }

        reachingCalls.ShouldBeGreaterThanOrEqualTo(6, "list, detail, prepare, file, status and peaks reach a call");
        offenders.ShouldBeEmpty();
    }

    [Fact]
    public void EveryMethodOfTheScopedReadPortTakesTheViewer()
    {
        var unscoped = typeof(ICallReadRepository).GetMethods()
            .Where(m => m.GetParameters().FirstOrDefault()?.ParameterType != typeof(Viewer))
            .Select(m => m.Name)
            .ToArray();

        unscoped.ShouldBeEmpty();
    }

    [Fact]
    public void SessionControllersReachNoRepositoryThemselves()
    {
        var reaching = SessionControllers()
            .Where(c => c.GetConstructors().SelectMany(k => k.GetParameters()).Any(p => CallReaders.Contains(p.ParameterType)))
            .Select(c => c.Name)
            .ToArray();

        reaching.ShouldBeEmpty();
    }

    /// <summary>The controllers behind a session (every [Authorize] controller but the operator's and Twilio's).</summary>
    private static IEnumerable<Type> SessionControllers() =>
        Web.GetTypes().Where(t => t.Namespace == "Recordings.Web.Controllers" && t.Name.EndsWith("Controller", StringComparison.Ordinal)
            && t.GetCustomAttributes().Any(a => a.GetType().Name == "AuthorizeAttribute"));

    /// <summary>The message types a controller builds (read from the IL of its actions and of their async state machines).</summary>
    private static IEnumerable<Type> MessagesSentBy(Type controller)
    {
        var types = new[] { controller }.Concat(controller.GetNestedTypes(BindingFlags.NonPublic | BindingFlags.Public));
        foreach (var type in types)
        {
            foreach (var method in type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                foreach (var constructed in ConstructedTypes(method))
                {
                    if (constructed.Assembly == Application && constructed.GetInterfaces().Any(i => i.Namespace == "Mediator" && i.Name.StartsWith("IBaseRequest", StringComparison.Ordinal) || i.Name is "IMessage"))
                    {
                        yield return constructed;
                    }
                }
            }
        }
    }

    private static IEnumerable<Type> ConstructedTypes(MethodInfo method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        for (var i = 0; i < il.Length - 4; i++)
        {
            if (il[i] != OpCodes.Newobj.Value)
            {
                continue;
            }

            MethodBase? constructor = null;
            try
            {
                constructor = method.Module.ResolveMethod(BitConverter.ToInt32(il, i + 1),
                    method.DeclaringType?.GetGenericArguments(), method.IsGenericMethod ? method.GetGenericArguments() : null);
            }
            catch (ArgumentException)
            {
                // Not an instruction boundary: the byte was an operand.
            }

            if (constructor?.DeclaringType is { } declaring)
            {
                yield return declaring;
            }
        }
    }

    private static Type? HandlerOf(Type message) =>
        Application.GetTypes().FirstOrDefault(t => !t.IsAbstract && t.GetInterfaces().Any(i =>
            i.IsGenericType && i.Namespace == "Mediator" && i.Name.Contains("Handler", StringComparison.Ordinal) && i.GetGenericArguments()[0] == message));

    /// <summary>What a type's constructor takes, and what those take in turn when they are the application's own classes (or Lazy of them).</summary>
    private static HashSet<Type> DependenciesOf(Type type)
    {
        var found = new HashSet<Type>();
        var pending = new Stack<Type>([type]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var parameter in current.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.ParameterType))
            {
                var dependency = parameter.IsGenericType && parameter.GetGenericTypeDefinition() == typeof(Lazy<>) ? parameter.GetGenericArguments()[0] : parameter;
                if (found.Add(dependency) && dependency.Assembly == Application && dependency.IsClass)
                {
                    pending.Push(dependency);
                }
            }
        }

        return found;
    }
}
