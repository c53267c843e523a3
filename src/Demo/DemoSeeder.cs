using Recordings.Application.Reconciliation.Commands.ReconcileRecordings;
using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Recordings.Application.Agents.Commands.CreateAgent;
using Recordings.Application.Businesses.Commands.CreateBusiness;
using Recordings.Application.Common.Exceptions;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Options;
using Recordings.Application.Retention.Commands.ApplyRetention;
using Recordings.Application.Retention.Commands.SetRetention;
using Recordings.Domain.Calls;
using Recordings.Domain.Redaction;
using Recordings.Infrastructure.Twilio;

namespace Recordings.Demo;

/// <summary>
/// Demo mode's script, run once the app listens: makes the audio, hands it to the <see cref="DemoTwilio"/>, seeds
/// the demo business and agent, and delivers the <see cref="DemoCatalog"/> calls to the app's own webhooks, signed
/// as Twilio signs them, so the real pipeline downloads, transcribes and summarizes them. Then it sets the stage: the
/// "at Twilio" recordings are released from storage once processed, and the failing one's host recovers once the app
/// has given up on it. Everything it delivers is idempotent, so a restart repeats it harmlessly.
/// </summary>
public sealed partial class DemoSeeder(
    IServiceScopeFactory scopes,
    IServer server,
    IHostApplicationLifetime lifetime,
    IHttpClientFactory httpClients,
    DemoTwilio twilioHost,
    DemoAudioLibrary audio,
    IOptions<DemoOptions> demo,
    IOptions<TwilioOptions> twilio,
    TimeProvider time,
    ILogger<DemoSeeder> logger) : BackgroundService
{
    public const string HttpClientName = "demo-webhooks";

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly TaskCompletionSource _staged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when every call is delivered and the stage is set (the "at Twilio" recordings released, the failing one failed).</summary>
    public Task Staged => _staged.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var recordings = await MakeAudioAsync(stoppingToken);
            foreach (var (call, path) in recordings)
            {
                twilioHost.Add(call.RecordingSid, path, call.Kind);
            }

            await WhenStartedAsync(stoppingToken);
            var businessId = await SeedBusinessAndAgentAsync(stoppingToken);
            var appUrl = OwnAddress();
            await DeliverCallsAsync(appUrl, DemoCatalog.Calls.Where(c => !c.ArrivesOnceRedactionIsOn), stoppingToken);
            await ReconcileAsync(stoppingToken);
            LogReady(logger, appUrl, demo.Value.AgentEmail, demo.Value.AgentPassword);
            await SetTheStageAsync(stoppingToken);

            // Then the business redacts, and the call that shows it arrives: downloaded, transcribed and redacted as a
            // business that redacts gets its calls. (The calls above came first, while it did not: a redacted
            // recording's copy at Twilio is deleted, and those calls are left at Twilio or failing there.)
            await TurnRedactionOnAsync(businessId, stoppingToken);
            var redacted = DemoCatalog.Calls.Where(c => c.ArrivesOnceRedactionIsOn).ToList();
            await DeliverCallsAsync(appUrl, redacted, stoppingToken);
            await WhenRedactedAsync(redacted, stoppingToken);
            _staged.TrySetResult();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _staged.TrySetCanceled(stoppingToken);
        }
        catch (Exception ex)
        {
            // Demo mode was asked for and cannot deliver: stop, saying why, rather than serve an empty product.
            LogFailed(logger, ex);
            _staged.TrySetException(ex);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    private async Task<List<(DemoCall Call, string Path)>> MakeAudioAsync(CancellationToken cancellationToken)
    {
        var made = new List<(DemoCall, string)>();
        foreach (var part in DemoCatalog.Calls.Where(c => c.HasRecording).SelectMany(c => c.Parts))
        {
            made.Add((part, await audio.GetAsync(part, cancellationToken)));
        }

        return made;
    }

    private async Task WhenStartedAsync(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(cancellationToken);
    }

    private async Task<Guid> SeedBusinessAndAgentAsync(CancellationToken cancellationToken)
    {
        var settings = demo.Value;
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var sender = services.GetRequiredService<ISender>();

        var businessId = await services.GetRequiredService<IBusinessRepository>().FindOwnerOfNumberAsync(settings.BusinessNumber, cancellationToken)
            ?? (await sender.Send(new CreateBusinessCommand(settings.BusinessName, [settings.BusinessNumber]), cancellationToken)).Id;
        // The demo business keeps audio a week (transcripts for ever), so that the old demo call shows an expired recording.
        await sender.Send(new SetRetentionCommand(businessId, DemoCatalog.AudioRetentionDays, null), cancellationToken);

        if (await services.GetRequiredService<IAgentAccounts>().VerifyCredentialsAsync(settings.AgentEmail, settings.AgentPassword, cancellationToken) is null)
        {
            try
            {
                await sender.Send(new CreateAgentCommand(businessId, settings.AgentEmail, settings.AgentPassword, settings.AgentName), cancellationToken);
            }
            catch (ConflictException ex) when (ex.Code == "email_taken")
            {
                throw new DemoSetupException(
                    $"The demo agent {settings.AgentEmail} exists with another password; set Demo:AgentPassword to it, or use a fresh database.", ex);
            }
        }

        await DemoOrganisation.SeedAsync(services, businessId, settings.AgentPassword, settings, cancellationToken);

        if (!string.IsNullOrWhiteSpace(settings.Sso.Issuer))
        {
            // The demo's people may also sign in through the local provider (password login stays on).
            await sender.Send(new Recordings.Application.Sso.Commands.SetSsoCommand(businessId, settings.Sso.Issuer, settings.Sso.ClientId,
                settings.Sso.ClientSecret, null, null, null, null, "existing", true), cancellationToken);
        }

        return businessId;
    }

    /// <summary>
    /// The demo business redacts every entity, with silence; it keeps the originals (encrypted, for its admins) when the
    /// installation has a master key (the demo host makes one: <see cref="DemoMasterKey"/>), else deletes them. Not when
    /// transcription is off (<c>Transcription:Provider</c> = none): redaction reads the transcript, and the settings
    /// refuse it then too.
    /// </summary>
    private async Task TurnRedactionOnAsync(Guid businessId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        if (!services.GetRequiredService<IOptions<TranscriptionOptions>>().Value.Enabled)
        {
            LogNoRedaction(logger);
            return;
        }

        var business = await services.GetRequiredService<IBusinessRepository>().FindAsync(businessId, cancellationToken)
            ?? throw new DemoSetupException("The demo business is gone.");
        var original = services.GetRequiredService<IOptions<RedactionOptions>>().Value.HasMasterKey ? OriginalAudio.Keep : OriginalAudio.Delete;
        if (business.SetRedaction(new RedactionPolicy(true, RedactedEntities.All, RedactionAudio.Silence, original)))
        {
            await services.GetRequiredService<IUnitOfWork>().SaveChangesAsync(cancellationToken);
        }

        LogRedacting(logger, original == OriginalAudio.Keep ? "kept encrypted" : "deleted");
    }

    /// <summary>Waits until the redacted calls' recordings are redacted (or failed, which is logged): they play at once.</summary>
    private async Task WhenRedactedAsync(List<DemoCall> redacted, CancellationToken cancellationToken)
    {
        var waiting = redacted.Where(c => c.HasRecording).ToList();
        while (waiting.Count > 0)
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                var calls = scope.ServiceProvider.GetRequiredService<ICallRepository>();
                foreach (var call in waiting.ToList())
                {
                    var recording = (await calls.FindAsync(call.CallSid, cancellationToken))?.Recording;
                    if (recording is { State: RecordingState.Ready, AwaitsRedaction: false })
                    {
                        waiting.Remove(call);
                    }
                    else if (recording is { State: RecordingState.Failed or RecordingState.Missing })
                    {
                        LogCannotStage(logger, call.CallSid, recording.State.ToString());
                        waiting.Remove(call);
                    }
                }
            }

            if (waiting.Count > 0)
            {
                await Task.Delay(PollInterval, time, cancellationToken);
            }
        }

        LogRedacted(logger);
    }

    /// <summary>The app's own loopback URL, as Kestrel bound it (a wildcard address is reached on loopback).</summary>
    private string OwnAddress()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses.FirstOrDefault()
            ?? throw new DemoSetupException("The app listens on no address, so the demo cannot deliver its webhooks.");
        return address
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .TrimEnd('/');
    }

    private async Task DeliverCallsAsync(string appUrl, IEnumerable<DemoCall> calls, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        using var http = httpClients.CreateClient(HttpClientName);
        foreach (var call in calls.OrderByDescending(c => c.MinutesAgo))
        {
            var startedAt = now.AddMinutes(-call.MinutesAgo);
            var seconds = call.HasRecording ? call.Parts.Sum(DurationSeconds) : 0;
            if (call.ArrivesOnlyThroughReconciliation)
            {
                var fields = CallStatusFields(call, startedAt, seconds);
                var leg = DemoOrganisation.TakerOf(call) is { } dialled ? LegFields(call, dialled, startedAt, seconds) : null;
                twilioHost.ListInRestApi(call, fields["From"], fields["To"], startedAt, seconds,
                    leg is null ? null : (leg["CallSid"], leg["From"], leg["To"]));
                continue;
            }

            await PostAsync(http, appUrl, "/api/webhooks/twilio/call-status", CallStatusFields(call, startedAt, seconds), cancellationToken);
            if (call.HasRecording && DemoOrganisation.TakerOf(call) is { } taker)
            {
                // The leg Twilio dials through to the agent who took the call: it attributes the call to them.
                await PostAsync(http, appUrl, "/api/webhooks/twilio/call-status", LegFields(call, taker, startedAt, seconds), cancellationToken);
            }
            var partStart = startedAt;
            foreach (var part in call.HasRecording ? call.Parts : [])
            {
                // Each part starts when the one before it ended (a transfer).
                var partSeconds = DurationSeconds(part);
                await PostAsync(http, appUrl, "/api/webhooks/twilio/recording-status", RecordingStatusFields(part, partStart, partSeconds), cancellationToken);
                partStart = partStart.AddSeconds(partSeconds);
            }
        }
    }

    /// <summary>
    /// Runs a reconciliation now (the job runs it every <c>Twilio:ReconcileInterval</c>), so that the call whose callbacks
    /// were "lost" is on the list from the start.
    /// </summary>
    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ReconcileRecordingsCommand(), cancellationToken);
        if (report.Errors.Count > 0)
        {
            throw new DemoSetupException($"Reconciliation with the simulated Twilio failed: {string.Join(" ", report.Errors)}");
        }

        LogReconciled(logger, report.Backfilled);
    }

    private Dictionary<string, string> CallStatusFields(DemoCall call, DateTimeOffset startedAt, int seconds)
    {
        var business = demo.Value.BusinessNumber;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AccountSid"] = twilio.Value.AccountSid,
            ["ApiVersion"] = "2010-04-01",
            ["CallSid"] = call.CallSid,
            ["CallStatus"] = call.HasRecording ? "completed" : "no-answer",
            ["Direction"] = call.Inbound ? "inbound" : "outbound-api",
            ["From"] = call.Inbound ? call.Counterpart : business,
            ["To"] = call.Inbound ? business : call.Counterpart,
            ["Timestamp"] = TwilioTimestamp(startedAt.AddSeconds(seconds)),
        };
        if (call.HasRecording)
        {
            fields["CallDuration"] = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return fields;
    }

    /// <summary>The leg of a demo call dialled through to the agent who took it (a <c>client:</c> identity), as Twilio reports it.</summary>
    private Dictionary<string, string> LegFields(DemoCall call, DemoOrganisation.Person taker, DateTimeOffset startedAt, int seconds)
    {
        var fields = CallStatusFields(call, startedAt, seconds);
        fields["ParentCallSid"] = call.CallSid;
        fields["CallSid"] = $"CAdf{call.Number:d30}";
        fields["Direction"] = "outbound-dial";
        fields["From"] = demo.Value.BusinessNumber;
        fields["To"] = taker.Identity;
        return fields;
    }

    private Dictionary<string, string> RecordingStatusFields(DemoCall call, DateTimeOffset startedAt, int seconds) => new(StringComparer.Ordinal)
    {
        ["AccountSid"] = twilio.Value.AccountSid,
        ["CallSid"] = call.CallSid,
        ["RecordingChannels"] = call.Channels.ToString(CultureInfo.InvariantCulture),
        ["RecordingDuration"] = seconds.ToString(CultureInfo.InvariantCulture),
        ["RecordingSid"] = call.RecordingSid,
        ["RecordingSource"] = "RecordVerb",
        ["RecordingStartTime"] = TwilioTimestamp(startedAt),
        ["RecordingStatus"] = "completed",
        ["RecordingUrl"] = twilioHost.RecordingUrl(call.RecordingSid),
    };

    /// <summary>Posts a form signed the way Twilio signs it: over the public URL (Twilio:WebhookBaseUrl when set) and the sorted fields.</summary>
    private async Task PostAsync(HttpClient http, string appUrl, string path, Dictionary<string, string> fields, CancellationToken cancellationToken)
    {
        var signedUrl = (string.IsNullOrEmpty(twilio.Value.WebhookBaseUrl) ? appUrl : twilio.Value.WebhookBaseUrl.TrimEnd('/')) + path;
        using var request = new HttpRequestMessage(HttpMethod.Post, appUrl + path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("X-Twilio-Signature", TwilioRequestValidator.ComputeSignature(twilio.Value.AuthToken, signedUrl, fields));
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new DemoSetupException($"The app refused the demo webhook {path} for {fields["CallSid"]}: {(int)response.StatusCode} {body}");
        }
    }

    /// <summary>
    /// Waits for the pipeline, then leaves each special recording as the demo shows it: "at Twilio" ones released from
    /// storage once transcribed and summarized; the failing one's host recovered once the app has given up on it.
    /// </summary>
    private async Task SetTheStageAsync(CancellationToken cancellationToken)
    {
        var atTwilio = DemoCatalog.Calls.Where(c => c.Kind is DemoRecordingKind.AtTwilio or DemoRecordingKind.SlowAtTwilio).ToList();
        var failing = DemoCatalog.Calls.Where(c => c.Kind == DemoRecordingKind.FailingDownload).ToList();
        var expiring = DemoCatalog.Calls.Where(c => c.Kind == DemoRecordingKind.Expired).ToList();
        var releasedFailing = new HashSet<string>(StringComparer.Ordinal);

        while (atTwilio.Count > 0 || failing.Count > 0 || expiring.Count > 0)
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                var sender = scope.ServiceProvider.GetRequiredService<ISender>();
                var calls = scope.ServiceProvider.GetRequiredService<ICallRepository>();
                var release = scope.ServiceProvider.GetRequiredService<StoredRecordingRelease>();
                if (expiring.Count > 0 && await IsExpiredAsync(sender, calls, expiring, cancellationToken))
                {
                    expiring.Clear();
                }

                foreach (var call in atTwilio.ToList())
                {
                    if (await IsStagedAtTwilioAsync(release, calls, call, cancellationToken))
                    {
                        atTwilio.Remove(call);
                    }
                }

                foreach (var call in failing.ToList())
                {
                    var state = (await calls.FindAsync(call.CallSid, cancellationToken))?.Recording.State;
                    if (state == RecordingState.Failed)
                    {
                        // The app gave up on it: Twilio is well again, so Try again recovers.
                        twilioHost.Recover(call.RecordingSid);
                        failing.Remove(call);
                    }
                    else if (state == RecordingState.Ready && !releasedFailing.Contains(call.CallSid))
                    {
                        var released = await release.ReleaseAsync(call.CallSid, cancellationToken);
                        if (released == ReleaseStoredRecordingResult.Released)
                        {
                            // Played in an earlier run: back to Twilio, where its next download fails again (tried again
                            // on the next round while its transcript or summary still needs the file).
                            releasedFailing.Add(call.CallSid);
                        }
                        else if (released == ReleaseStoredRecordingResult.OnlyCopy)
                        {
                            // Played in an earlier run while the business redacted: redacted, and Twilio's copy deleted.
                            LogCannotStage(logger, call.CallSid, "redacted, and Twilio's copy deleted");
                            failing.Remove(call);
                        }
                    }
                }
            }

            if (atTwilio.Count > 0 || failing.Count > 0 || expiring.Count > 0)
            {
                await Task.Delay(PollInterval, time, cancellationToken);
            }
        }

        LogStaged(logger);
    }

    /// <summary>
    /// Once the old calls are stored and transcribed, the retention sweep runs (as its job would within the hour) and
    /// deletes their audio: true when every one is expired.
    /// </summary>
    private static async Task<bool> IsExpiredAsync(ISender sender, ICallRepository calls, List<DemoCall> expiring, CancellationToken cancellationToken)
    {
        var states = new List<CallLog?>();
        foreach (var call in expiring)
        {
            states.Add(await calls.FindAsync(call.CallSid, cancellationToken));
        }

        if (states.All(c => c?.Recording.State == RecordingState.Expired))
        {
            return true;
        }

        var transcribed = states.All(c => c is { Recording.State: RecordingState.Ready }
            && c.TranscriptState is not (ProcessingState.Queued or ProcessingState.Running)
            && c.SummaryState is not (ProcessingState.Queued or ProcessingState.Running));
        if (transcribed)
        {
            await sender.Send(new ApplyRetentionCommand(), cancellationToken);
        }

        return false;
    }

    private async Task<bool> IsStagedAtTwilioAsync(StoredRecordingRelease release, ICallRepository calls, DemoCall call, CancellationToken cancellationToken)
    {
        var result = await release.ReleaseAsync(call.CallSid, cancellationToken);
        if (result is ReleaseStoredRecordingResult.Released)
        {
            return true;
        }

        if (result is ReleaseStoredRecordingResult.OnlyCopy)
        {
            // Played in an earlier run while the business redacted: redacted, and Twilio's copy deleted; it plays from ours.
            LogCannotStage(logger, call.CallSid, "redacted, and Twilio's copy deleted");
            return true;
        }

        if (result is ReleaseStoredRecordingResult.NotStored)
        {
            var state = (await calls.FindAsync(call.CallSid, cancellationToken))?.Recording.State;
            if (state is RecordingState.Remote)
            {
                return true; // released in an earlier run and not played since
            }

            if (state is RecordingState.Failed or RecordingState.Missing or null)
            {
                LogCannotStage(logger, call.CallSid, state?.ToString() ?? "unknown");
                return true;
            }
        }

        return false; // still downloading, or its transcript or summary is still being made
    }

    /// <summary>The length of a demo recording, from its size (the demo's MP3s are 32 kbit/s per channel).</summary>
    private int DurationSeconds(DemoCall call)
    {
        var file = new FileInfo(audio.PathFor(call));
        return file.Exists ? (int)Math.Ceiling(file.Length * 8 / (double)DemoAudioLibrary.BitsPerSecond(call)) : 0;
    }

    private static string TwilioTimestamp(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo ready: open {AppUrl} and sign in as {Email} / {Password}")]
    private static partial void LogReady(ILogger logger, string appUrl, string email, string password);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: the stage is set (recordings at Twilio released, the failing download failed)")]
    private static partial void LogStaged(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: call {CallSid} cannot be left at Twilio: its recording is {State}")]
    private static partial void LogCannotStage(ILogger logger, string callSid, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: the demo business redacts from now on (every entity, silence; originals {Original})")]
    private static partial void LogRedacting(ILogger logger, string original);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: transcription is off, so the demo business does not redact (redaction reads the transcript)")]
    private static partial void LogNoRedaction(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: the redacted call is redacted and plays")]
    private static partial void LogRedacted(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: reconciliation backfilled {Count} call(s) whose Twilio callbacks never arrived")]
    private static partial void LogReconciled(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Demo mode could not set up its data; the app stops")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
