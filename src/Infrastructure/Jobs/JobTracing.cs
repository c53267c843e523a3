using System.Diagnostics;
using Quartz;

namespace Recordings.Infrastructure.Jobs;

/// <summary>
/// One trace per recording across the webhook, the jobs and their steps: a pipeline job is queued with the W3C trace
/// context of whatever queued it (the webhook's request, or the job before it) in its job data, and runs under an
/// <see cref="Activity"/> of <see cref="Source"/> whose parent is that context. Quartz's own tracing package is
/// deprecated; this is the part of it the product needs (ADR-023).
/// </summary>
public static class JobTracing
{
    public const string SourceName = "Recordings.Jobs";

    /// <summary>The job data keys of the carried context (W3C <c>traceparent</c> and <c>tracestate</c>).</summary>
    public const string TraceParentKey = "traceparent";

    public const string TraceStateKey = "tracestate";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Adds the current trace context (if any, in W3C form) to a job being built.</summary>
    public static JobBuilder<TJob> CarryingCurrentTrace<TJob>(this JobBuilder<TJob> builder)
        where TJob : IJob
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } id } current)
        {
            builder = builder.UsingJobData(TraceParentKey, id);
            if (!string.IsNullOrEmpty(current.TraceStateString))
            {
                builder = builder.UsingJobData(TraceStateKey, current.TraceStateString);
            }
        }

        return builder;
    }

    /// <summary>Starts the job's activity, a child of the context it was queued with (a root when it carries none).</summary>
    public static Activity? StartJob(IJobExecutionContext context, string job, PipelineJobSubject subject)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(subject);
        var data = context.MergedJobDataMap;
        var parent = data is not null && data.TryGetString(TraceParentKey, out var traceParent) && traceParent is not null
            && ActivityContext.TryParse(traceParent, data.TryGetString(TraceStateKey, out var state) ? state : null, out var carried)
            ? carried
            : default;
        var activity = Source.StartActivity($"{job} job", ActivityKind.Internal, parent);
        if (activity is not null)
        {
            activity.SetTag("recordings.job", job);
            activity.SetTag("recordings.call_sid", subject.CallSid);
            if (subject.RecordingSid is not null)
            {
                activity.SetTag("recordings.recording_sid", subject.RecordingSid);
            }

            activity.SetTag("recordings.attempt", context.RetryAttempt + 1);
        }

        return activity;
    }
}
