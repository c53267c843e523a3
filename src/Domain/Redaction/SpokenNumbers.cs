using System.Globalization;
using System.Text.RegularExpressions;

namespace Recordings.Domain.Redaction;

/// <summary>
/// Reads the numbers in a speaker's words as digits, in Hebrew and English, as people say them on the phone: digit by
/// digit (<c>four five eight zero</c>, <c>oh five</c>, <c>ארבע חמש שמונה אפס</c>, <c>ושתיים</c>), in pairs and
/// triples (<c>forty five eighty</c>, <c>ארבעים ושתיים</c>, <c>שתים עשרה</c>, <c>one hundred twenty</c>,
/// <c>a hundred and five</c>, <c>מאה עשרים</c>, <c>מאתיים</c>), years (<c>twenty twenty six</c>,
/// <c>two thousand twenty six</c>, <c>אלפיים עשרים ושש</c>), doubles (<c>double five</c>, <c>triple zero</c>,
/// <c>פעמיים חמש</c>), written digits (<c>4580</c>, <c>4580-1234</c>, <c>+972</c>) and all of these mixed. A decimal, a
/// time or an amount written with its currency (<c>199.90</c>, <c>3:30</c>, <c>$42</c>) is not part of any number read
/// here: it breaks a run.
/// </summary>
public static partial class SpokenNumbers
{
    /// <summary>At most this many filler words in a row may stand inside a run.</summary>
    public const int MaxFillersInRow = 2;

    private enum Kind
    {
        Other,
        Filler,
        And,
        Digits,
        Unit,
        Teen,
        Ten,
        HebrewTen,
        Hundred,
        HundredValue,
        Hundreds,
        Thousand,
        ThousandValue,
        Double,
        Triple,
        A,
        Oh,
        Plus,
    }

    private readonly record struct Piece(Kind Kind, int Value, int Word, bool Hebrew = false, bool Vav = false, string? Digits = null, bool Plus = false, bool Pause = false)
    {
        public bool IsNumeric => Kind is Kind.Digits or Kind.Unit or Kind.Teen or Kind.Ten or Kind.HebrewTen or Kind.Hundred
            or Kind.HundredValue or Kind.Thousand or Kind.ThousandValue or Kind.Double or Kind.Triple or Kind.Oh;
    }

    private const string PauseMarks = ",.;:?!…";

    /// <summary>A number written with thousands separators is read as digits from this many digits on (shorter, it is an amount: 1,299).</summary>
    private const int MinSeparatedDigits = 8;

    /// <summary>Signs that make written digits an amount or a share, not digits to read.</summary>
    private static readonly System.Buffers.SearchValues<char> AmountSigns = System.Buffers.SearchValues.Create("$€£₪%");

    private static readonly Dictionary<string, (Kind Kind, int Value)> English = new(StringComparer.Ordinal)
    {
        ["zero"] = (Kind.Unit, 0), ["nought"] = (Kind.Unit, 0), ["naught"] = (Kind.Unit, 0), ["oh"] = (Kind.Oh, 0), ["o"] = (Kind.Oh, 0),
        ["one"] = (Kind.Unit, 1), ["two"] = (Kind.Unit, 2), ["three"] = (Kind.Unit, 3), ["four"] = (Kind.Unit, 4),
        ["five"] = (Kind.Unit, 5), ["six"] = (Kind.Unit, 6), ["seven"] = (Kind.Unit, 7), ["eight"] = (Kind.Unit, 8),
        ["nine"] = (Kind.Unit, 9),
        ["ten"] = (Kind.Teen, 10), ["eleven"] = (Kind.Teen, 11), ["twelve"] = (Kind.Teen, 12), ["thirteen"] = (Kind.Teen, 13),
        ["fourteen"] = (Kind.Teen, 14), ["fifteen"] = (Kind.Teen, 15), ["sixteen"] = (Kind.Teen, 16),
        ["seventeen"] = (Kind.Teen, 17), ["eighteen"] = (Kind.Teen, 18), ["nineteen"] = (Kind.Teen, 19),
        ["twenty"] = (Kind.Ten, 20), ["thirty"] = (Kind.Ten, 30), ["forty"] = (Kind.Ten, 40), ["fourty"] = (Kind.Ten, 40),
        ["fifty"] = (Kind.Ten, 50), ["sixty"] = (Kind.Ten, 60), ["seventy"] = (Kind.Ten, 70), ["eighty"] = (Kind.Ten, 80),
        ["ninety"] = (Kind.Ten, 90),
        ["hundred"] = (Kind.Hundred, 100), ["thousand"] = (Kind.Thousand, 1000),
        ["double"] = (Kind.Double, 2), ["triple"] = (Kind.Triple, 3), ["a"] = (Kind.A, 1), ["plus"] = (Kind.Plus, 0),
        ["and"] = (Kind.And, 0),
        ["uh"] = (Kind.Filler, 0), ["um"] = (Kind.Filler, 0), ["umm"] = (Kind.Filler, 0), ["uhm"] = (Kind.Filler, 0),
        ["er"] = (Kind.Filler, 0), ["erm"] = (Kind.Filler, 0), ["ah"] = (Kind.Filler, 0), ["eh"] = (Kind.Filler, 0),
        ["hmm"] = (Kind.Filler, 0), ["mm"] = (Kind.Filler, 0), ["dash"] = (Kind.Filler, 0), ["hyphen"] = (Kind.Filler, 0),
        ["slash"] = (Kind.Filler, 0), ["space"] = (Kind.Filler, 0),
    };

