using Microsoft.Extensions.Options;

using Recordings.Application.Common.Interfaces;

namespace Recordings.Infrastructure.Summarization;

/// <summary>
/// Offline summaries without a model: the transcript's most informative sentences, word for word, in their order.
/// Deterministic (the same transcript always gives the same summary) and culture-invariant.
/// </summary>
/// <remarks>
/// <para>
/// Sentences: the text split at sentence-ending punctuation and line breaks. A text that has no such breaks (as
/// pocketsphinx writes it) but several segments is taken a segment per sentence. A sentence of more than 40 words is
/// cut into pieces of at most 25.
/// </para>
/// <para>
/// Score: every word that is not a stopword (<see cref="Stopwords"/>) and is longer than one character weighs its
/// number of occurrences in the whole transcript divided by that of the most frequent such word. A sentence scores
/// the sum of the weights of its distinct words divided by the square root of its length in words (at least 4), so
/// that a sentence is worth picking for the topics it names, not for being long, and a two-word sentence does not
/// win on one frequent word. Ties go to the earlier sentence.
/// </para>
/// <para>
/// Picked: one sentence per five, rounded up, at most <see cref="ExtractiveSummarizerOptions.MaxSentences"/>; output
/// in transcript order, separated by spaces, a full stop added to a pick that has no sentence-ending punctuation.
/// A transcript with no words gives an empty summary (the caller knows there was nothing to summarise and can say
/// so in the reader's language).
/// </para>
/// </remarks>
public sealed class ExtractiveSummarizer : ISummarizer
{
    public const string ProviderName = "extractive";

    private const int SentencesPerPick = 5;
    private const int MinimumLengthForScoring = 4;

    private readonly int _maxSentences;

    public ExtractiveSummarizer(IOptions<ExtractiveSummarizerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var problem = options.Value.Validate();
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        _maxSentences = options.Value.MaxSentences;
    }

    public string Provider => ProviderName;

    public Task<string> SummarizeAsync(Transcript transcript, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        cancellationToken.ThrowIfCancellationRequested();

        return Task.FromResult(Summarize(transcript));
    }

    /// <summary>The summary (see the remarks of <see cref="ExtractiveSummarizer"/>).</summary>
    public string Summarize(Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);

        var sentences = Sentences(transcript);
        var tokenized = sentences.Select(TextTokens.Words).ToArray();
        if (tokenized.All(words => words.Count == 0))
        {
            return string.Empty;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in tokenized.SelectMany(words => words).Where(IsInformative))
        {
            counts[word] = counts.GetValueOrDefault(word) + 1;
        }

        var highest = counts.Count > 0 ? counts.Values.Max() : 1;
        var scores = new double[sentences.Length];
        for (var i = 0; i < sentences.Length; i++)
        {
            var weight = tokenized[i].Where(IsInformative).Distinct(StringComparer.Ordinal)
                .Sum(word => (double)counts[word] / highest);
            scores[i] = weight / Math.Sqrt(Math.Max(tokenized[i].Count, MinimumLengthForScoring));
        }

        var take = Math.Clamp((sentences.Length + SentencesPerPick - 1) / SentencesPerPick, 1, _maxSentences);
        var picked = Enumerable.Range(0, sentences.Length)
            .Where(i => tokenized[i].Count > 0)
            .OrderByDescending(i => scores[i])
            .ThenBy(i => i)
            .Take(take)
            .Order();

        return string.Join(' ', picked.Select(i =>
            TextTokens.EndsLikeASentence(sentences[i]) ? sentences[i] : sentences[i] + "."));
    }

    private static string[] Sentences(Transcript transcript)
    {
        var text = transcript.Text;
        if (string.IsNullOrWhiteSpace(text))
        {
            text = string.Join(' ', transcript.Segments.Select(s => s.Text.Trim()).Where(t => t.Length > 0));
        }

        IReadOnlyList<string> sentences = TextTokens.SplitSentences(text);
        if (sentences.Count <= 1)
        {
            var segments = transcript.Segments.Select(s => s.Text.Trim()).Where(t => t.Length > 0).ToArray();
            if (segments.Length > 1)
            {
                sentences = segments.SelectMany(TextTokens.SplitSentences).ToArray();
            }
        }

        return sentences.SelectMany(TextTokens.CutLongSentence).ToArray();
    }

    private static bool IsInformative(string word) => word.Length > 1 && !Stopwords.Contains(word);
}
