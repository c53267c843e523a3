using FluentValidation;
using Mediator;
using Recordings.Application.Common.Interfaces;
using Recordings.Application.Common.Models;
using Recordings.Application.Common.Validation;
using Recordings.Domain.Calls;

namespace Recordings.Application.Recordings.Queries.GetRecordingPeaks;

/// <summary>
/// The waveform of a recording, one lane per speaker, folded into <paramref name="Buckets"/> peaks (0..1) from the
/// <see cref="AudioInsight.PeakBuckets"/> kept when it was analyzed. A recording not stored yet (at Twilio, or on its
/// way) or not analyzed yet is pending, asking nothing of Twilio; missing, expired or failed ones answer as the file does.
/// </summary>
public sealed record GetRecordingPeaksQuery(string CallSid, string? RecordingSid, int Buckets) : IQuery<RecordingAnswer>, IValidationErrorCode
{
    public const int DefaultBuckets = 1000;
    public const int MinBuckets = 50;

    public static string ValidationErrorCode => "invalid_peaks_request";
}


public sealed class GetRecordingPeaksQueryHandler(
    RecordingPreparation preparation, IRecordingPeaksStore peaks)
    : IQueryHandler<GetRecordingPeaksQuery, RecordingAnswer>
{
    public async ValueTask<RecordingAnswer> Handle(GetRecordingPeaksQuery query, CancellationToken cancellationToken)
    {
        using var lookup = await preparation.FindAsync(query.CallSid, query.RecordingSid, TimeSpan.Zero, cancellationToken)
            ?? throw RecordingAnswer.NotFound();
        // Reading peaks asks nothing of Twilio: a recording not stored yet is pending (the player prepares it first).
        var (call, decision, _) = await preparation.DecideAsync(lookup, RecordingRequest.Peaks, cancellationToken);
        var status = preparation.ToStatus(lookup, call);
        var retryLater = RecordingAnswer.Pending(status with { RetryAfterSeconds = preparation.DefaultRetryAfterSeconds }, waitApplied: false);
        if (decision.Verdict == RecordingVerdict.Pending)
        {
            return retryLater;
        }

        if (decision is not { Verdict: RecordingVerdict.Ready, Recording.RecordingSid: { } recordingSid })
        {
            return RecordingAnswer.For(decision, status, waitApplied: false);
        }

        // Stored but not measured yet: its analysis job runs (the heal sweep gives it one again if it was lost).
        if (await peaks.FindAsync(call.CallSid, recordingSid, cancellationToken) is not { } stored)
        {
            return retryLater;
        }

        var lanes = stored.Lanes.Select(lane => new PeaksLaneDto(lane.Speaker, Fold(lane.Peaks, query.Buckets))).ToList();
        return RecordingAnswer.Ready(status, waitApplied: false) with { Peaks = new PeaksDto(stored.DurationSeconds, lanes) };
    }

    /// <summary>Each of <paramref name="buckets"/> output peaks is the highest of the kept peaks it covers, scaled to 0..1.</summary>
    public static IReadOnlyList<double> Fold(byte[] kept, int buckets)
    {
        ArgumentNullException.ThrowIfNull(kept);
        var folded = new double[buckets];
        for (var i = 0; i < buckets; i++)
        {
            var from = (int)((long)i * kept.Length / buckets);
            var to = Math.Max(from + 1, (int)((long)(i + 1) * kept.Length / buckets));
            var peak = 0;
            for (var j = from; j < to && j < kept.Length; j++)
            {
                peak = Math.Max(peak, kept[j]);
            }

            folded[i] = Math.Round(peak / 255.0, 3);
        }

        return folded;
    }
}

public sealed class GetRecordingPeaksQueryValidator : AbstractValidator<GetRecordingPeaksQuery>
{
    public GetRecordingPeaksQueryValidator()
    {
        RuleFor(q => q.CallSid).MustBeCallSid();
        RuleFor(q => q.RecordingSid).MustBeRecordingSid().When(q => q.RecordingSid is not null);
        RuleFor(q => q.Buckets).InclusiveBetween(GetRecordingPeaksQuery.MinBuckets, AudioInsight.PeakBuckets)
            .WithMessage($"'buckets' must be between {GetRecordingPeaksQuery.MinBuckets} and {AudioInsight.PeakBuckets}.");
    }
}
