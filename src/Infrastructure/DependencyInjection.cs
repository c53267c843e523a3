using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recordings.Application.Common.Validation;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Domain.Common;
using Recordings.Infrastructure.Data;
using Recordings.Infrastructure.Data.Repositories;
using Recordings.Infrastructure.Identity;
using Recordings.Infrastructure.Jobs;
using Recordings.Infrastructure.Storage;
using Recordings.Infrastructure.Transcription;
using Recordings.Infrastructure.Twilio;

namespace Recordings.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = DatabaseConnections.ForRequests(configuration);

        services.AddDbContext<RecordingsDbContext>(options => options
            .UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure(maxRetryCount: 3))
            .UseSnakeCaseNamingConvention());
        services.AddScoped<IUnitOfWork>(sp => sp.GetRequiredService<RecordingsDbContext>());
        services.AddScoped<IBusinessRepository, BusinessRepository>();
        services.AddScoped<ICallRepository, CallRepository>();
        services.AddScoped<ICallReadRepository, CallReadRepository>();
        services.AddScoped<IAgentAccounts, AgentAccounts>();
        services.AddScoped<IAgentSessions, AgentSessions>();
        services.AddSingleton<ITicketStore, PostgresTicketStore>();
        services.AddOptions<AgentSessionOptions>().Bind(configuration.GetSection(AgentSessionOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddOptions<TwilioOptions>().Bind(configuration.GetSection(TwilioOptions.SectionName))
            .PostConfigure(o => o.MediaOrigins = o.MediaOrigins.Length > 0 ? o.MediaOrigins : TwilioOptions.DefaultMediaOrigins)
            .Validate(o => Sid.IsAccountSid(o.AccountSid), "Twilio:AccountSid must be AC followed by 32 hex digits.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.AuthToken), "Twilio:AuthToken is required.")
            .Validate(o => o.MediaOrigins.Length > 0 && o.MediaOrigins.All(IsOrigin), "Twilio:MediaOrigins must be origins such as https://api.twilio.com.")
            .Validate(o => o.WebhookBaseUrl is null || Uri.TryCreate(o.WebhookBaseUrl, UriKind.Absolute, out _), "Twilio:WebhookBaseUrl must be an absolute URL.")
            .Validate(o => o.NotFoundGraceSeconds >= 0 && o.MaxDownloadAttempts >= 1, "Twilio:NotFoundGraceSeconds >= 0 and Twilio:MaxDownloadAttempts >= 1.")
            .Validate(o => o.RetryBaseDelay > TimeSpan.Zero && o.AttemptTimeout > TimeSpan.Zero, "Twilio:RetryBaseDelay and Twilio:AttemptTimeout must be positive.")
            .ValidateOnStart();

        // Session cookies are protected with keys kept in the database: any node can read any node's cookie.
        services.AddDataProtection()
            .SetApplicationName("recordings")
            .PersistKeysToDbContext<RecordingsDbContext>();

        services.AddTwilioMedia(configuration);
        services.AddRecordingStorage(configuration);
        services.AddRecordingJobs(configuration);
        services.AddSpeechPipeline(configuration);

        services.AddIdentityCore<AgentUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = PasswordRules.MinLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 4;
                // Lockout marks a disabled agent (no end date); failed passwords are throttled per client address.
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<RecordingsDbContext>();

        return services;
    }

    private static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.AbsolutePath == "/"
        && string.IsNullOrEmpty(uri.Query) && !value.TrimEnd('/').EndsWith('/');
}