    private static readonly Dictionary<string, (Kind Kind, int Value)> Hebrew = Normalized(new()
    {
        ["אפס"] = (Kind.Unit, 0),
        ["אחת"] = (Kind.Unit, 1), ["אחד"] = (Kind.Unit, 1),
        ["שתיים"] = (Kind.Unit, 2), ["שתים"] = (Kind.Unit, 2), ["שניים"] = (Kind.Unit, 2), ["שנים"] = (Kind.Unit, 2),
        ["שתי"] = (Kind.Unit, 2), ["שני"] = (Kind.Unit, 2),
        ["שלוש"] = (Kind.Unit, 3), ["שלושה"] = (Kind.Unit, 3), ["שלש"] = (Kind.Unit, 3), ["שלשה"] = (Kind.Unit, 3), ["שלושת"] = (Kind.Unit, 3),
        ["ארבע"] = (Kind.Unit, 4), ["ארבעה"] = (Kind.Unit, 4), ["ארבעת"] = (Kind.Unit, 4),
        ["חמש"] = (Kind.Unit, 5), ["חמישה"] = (Kind.Unit, 5), ["חמשה"] = (Kind.Unit, 5), ["חמשת"] = (Kind.Unit, 5),
        ["שש"] = (Kind.Unit, 6), ["שישה"] = (Kind.Unit, 6), ["ששה"] = (Kind.Unit, 6), ["ששת"] = (Kind.Unit, 6),
        ["שבע"] = (Kind.Unit, 7), ["שבעה"] = (Kind.Unit, 7), ["שבעת"] = (Kind.Unit, 7),
        ["שמונה"] = (Kind.Unit, 8), ["שמונת"] = (Kind.Unit, 8),
        ["תשע"] = (Kind.Unit, 9), ["תשעה"] = (Kind.Unit, 9), ["תשעת"] = (Kind.Unit, 9),
        ["עשר"] = (Kind.HebrewTen, 10), ["עשרה"] = (Kind.HebrewTen, 10),
        ["עשרים"] = (Kind.Ten, 20), ["שלושים"] = (Kind.Ten, 30), ["שלשים"] = (Kind.Ten, 30), ["ארבעים"] = (Kind.Ten, 40),
        ["חמישים"] = (Kind.Ten, 50), ["חמשים"] = (Kind.Ten, 50), ["שישים"] = (Kind.Ten, 60), ["ששים"] = (Kind.Ten, 60),
        ["שבעים"] = (Kind.Ten, 70), ["שמונים"] = (Kind.Ten, 80), ["תשעים"] = (Kind.Ten, 90),
        ["מאה"] = (Kind.HundredValue, 100), ["מאתיים"] = (Kind.HundredValue, 200), ["מאות"] = (Kind.Hundreds, 100),
        ["אלף"] = (Kind.Thousand, 1000), ["אלפים"] = (Kind.Thousand, 1000), ["אלפיים"] = (Kind.ThousandValue, 2000),
        ["פעמיים"] = (Kind.Double, 2), ["פלוס"] = (Kind.Plus, 0),
        ["ו"] = (Kind.Filler, 0), ["ואז"] = (Kind.Filler, 0), ["אה"] = (Kind.Filler, 0), ["אהה"] = (Kind.Filler, 0),
        ["אמ"] = (Kind.Filler, 0), ["אממ"] = (Kind.Filler, 0), ["אמממ"] = (Kind.Filler, 0), ["מקף"] = (Kind.Filler, 0),
        ["לוכסן"] = (Kind.Filler, 0),
    });

