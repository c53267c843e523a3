using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Recordings.Application.Common.Paging;
using Recordings.Infrastructure.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Recordings.Application.Common.Validation;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Infrastructure.Data;
using Recordings.Infrastructure.Redaction;
using Recordings.Infrastructure.Data.Repositories;
using Recordings.Infrastructure.Identity;
using Recordings.Infrastructure.Jobs;
using Recordings.Infrastructure.Notifications;
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
            .UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure(maxRetryCount: 3)
                // A call is read with its recordings and the rest in one statement (one consistent snapshot; a call has a
                // handful of each): EF's default, said here so that it stops warning on the first such query of a node.
                .UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery))
            .UseSnakeCaseNamingConvention()
            // EF Core logs a failed command as an error before the exception reaches the code that ran it, without the
            // exception, so a handled race (a unique key: 409) would read as a fault. The code that runs the command
            // logs a fault it cannot handle (the mediator's logging, the exception handler, the jobs): EF's line is Debug.
            .ConfigureWarnings(warnings => warnings.Log((RelationalEventId.CommandError, LogLevel.Debug))
                // The lists count their matches with LIMIT 10,001 and no order (ListTotals): any 10,001 will do.
                .Ignore(CoreEventId.RowLimitingOperationWithoutOrderByWarning)));
        services.AddScoped<IUnitOfWork>(sp => sp.GetRequiredService<RecordingsDbContext>());
        services.AddScoped<IBusinessRepository, BusinessRepository>();
        services.AddScoped<Sso.BusinessSsoStore>();
        services.AddScoped<Recordings.Application.Sso.IBusinessSsoStore>(sp => sp.GetRequiredService<Sso.BusinessSsoStore>());
        services.AddScoped<ICallRepository, CallRepository>();
        services.AddScoped<ICallReadRepository, CallReadRepository>();
        services.AddHostedService<Data.Search.SearchDocumentBackfill>();
        services.AddScoped<IAgentAccounts, AgentAccounts>();
        services.AddScoped<IAgentSessions, AgentSessions>();
        services.AddScoped<IReconciliationReports, Reconciliation.ReconciliationReports>();
        services.AddSingleton<IScopedSender, Common.ScopedSender>();
        services.AddScoped<IAuditReadRepository, Audit.AuditReadRepository>();
        services.AddScoped<IRecordingPeaksStore, Insight.RecordingPeaksStore>();
        services.TryAddSingleton<IAudioAnalyzer, Insight.FfmpegAudioAnalyzer>();
        services.AddRedaction(configuration);
        services.AddOptions<Application.Audit.AuditOptions>().Bind(configuration.GetSection(Application.Audit.AuditOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<Audit.IAuditStore>(new Audit.PostgresAuditStore(connectionString));
        services.TryAddSingleton<Audit.BufferedAuditLog>();
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<Audit.BufferedAuditLog>());
        services.AddHostedService(sp => sp.GetRequiredService<Audit.BufferedAuditLog>());
        services.AddSingleton<ITicketStore, PostgresTicketStore>();
        services.TryAddSingleton(sp => new AgentSessionCache(sp.GetRequiredService<IOptions<AgentSessionOptions>>().Value.SessionCacheEntries));
        services.AddNotificationSubscriber<AgentSessionCache>();
        // The org charts of the businesses this node serves (a few kilobytes each), forgotten on every change.
        services.TryAddSingleton(_ => new Organisation.OrgChartCache(1000));
        services.AddNotificationSubscriber<Organisation.OrgChartCache>();
        services.AddScoped<IOrgCharts>(sp => new Organisation.OrgCharts(
            new Lazy<Data.RecordingsDbContext>(sp.GetRequiredService<Data.RecordingsDbContext>), sp.GetRequiredService<Organisation.OrgChartCache>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddScoped<IOrganisationChanges, Organisation.OrganisationChanges>();
        services.AddScoped<IAccountDirectory, Organisation.AccountDirectory>();
        services.AddScoped<IBusinessAccounts, Organisation.BusinessAccounts>();
        services.AddScoped<ITeamRepository, Organisation.TeamRepository>();
        services.AddScoped<IAdministrativeAudit, Audit.AdministrativeAuditTrail>();
        services.AddOptions<AgentSessionOptions>().Bind(configuration.GetSection(AgentSessionOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddOptions<TwilioOptions>().Bind(configuration.GetSection(TwilioOptions.SectionName))
            .PostConfigure(o => o.MediaOrigins = o.MediaOrigins.Length > 0 ? o.MediaOrigins : TwilioOptions.DefaultMediaOrigins)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TwilioOptions>, TwilioOptionsUrlsValidator>();

        // Session cookies are protected with keys kept in the database: any node can read any node's cookie.
        services.AddDataProtection()
            .SetApplicationName("recordings")
            .PersistKeysToDbContext<RecordingsDbContext>();
        services.AddSingleton<ITokenProtector, DataProtectionTokenProtector>();

        services.AddTwilioMedia(configuration);
        services.AddRecordingStorage(configuration);
        services.AddRecordingJobs(configuration);
        services.AddNodeNotifications(configuration);
        services.AddSpeechPipeline(configuration);
        services.AddRecordingsMetrics(configuration);

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
}
