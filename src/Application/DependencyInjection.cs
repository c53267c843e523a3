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
        services.AddScoped<Recordings.RecordingPreparation>();
        services.AddScoped<Common.Events.IDomainEventDispatcher, Common.Events.MediatorDomainEventDispatcher>();
        return services;
    }
}