    /// <summary>The numbers in <paramref name="words"/> (a speaker's words, in order, as transcribed), in order.</summary>
    public static IReadOnlyList<NumberRun> Read(IReadOnlyList<string> words)
    {
        var pieces = new List<Piece>();
        for (var i = 0; i < words.Count; i++)
        {
            AddPieces(pieces, words[i], i);
        }

        var runs = new List<NumberRun>();
        var groups = new List<NumberGroup>();
        var afterFiller = new List<bool>();
        var fillers = 0;
        var p = 0;
        while (p < pieces.Count)
        {
            if (TryGroup(pieces, p, groups.Count > 0 && fillers == 0, out var group, out var next))
            {
                afterFiller.Add(groups.Count > 0 && fillers > 0);
                groups.Add(group);
                fillers = 0;
                p = next;
                continue;
            }

            if (pieces[p].Kind is Kind.Filler or Kind.And && groups.Count > 0 && fillers < MaxFillersInRow)
            {
                fillers++;
                p++;
                continue;
            }

            Close();
            fillers = 0;
            p++;
        }

        Close();
        return runs;

        void Close()
        {
            if (groups.Count > 0)
            {
                runs.Add(new NumberRun([.. groups], [.. afterFiller]));
                groups.Clear();
                afterFiller.Clear();
            }
        }
    }

