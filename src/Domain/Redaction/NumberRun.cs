namespace Recordings.Domain.Redaction;

/// <summary>
/// One number as its speaker grouped it: the digits of one number word or phrase (<c>forty two</c> → 42,
/// <c>double five</c> → 55, <c>four</c> → 4), or of one written number (<c>4580</c>), with the words it came from
/// ([<paramref name="FirstWord"/>, <paramref name="LastWord"/>], indices into the words that were read): each of its
/// digits came from those words.
/// </summary>
/// <param name="Plus">Said or written after a plus (<c>+972</c>, <c>plus nine seven two</c>).</param>
/// <param name="Split">
/// The digits of the other reading of a compound said without a pause, as two numbers: <c>ninety one</c> is 91 or
/// 90 then 1 (<c>901</c>), <c>חמש עשרה</c> is 15 or 5 then 10 (<c>510</c>); null when there is no other reading.
/// </param>
public sealed record NumberGroup(string Digits, int FirstWord, int LastWord, bool Plus = false, string? Split = null);

/// <summary>
/// Numbers said one after another, with at most a couple of filler words (<c>uh</c>, <c>and</c>, <c>אה</c>, a dash)
/// between them: the digits a speaker may have meant as one long number. Detectors look at windows of whole groups
/// (<see cref="Spans"/>), never at a part of a group.
/// </summary>
public sealed class NumberRun
{
    private readonly bool[] afterFiller;

    /// <param name="groups">The groups, in order (at least one).</param>
    /// <param name="afterFiller">For each group, whether a filler word stands between it and the group before it.</param>
    public NumberRun(IReadOnlyList<NumberGroup> groups, IReadOnlyList<bool> afterFiller)
    {
        if (groups.Count == 0 || afterFiller.Count != groups.Count)
        {
            throw new ArgumentException("A run has at least one group and a filler flag for each.", nameof(groups));
        }

        Groups = groups;
        this.afterFiller = [.. afterFiller];
        Digits = string.Concat(groups.Select(g => g.Digits));
    }

    public IReadOnlyList<NumberGroup> Groups { get; }

    /// <summary>Every digit of the run, in order.</summary>
    public string Digits { get; }

    public int FirstWord => Groups[0].FirstWord;

    public int LastWord => Groups[^1].LastWord;

    /// <summary>The words digit <paramref name="index"/> of <see cref="Digits"/> came from: its group's ([first, last]).</summary>
    public (int FirstWord, int LastWord) WordsOfDigit(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        foreach (var group in Groups)
        {
            if (index < group.Digits.Length)
            {
                return (group.FirstWord, group.LastWord);
            }

            index -= group.Digits.Length;
        }

        throw new ArgumentOutOfRangeException(nameof(index), "The run has fewer digits.");
    }

    /// <summary>Whether a filler word stands between group <paramref name="group"/> and the one before it.</summary>
    public bool IsAfterFiller(int group) => afterFiller[group];

    /// <summary>At most this many groups of a window are read both ways (<see cref="NumberGroup.Split"/>): 2^n readings.</summary>
    public const int MaxSplitsPerSpan = 6;

    /// <summary>
    /// The run's windows of whole groups with <paramref name="minDigits"/> to <paramref name="maxDigits"/> digits, the
    /// longest first for each start; with <paramref name="splits"/>, in every reading of their compounds too
    /// (<see cref="NumberGroup.Split"/>): more numbers found, and more found by chance (a check digit passes one
    /// reading in ten), so only for a number whose form is narrow or which was asked for.
    /// </summary>
    public IEnumerable<NumberSpan> Spans(int minDigits, int maxDigits, bool splits = false)
    {
        for (var first = 0; first < Groups.Count; first++)
        {
            var spans = new List<NumberSpan>();
            var shortest = 0;
            for (var count = 1; first + count <= Groups.Count; count++)
            {
                shortest += Groups[first + count - 1].Digits.Length;
                if (shortest > maxDigits)
                {
                    break;
                }

                var split = splits
                    ? Enumerable.Range(first, count).Where(g => Groups[g].Split is not null).Take(MaxSplitsPerSpan).ToArray()
                    : [];
                for (var readings = 0; readings < 1 << split.Length; readings++)
                {
                    var mask = 0;
                    for (var bit = 0; bit < split.Length; bit++)
                    {
                        mask |= ((readings >> bit) & 1) << (split[bit] - first);
                    }

                    var span = new NumberSpan(this, first, count, mask);
                    if (span.Digits.Length >= minDigits && span.Digits.Length <= maxDigits)
                    {
                        spans.Add(span);
                    }
                }
            }

            foreach (var span in spans.OrderByDescending(s => s.Digits.Length).ThenBy(s => s.Splits != 0))
            {
                yield return span;
            }
        }
    }

    /// <summary>The window of the first <paramref name="count"/> groups.</summary>
    public NumberSpan Leading(int count) => new(this, 0, count);
}

/// <summary>
/// <paramref name="Count"/> whole groups of a run from group <paramref name="First"/>; the groups whose bit (from
/// <paramref name="First"/>) is set in <paramref name="Splits"/> read as two numbers (<see cref="NumberGroup.Split"/>).
/// </summary>
public sealed record NumberSpan(NumberRun Run, int First, int Count, int Splits = 0)
{
    public string Digits { get; } = string.Concat(Enumerable.Range(First, Count)
        .Select(i => ((Splits >> (i - First)) & 1) == 1 ? Run.Groups[i].Split ?? Run.Groups[i].Digits : Run.Groups[i].Digits));

    public int FirstWord => Run.Groups[First].FirstWord;

    public int LastWord => Run.Groups[First + Count - 1].LastWord;

    public bool Plus => Run.Groups[First].Plus;

    /// <summary>The lengths of its groups (4-4-4-4, 3-3-4...).</summary>
    public IReadOnlyList<int> GroupLengths => [.. Enumerable.Range(First, Count).Select(i => Run.Groups[i].Digits.Length)];

    /// <summary>Whether this window and <paramref name="other"/> (of the same run) share a group.</summary>
    public bool Overlaps(NumberSpan other) => Run == other.Run && First < other.First + other.Count && other.First < First + Count;

    /// <summary>
    /// Whether the window stands apart from the rest of its run: the run's start or a filler word before it, the
    /// run's end or a filler word after it (so <c>123456782 and 5</c> holds <c>123456782</c> whole).
    /// </summary>
    public bool IsWhole => (First == 0 || Run.IsAfterFiller(First))
        && (First + Count == Run.Groups.Count || Run.IsAfterFiller(First + Count));
}
