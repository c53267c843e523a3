using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Recordings.Application.Common.Behaviours;
using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.Data;
using Recordings.Web.Infrastructure;

namespace Recordings.Web;

public static class DependencyInjection
{
    public const string SessionCookieName = "recordings.session";

    public static IServiceCollection AddWeb(this IServiceCollection services)
    {
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(Recordings.Application.DependencyInjection)];
            options.PipelineBehaviors = [typeof(LoggingBehaviour<,>), typeof(ValidationBehaviour<,>)];
        });

        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentAgent, CurrentAgent>();

        services.AddControllers(options => options.Filters.Add<ValidSidFilter>())
            .ConfigureApiBehaviorOptions(options => options.InvalidModelStateResponseFactory = context =>
            {
                var errors = context.ModelState.Where(e => e.Value?.Errors.Count > 0)
                    .ToDictionary(e => e.Key, e => e.Value!.Errors.Select(x => string.IsNullOrEmpty(x.ErrorMessage) ? "Invalid value." : x.ErrorMessage).ToArray());
                var problem = Problems.Create(StatusCodes.Status400BadRequest, "validation_failed", "The request is malformed.");
                problem.Extensions["errors"] = errors;
                return new BadRequestObjectResult(problem) { ContentTypes = { "application/problem+json" } };
            });
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailsCustomization.Customize);
        services.AddExceptionHandler<ProblemExceptionHandler>();

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = SessionCookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                options.SlidingExpiration = true;

                // An API answers 401/403; it never redirects to a login page.
                options.Events.OnRedirectToLogin = context =>
                    Problems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "unauthenticated", "Log in first.");
                options.Events.OnRedirectToAccessDenied = context =>
                    Problems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "forbidden", "Not allowed.");
            });
        services.AddAuthorization();

        services.AddHealthChecks().AddDbContextCheck<RecordingsDbContext>("database", tags: ["ready"]);
        services.AddOpenApi();
        return services;
    }
}