    /// <summary>The digits of <paramref name="text"/>'s words (split on whitespace), every run concatenated with a space between runs.</summary>
    public static string DigitsOf(string text) =>
        string.Join(' ', Read(text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Select(r => r.Digits));

    private static void AddPieces(List<Piece> pieces, string word, int index)
    {
        if (word.Trim().Any(char.IsWhiteSpace))
        {
            // An engine's "word" of several words: each is read, all from this word.
            foreach (var part in word.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                AddPieces(pieces, part, index);
            }

            return;
        }

        var form = SpokenWords.Normalize(word);
        if (form.Length == 0)
        {
            // Punctuation standing alone ("-", "/", "...") between groups, as a filler.
            pieces.Add(new Piece(Kind.Filler, 0, index));
            return;
        }

        if (form.Any(char.IsDigit))
        {
            var plus = form[0] == '+';
            var core = HebrewPrefix().Replace(form.TrimStart('+'), string.Empty);
            if (ThousandsSeparated().IsMatch(core) && core.Count(char.IsAsciiDigit) >= MinSeparatedDigits)
            {
                // "123,456,782": an engine wrote a long number with thousands separators; an amount that long is rare.
                core = core.Replace(",", string.Empty, StringComparison.Ordinal);
            }

            if (!WrittenDigits().IsMatch(core) || word.AsSpan().IndexOfAny(AmountSigns) >= 0)
            {
                // A decimal, a time, an amount, a code with letters, an address: not digits read here.
                pieces.Add(new Piece(Kind.Other, 0, index));
                return;
            }

            foreach (var part in core.Split(['-', '/', '–', '—', '־']))
            {
                pieces.Add(new Piece(Kind.Digits, 0, index, Digits: part, Plus: plus));
                plus = false;
            }
        }
        else
        {
            foreach (var part in form.Split(['-', '–', '—', '־'], StringSplitOptions.RemoveEmptyEntries))
            {
                pieces.Add(Classify(part, index));
            }
        }

        if (EndsWithAny(word.TrimEnd(), PauseMarks))
        {
            // "ninety, four" is 90 then 4, not 94: a comma or a stop the engine wrote is a pause no compound crosses.
            pieces[^1] = pieces[^1] with { Pause = true };
        }
    }

    private static bool EndsWithAny(string word, string marks) => word.Length > 0 && marks.Contains(word[^1], StringComparison.Ordinal);

    private static Piece Classify(string form, int index)
    {
        if (English.TryGetValue(form, out var english))
        {
            return new Piece(english.Kind, english.Value, index);
        }

        foreach (var (bare, prefix) in SpokenWords.WithoutPrefixes(form))
        {
            if (Hebrew.TryGetValue(bare, out var hebrew))
            {
                return new Piece(hebrew.Kind, hebrew.Value, index, Hebrew: true, Vav: prefix.StartsWith('ו'));
            }
        }

        return new Piece(Kind.Other, 0, index);
    }

    private static bool TryGroup(List<Piece> pieces, int p, bool inRun, out NumberGroup group, out int next)
    {
        group = null!;
        next = p;
        var plus = false;
        var start = p;
        if (At(pieces, p).Kind == Kind.Plus)
        {
            plus = true;
            p++;
        }

        var piece = At(pieces, p);
        string? digits = null;
        switch (piece.Kind)
        {
            case Kind.Digits:
                digits = piece.Digits;
                next = p + 1;
                plus |= piece.Plus;
                break;
            case Kind.Double or Kind.Triple when At(pieces, p + 1).Kind is Kind.Unit or Kind.Oh && At(pieces, p + 1).Value < 10:
                digits = new string((char)('0' + At(pieces, p + 1).Value), piece.Value);
                next = p + 2;
                break;
            case Kind.Oh when inRun || plus || At(pieces, p + 1).IsNumeric:
                digits = "0";
                next = p + 1;
                break;
            default:
                if (TryValue(pieces, p, out var value, out next))
                {
                    digits = value.ToString(CultureInfo.InvariantCulture);
                }

                break;
        }

        if (digits is null)
        {
            next = start;
            return false;
        }

        group = new NumberGroup(digits, pieces[start].Word, pieces[next - 1].Word, plus, SplitOf(pieces, p, next));
        return true;
    }

    /// <summary>
    /// The digits of a two-word compound read as two numbers, for the speaker who meant them apart: <c>ninety one</c>
    /// (91, or 90 then 1: 901), <c>חמש עשרה</c> (15, or 5 then 10: 510); null for anything else.
    /// </summary>
    private static string? SplitOf(List<Piece> pieces, int p, int next)
    {
        if (next - p != 2)
        {
            return null;
        }

        var (first, second) = (pieces[p], pieces[p + 1]);
        return (first.Kind, second.Kind) is (Kind.Ten, Kind.Unit) or (Kind.Unit, Kind.HebrewTen)
            ? string.Create(CultureInfo.InvariantCulture, $"{first.Value}{second.Value}")
            : null;
    }

    /// <summary>A number said as a value below a million: <c>two thousand twenty six</c>, <c>אלפיים</c>, <c>a hundred and five</c>, <c>42</c>.</summary>
    private static bool TryValue(List<Piece> pieces, int p, out int value, out int next)
    {
        var thousands = 0;
        var q = p;
        var piece = At(pieces, p);
        if (piece.Kind == Kind.ThousandValue)
        {
            thousands = piece.Value;
            q = p + 1;
        }
        else if (piece.Kind == Kind.Thousand && piece.Hebrew)
        {
            thousands = 1000;
            q = p + 1;
        }
        else if (piece.Kind == Kind.A && Next(pieces, p).Kind == Kind.Thousand)
        {
            thousands = 1000;
            q = p + 2;
        }
        else if (TryBelowThousand(pieces, p, out var lead, out var afterLead) && Next(pieces, afterLead - 1).Kind == Kind.Thousand && lead > 0)
        {
            thousands = lead * 1000;
            q = afterLead + 1;
        }

        if (thousands == 0)
        {
            return TryBelowThousand(pieces, p, out value, out next);
        }

        var restAt = At(pieces, q).Kind == Kind.And ? q + 1 : q;
        if (!At(pieces, q - 1).Pause && TryBelowThousand(pieces, restAt, out var rest, out var afterRest))
        {
            value = thousands + rest;
            next = afterRest;
        }
        else
        {
            value = thousands;
            next = q;
        }

        return true;
    }

    private static bool TryBelowThousand(List<Piece> pieces, int p, out int value, out int next)
    {
        var hundreds = 0;
        var q = p;
        var piece = At(pieces, p);
        if (piece.Kind == Kind.HundredValue)
        {
            hundreds = piece.Value;
            q = p + 1;
        }
        else if (piece.Kind is Kind.A or Kind.Unit && piece.Value > 0 && Next(pieces, p).Kind == Kind.Hundred)
        {
            hundreds = piece.Value * 100;
            q = p + 2;
        }
        else if (piece.Kind == Kind.Unit && piece.Hebrew && piece.Value >= 3 && Next(pieces, p).Kind == Kind.Hundreds)
        {
            hundreds = piece.Value * 100;
            q = p + 2;
        }
        else if (!piece.Hebrew && TryTens(pieces, p, out var lead, out var afterLead) && lead >= 10 && Next(pieces, afterLead - 1).Kind == Kind.Hundred)
        {
            // "fifteen hundred", "twenty five hundred".
            hundreds = lead * 100;
            q = afterLead + 1;
        }

        if (hundreds == 0)
        {
            return TryTens(pieces, p, out value, out next);
        }

        var restAt = At(pieces, q).Kind == Kind.And ? q + 1 : q;
        if (!At(pieces, q - 1).Pause && TryTens(pieces, restAt, out var rest, out var afterRest))
        {
            value = hundreds + rest;
            next = afterRest;
        }
        else
        {
            value = hundreds;
            next = q;
        }

        return true;
    }

    private static bool TryTens(List<Piece> pieces, int p, out int value, out int next)
    {
        var piece = At(pieces, p);
        var following = Next(pieces, p);
        (value, next) = piece.Kind switch
        {
            // "forty two"; in Hebrew the unit joins with its ו: "ארבעים ושתיים".
            Kind.Ten when following.Kind == Kind.Unit && following.Value > 0 && (piece.Hebrew ? following.Hebrew && following.Vav : !following.Hebrew)
                => (piece.Value + following.Value, p + 2),
            Kind.Ten or Kind.Teen or Kind.HebrewTen => (piece.Value, p + 1),

            // "שתים עשרה", "שלושה עשר".
            Kind.Unit when piece.Hebrew && piece.Value > 0 && following.Kind == Kind.HebrewTen => (10 + piece.Value, p + 2),
            Kind.Unit => (piece.Value, p + 1),
            _ => (-1, p),
        };

        return value >= 0;
    }

    /// <summary>The piece after <paramref name="p"/> for a compound to take in: none after a pause.</summary>
    private static Piece Next(List<Piece> pieces, int p) => At(pieces, p).Pause ? new Piece(Kind.Other, 0, -1) : At(pieces, p + 1);

    private static Piece At(List<Piece> pieces, int p) => p < pieces.Count ? pieces[p] : new Piece(Kind.Other, 0, -1);

    private static Dictionary<string, (Kind Kind, int Value)> Normalized(Dictionary<string, (Kind Kind, int Value)> words) =>
        words.ToDictionary(w => SpokenWords.Normalize(w.Key), w => w.Value, StringComparer.Ordinal);

    /// <summary>Digits, in parts joined by a dash, a maqaf or a slash (4580, 4580-1234, 05/26); nothing else.</summary>
    [GeneratedRegex(@"^[0-9]+([-/–—־][0-9]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex WrittenDigits();

    [GeneratedRegex(@"^[0-9]{1,3}(,[0-9]{3})+\z", RegexOptions.CultureInvariant)]
    private static partial Regex ThousandsSeparated();

    /// <summary>Hebrew prefix letters written before digits with a dash or maqaf: <c>ו-1234</c>, <c>ב־2026</c>.</summary>
    [GeneratedRegex(@"^[והבלמשכ]{1,3}[-־](?=[0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex HebrewPrefix();
}
