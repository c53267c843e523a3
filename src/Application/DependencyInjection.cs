using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Recordings.Application;

public static class DependencyInjection
{
    /// <summary>The application layer's validators. The mediator itself is generated and registered by the host.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Common.Paging.CursorCodec>();
        services.AddScoped<Recordings.RecordingPreparation>();
        // For a handler that needs the database only sometimes: the file endpoint answers most reads from the node's
        // memory, and must not build a DbContext for each of them.
        services.AddScoped(sp => new Lazy<Recordings.RecordingPreparation>(sp.GetRequiredService<Recordings.RecordingPreparation>));
        services.AddScoped<Common.Access.ICurrentViewer, Common.Access.CurrentViewer>();
        services.AddScoped<Manage.BusinessAdministration>();
        services.AddScoped<Common.Events.IDomainEventDispatcher, Common.Events.MediatorDomainEventDispatcher>();
        return services;
    }
}
