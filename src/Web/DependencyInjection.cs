using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Recordings.Web.Sso;
using Microsoft.AspNetCore.Mvc;
using Recordings.Application.Common.Behaviours;
using Recordings.Application.Common.Access;
using Recordings.Application.Common.Interfaces;
using Recordings.Infrastructure.Data;
using Recordings.Infrastructure.Identity;
using Microsoft.Extensions.Options;
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
            options.PipelineBehaviors = [typeof(LoggingBehaviour<,>), typeof(ValidationBehaviour<,>), typeof(RoleBehaviour<,>)];
        });

        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentAgent, CurrentAgent>();
        services.AddScoped<AuditRecorder>();
        services.AddScoped<IAuditActor, RequestAuditActor>();

        services.AddControllers(options =>
            {
                options.ModelBinderProviders.Insert(0, new StrictQueryBinderProvider());
            })
            // A body that does not bind names the field, never the CLR type or the parser's position. A number is a
            // JSON number: the web defaults would also read "90" (a string) as one, which the contract refuses.
            .AddJsonOptions(options =>
            {
                options.AllowInputFormatterExceptionMessages = false;
                options.JsonSerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            })
            .ConfigureApiBehaviorOptions(options => options.InvalidModelStateResponseFactory = ModelStateProblems.Create);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailsCustomization.Customize);
        // After the framework's writer (which declines an Accept without JSON): every error is a problem document.
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        services.AddSingleton<RefusedWebhookLog>();
        services.AddExceptionHandler<ProblemExceptionHandler>();

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = SessionCookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.SlidingExpiration = true;

                // An API answers 401/403; it never redirects to a login page.
                options.Events.OnRedirectToLogin = context =>
                    Problems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "unauthenticated", "Log in first.");
                options.Events.OnRedirectToAccessDenied = context =>
                    Problems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "forbidden", "Not allowed.");
            });
        // The cookie holds only a session key; the session itself lives in PostgreSQL (PostgresTicketStore), so that
        // logout, a password change or a disabled agent ends it on every node.
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<ITicketStore, IOptions<AgentSessionOptions>>((options, store, sessions) =>
            {
                options.SessionStore = store;
                options.ExpireTimeSpan = sessions.Value.SessionIdleTimeout;
            })
            // After the cookie handler's own post-configuration, which sets the Data Protection format this wraps.
            .PostConfigure<RememberedCookieTickets.Memory, TimeProvider>((options, memory, time) =>
                options.TicketDataFormat = new RememberedCookieTickets(
                    options.TicketDataFormat ?? throw new InvalidOperationException("The cookie handler sets its ticket format first."), memory, time));
        services.AddSingleton<RememberedCookieTickets.Memory>();
        // Single sign-on (ADR-021): one OpenID Connect scheme whose options are the business's (SsoResolution, SsoOptionsMonitor).
        services.AddAuthentication().AddOpenIdConnect(SsoOptionsCache.Scheme, _ => { });
        services.Replace(ServiceDescriptor.Singleton<IAuthenticationSchemeProvider, SsoRequestSchemes>());
        services.AddOptions<SsoRelyingPartyOptions>().BindConfiguration(SsoRelyingPartyOptions.SectionName);
        services.AddHttpClient(SsoOptionsCache.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<SsoEvents>();
        services.AddSingleton<SsoOptionsCache>();
        services.AddScoped<SsoLogout>();
        services.AddSingleton<IOptionsMonitor<OpenIdConnectOptions>, SsoOptionsMonitor>();
        services.AddAuthorization();
        services.AddLoginRateLimit();

        services.AddHealthChecks().AddDbContextCheck<RecordingsDbContext>("database", tags: ["ready"])
            .AddCheck<LostOnlyCopiesHealthCheck>("only-copies", tags: ["ready"])
            .AddCheck<HebrewTextHealthCheck>("hebrew-text", tags: ["ready"]);
        services.AddOpenApi();
        return services;
    }
}
