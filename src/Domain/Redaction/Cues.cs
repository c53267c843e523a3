namespace Recordings.Domain.Redaction;

/// <summary>What the words around a number say it is.</summary>
public enum CueKind
{
    /// <summary>A payment card: <c>card</c>, <c>credit card</c>, <c>כרטיס</c>, <c>אשראי</c>, <c>visa</c>...</summary>
    Card = 1,

    /// <summary>A card's security code: <c>CVV</c>, <c>security code</c>, <c>the three digits on the back</c>, <c>קוד אבטחה</c>...</summary>
    SecurityCode,

    /// <summary>A card's expiry: <c>expires</c>, <c>expiry</c>, <c>valid until</c>, <c>תוקף</c>, <c>תוקף עד</c>...</summary>
    Expiry,

    /// <summary>An identity number: <c>ID</c>, <c>identity number</c>, <c>תעודת זהות</c>, <c>ת.ז</c>...</summary>
    Identity,

    /// <summary>A phone number: <c>phone</c>, <c>mobile</c>, <c>call me at</c>, <c>טלפון</c>, <c>נייד</c>...</summary>
    Phone,
}

/// <summary>A cue: the words [<paramref name="FirstWord"/>, <paramref name="LastWord"/>] said it.</summary>
public sealed record Cue(CueKind Kind, int FirstWord, int LastWord);

/// <summary>
/// The cue phrases, in Hebrew and English, and where they are said. A Hebrew word of a phrase also matches behind a
/// prefix (<c>בגב הכרטיס</c> = <c>גב כרטיס</c>); dots inside a word are ignored (<c>i.d.</c>, <c>ת.ז.</c>).
/// </summary>
public static class Cues
{
    private static readonly (CueKind Kind, string[] Words)[] Phrases = Build(new Dictionary<CueKind, string[]>
    {
        [CueKind.Card] =
        [
            "card", "cards", "credit", "debit", "visa", "mastercard", "amex", "american express", "diners", "isracard",
            "כרטיס", "אשראי", "ויזה", "מאסטרקארד", "ישראכרט", "אמריקן אקספרס", "דיינרס",
        ],
        [CueKind.SecurityCode] =
        [
            "cvv", "cvc", "cvv2", "cvc2", "cid", "security code", "security number", "verification code", "card verification",
            "three digits", "3 digits", "three digit", "3 digit", "four digits on the front", "on the back", "back of the card",
            "digits on the back", "סי וי וי", "סיוויוי", "קוד אבטחה", "קוד האבטחה", "ספרות בגב", "גב הכרטיס", "שלוש הספרות",
            "3 הספרות", "שלוש ספרות", "ספרות אחרונות בגב", "last three digits", "last 3 digits", "last three", "code on the back",
            "הספרות האחרונות", "ספרות אחרונות", "מאחורי הכרטיס", "הספרות מאחור",
        ],
        [CueKind.Expiry] =
        [
            "expires", "expire", "expiry", "expiration", "exp", "valid until", "valid till", "valid thru", "valid through",
            "good thru", "good through", "good until", "valid to", "exp date", "תוקף", "בתוקף עד", "תאריך תפוגה", "תפוגה", "פג תוקף", "תוקף הכרטיס",
        ],
        [CueKind.Identity] =
        [
            "id", "identity", "identification", "id number", "teudat zehut", "תעודת זהות", "תעודת הזהות", "תז", "זהות",
            "מספר זהות", "ת ז",
        ],
        [CueKind.Phone] =
        [
            "phone", "telephone", "cell", "cellphone", "mobile", "call me", "call you", "call back", "reach me", "text me",
            "טלפון", "נייד", "פלאפון", "סלולרי", "סלולארי", "להתקשר",
        ],
    });

    /// <summary>The phrases by their first word, to try at a word only those that may start there.</summary>
    private static readonly Dictionary<string, (CueKind Kind, string[] Words)[]> ByFirstWord =
        Phrases.GroupBy(p => p.Words[0], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

    /// <summary>
    /// The one word that stands for a cue of <paramref name="kind"/> said by someone else (the agent's question
    /// before the customer's answer), which <see cref="Find"/> knows as that cue and the number reader as no number.
    /// </summary>
    public static string WordFor(CueKind kind) => kind switch
    {
        CueKind.Card => "card",
        CueKind.SecurityCode => "cvv",
        CueKind.Expiry => "expiry",
        CueKind.Identity => "id",
        CueKind.Phone => "phone",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a cue."),
    };

    /// <summary>The cues said in <paramref name="words"/> (raw words, in order), in order of their first word.</summary>
    public static IReadOnlyList<Cue> Find(IReadOnlyList<string> words)
    {
        var forms = words.Select(Form).ToArray();
        var cues = new List<Cue>();
        for (var i = 0; i < forms.Length; i++)
        {
            var longest = new Dictionary<CueKind, int>();
            foreach (var key in Keys(forms[i]))
            {
                foreach (var (kind, phrase) in ByFirstWord.GetValueOrDefault(key, []))
                {
                    if (phrase.Length > longest.GetValueOrDefault(kind) && IsAt(forms, i, phrase))
                    {
                        longest[kind] = phrase.Length;
                    }
                }
            }

            cues.AddRange(longest.OrderBy(l => l.Key).Select(l => new Cue(l.Key, i, i + l.Value - 1)));
        }

        return cues;
    }

    /// <summary>The word's form for matching; an English word with an apostrophe matches nothing (<c>I'd</c> is no <c>ID</c>).</summary>
    private static string Form(string word)
    {
        var form = SpokenWords.Normalize(word).Replace(".", string.Empty, StringComparison.Ordinal);
        return word.AsSpan().IndexOfAny('\'', '’') >= 0 && form.All(char.IsAscii) ? "'" + form : form;
    }

    /// <summary>The first words a phrase may have to match <paramref name="form"/>: itself, and a Hebrew word without one or two prefix letters.</summary>
    private static IEnumerable<string> Keys(string form)
    {
        yield return form;
        if (SpokenWords.IsHebrew(form))
        {
            for (var cut = 1; cut <= 2 && form.Length - cut >= 2; cut++)
            {
                yield return form[cut..];
            }
        }
    }

    private static bool IsAt(string[] forms, int at, string[] phrase)
    {
        if (at + phrase.Length > forms.Length)
        {
            return false;
        }

        for (var k = 0; k < phrase.Length; k++)
        {
            if (!SpokenWords.Matches(forms[at + k], phrase[k]))
            {
                return false;
            }
        }

        return true;
    }

    private static (CueKind, string[])[] Build(Dictionary<CueKind, string[]> phrases) =>
    [
        .. phrases.SelectMany(p => p.Value.Select(phrase =>
            (p.Key, phrase.Split(' ').Select(w => SpokenWords.Normalize(w).Replace(".", string.Empty, StringComparison.Ordinal)).ToArray()))),
    ];
}
