using System.Globalization;
using Recordings.Domain.Redaction;

namespace Recordings.Infrastructure.IntegrationTests.Redaction;

/// <summary>What a number said in the golden set is, and so whether redaction must remove it.</summary>
public enum GoldenKind
{
    /// <summary>A payment card number passing the Luhn check: must be masked.</summary>
    Card,

    /// <summary>
    /// 16 digits asked for as a card number that fail the Luhn check, and in which no stretch of 13 to 19 digits passes
    /// it either (such a stretch would be a card number said inside a longer one): must stay.
    /// </summary>
    InvalidCard,

    /// <summary>A card's security code, after the card: must be masked.</summary>
    SecurityCode,

    /// <summary>A card's expiry date, after the card: must be masked.</summary>
    Expiry,

    /// <summary>An Israeli identity number with a valid check digit: must be masked.</summary>
    IsraeliId,

    /// <summary>
    /// 9 digits asked for as an identity number whose check digit is wrong (and neither 8-digit part, read with a leading
    /// zero, passes): must stay.
    /// </summary>
    InvalidId,

    /// <summary>An Israeli phone number (mobile, landline, +972): must be masked.</summary>
    Phone,

    /// <summary>A price: must stay.</summary>
    Price,

    /// <summary>An order number: must stay.</summary>
    OrderNumber,

    /// <summary>A time of day: must stay.</summary>
    Time,

    /// <summary>A quantity: must stay.</summary>
    Quantity,
}

public enum GoldenLanguage
{
    English,
    Hebrew,
}

/// <summary>The speaker of a turn, by its channel of a Twilio dual-channel recording.</summary>
public enum GoldenSpeaker
{
    Customer = 1,
    Agent = 2,
}

/// <summary>A number said in a turn: the turn's words <paramref name="First"/> to <paramref name="Last"/>.</summary>
public sealed record GoldenNumber(GoldenKind Kind, string Digits, int First, int Last)
{
    /// <summary>The entity redaction must find, or null for a number that must stay.</summary>
    public RedactedEntity? Expected => Kind switch
    {
        GoldenKind.Card => RedactedEntity.Card,
        GoldenKind.SecurityCode => RedactedEntity.Cvv,
        GoldenKind.Expiry => RedactedEntity.Expiry,
        GoldenKind.IsraeliId => RedactedEntity.IsraeliId,
        GoldenKind.Phone => RedactedEntity.Phone,
        _ => null,
    };
}

/// <summary>What one speaker says without a break: its words, where each is followed by a longer pause (a group's end), and its numbers.</summary>
public sealed record GoldenTurn(GoldenSpeaker Speaker, IReadOnlyList<string> Words, IReadOnlyList<bool> PauseAfter, IReadOnlyList<GoldenNumber> Numbers)
{
    public string Text => string.Join(' ', Words);
}

/// <summary>One small exchange between the agent and the customer, about one number (and, after a card, its expiry and code).</summary>
public sealed record GoldenUtterance(int Index, GoldenLanguage Language, GoldenKind Kind, IReadOnlyList<GoldenTurn> Turns)
{
    public IEnumerable<GoldenNumber> Numbers => Turns.SelectMany(t => t.Numbers);
}

/// <summary>
/// The golden set of spoken numbers for the audio test of issue 26: small agent/customer exchanges in English and
/// Hebrew, each number said the way people say it on the phone (digit by digit in groups, in pairs like "forty five
/// ninety one" / "ארבעים וחמש", with "oh", "double", ו before a last digit, "plus nine seven two"...). Generated from a
/// fixed seed: the same set every run. Written independently of the detectors: the check digits are computed here.
/// </summary>
public static class SpokenGoldenSet
{
    /// <summary>How many exchanges of each kind, per language (100 per language).</summary>
    public static readonly IReadOnlyList<(GoldenKind Kind, int Count)> Composition =
    [
        (GoldenKind.Card, 22), (GoldenKind.InvalidCard, 8), (GoldenKind.IsraeliId, 16), (GoldenKind.InvalidId, 8),
        (GoldenKind.Phone, 16), (GoldenKind.Price, 10), (GoldenKind.OrderNumber, 10), (GoldenKind.Time, 6), (GoldenKind.Quantity, 4),
    ];

    public static IReadOnlyList<GoldenUtterance> Build(int seed)
    {
        var random = new Random(seed);
        var utterances = new List<GoldenUtterance>();
        foreach (var language in new[] { GoldenLanguage.English, GoldenLanguage.Hebrew })
        {
            var kinds = Composition.SelectMany(c => Enumerable.Repeat(c.Kind, c.Count)).ToArray();
            random.Shuffle(kinds);
            var say = new Speech(language, random);
            for (var i = 0; i < kinds.Length; i++)
            {
                // Every third card is followed by its expiry, every other one by its code (some by both).
                var card = utterances.Count(u => u.Language == language && u.Kind == GoldenKind.Card);
                utterances.Add(new GoldenUtterance(utterances.Count, language, kinds[i], say.Exchange(kinds[i], card % 3 != 1, card % 2 == 0)));
            }
        }

        return utterances;
    }

    /// <summary>Builds one turn word by word, recording where its numbers are.</summary>
    private sealed class TurnBuilder(GoldenSpeaker speaker)
    {
        private readonly List<string> _words = [];
        private readonly List<bool> _pauses = [];
        private readonly List<GoldenNumber> _numbers = [];

        public TurnBuilder Say(string text)
        {
            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                _words.Add(word);
                _pauses.Add(false);
            }

            return this;
        }

        /// <summary>A number: its groups of words, a longer pause after each group.</summary>
        public TurnBuilder Number(GoldenKind kind, string digits, IEnumerable<IEnumerable<string>> groups)
        {
            var first = _words.Count;
            foreach (var group in groups)
            {
                foreach (var word in group.SelectMany(w => w.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
                {
                    _words.Add(word);
                    _pauses.Add(false);
                }

                _pauses[^1] = true;
            }

            _pauses[^1] = false;
            _numbers.Add(new GoldenNumber(kind, digits, first, _words.Count - 1));
            return this;
        }

        public GoldenTurn Build() => new(speaker, [.. _words], [.. _pauses], [.. _numbers]);
    }

    /// <summary>How one language says things.</summary>
    private sealed class Speech(GoldenLanguage language, Random random)
    {
        private static readonly string[] EnglishDigits = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
        private static readonly string[] EnglishTeens = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
        private static readonly string[] EnglishTens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
        private static readonly string[] HebrewDigits = ["אפס", "אחת", "שתיים", "שלוש", "ארבע", "חמש", "שש", "שבע", "שמונה", "תשע"];
        private static readonly string[] HebrewTeens = ["עשר", "אחת עשרה", "שתים עשרה", "שלוש עשרה", "ארבע עשרה", "חמש עשרה", "שש עשרה", "שבע עשרה", "שמונה עשרה", "תשע עשרה"];
        private static readonly string[] HebrewTens = ["", "", "עשרים", "שלושים", "ארבעים", "חמישים", "שישים", "שבעים", "שמונים", "תשעים"];
        private static readonly string[] HebrewHundreds = ["", "מאה", "מאתיים", "שלוש מאות", "ארבע מאות", "חמש מאות", "שש מאות", "שבע מאות", "שמונה מאות", "תשע מאות"];

        private bool English => language == GoldenLanguage.English;

        private string Pick(params string[] options) => options[random.Next(options.Length)];

        private TurnBuilder Agent(string english, string hebrew) => new TurnBuilder(GoldenSpeaker.Agent).Say(English ? english : hebrew);

        private TurnBuilder Customer(string english, string hebrew) => new TurnBuilder(GoldenSpeaker.Customer).Say(English ? english : hebrew);

        public List<GoldenTurn> Exchange(GoldenKind kind, bool expiry, bool code) => kind switch
        {
            GoldenKind.Card => CardExchange(expiry, code),
            GoldenKind.InvalidCard =>
            [
                Agent(Pick("can I have the card number please", "what is the credit card number"), Pick("מה מספר הכרטיס בבקשה", "אפשר את מספר כרטיס האשראי")).Build(),
                Customer(Pick("yes it is", "sure"), Pick("כן זה", "בטח")).Number(kind, InvalidCardNumber(), DigitGroups(_last, [4, 4, 4, 4])).Build(),
                Agent("sorry that does not look right", "סליחה זה לא נראה תקין").Build(),
            ],
            GoldenKind.IsraeliId or GoldenKind.InvalidId =>
            [
                Agent(Pick("what is your ID number", "can I have your identity number"), Pick("מה מספר תעודת הזהות שלך", "אפשר מספר תעודת זהות")).Build(),
                Customer(Pick("it is", "yes"), Pick("זה", "כן")).Number(kind, kind == GoldenKind.IsraeliId ? IdNumber() : InvalidIdNumber(), Grouped(_last, IdGrouping(), pairs: kind == GoldenKind.IsraeliId)).Build(),
                Agent("thank you", "תודה").Build(),
            ],
            GoldenKind.Phone => PhoneExchange(),
            GoldenKind.Price => PriceExchange(),
            GoldenKind.OrderNumber =>
            [
                Customer("I am calling about order number", "אני פונה לגבי הזמנה מספר").Number(kind, OrderNumber(), Grouped(_last, _last.Length > 6 ? [4, _last.Length - 4] : [3, _last.Length - 3], pairs: true)).Build(),
                Agent("let me check that for you", "רגע אני בודקת").Build(),
            ],
            GoldenKind.Time => TimeExchange(),
            GoldenKind.Quantity => QuantityExchange(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an exchange kind."),
        };

        /// <summary>The digits the last generator made (so that an exchange can say them right after making them).</summary>
        private string _last = string.Empty;

        private List<GoldenTurn> CardExchange(bool expiry, bool code)
        {
            var amex = random.Next(6) == 0;
            var number = CardNumber(amex);
            var turns = new List<GoldenTurn>
            {
                Agent(Pick("can I have the card number please", "what is the credit card number", "please read me the card number"),
                    Pick("מה מספר הכרטיס בבקשה", "אפשר את מספר כרטיס האשראי", "תקריא לי את מספר הכרטיס")).Build(),
                Customer(Pick("yes it is", "sure", "okay it is"), Pick("כן זה", "בטח", "רגע כן")).Number(GoldenKind.Card, number, Grouped(number, amex ? [4, 6, 5] : [4, 4, 4, 4], pairs: true)).Build(),
            };
            if (expiry)
            {
                turns.Add(Agent(Pick("and the expiry date", "when does it expire"), Pick("ומה התוקף", "עד מתי הכרטיס בתוקף")).Build());
                var (digits, words) = ExpiryDate();
                turns.Add(new TurnBuilder(GoldenSpeaker.Customer).Number(GoldenKind.Expiry, digits, words).Build());
            }

            if (code)
            {
                turns.Add(Agent(Pick("and the three digits on the back", "and the security code"), Pick("ומה שלוש הספרות בגב הכרטיס", "וקוד האבטחה")).Build());
                // A code of 3 digits is sometimes said as a digit and a pair ("four seventeen"); not in Hebrew when the pair is
                // 10 to 19, where "שמונה עשר" is eighteen, not eight-ten.
                var cvv = Digits(amex ? 4 : 3);
                turns.Add(new TurnBuilder(GoldenSpeaker.Customer).Number(GoldenKind.SecurityCode, cvv, random.Next(3) == 0 && cvv.Length == 3 && cvv[1] != '0' && (English || cvv[1] != '1')
                    ? [Pair(cvv[..1]), Pair(cvv[1..])]
                    : [DigitWords(cvv)]).Build());
            }

            turns.Add(Agent("thank you", "תודה רבה").Build());
            return turns;
        }

        private List<GoldenTurn> PhoneExchange()
        {
            var agent = Agent(Pick("what is a good phone number for you", "can I have your mobile number"), Pick("מה מספר הטלפון שלך", "אפשר מספר נייד")).Build();
            var customer = Customer(Pick("it is", "yes"), Pick("זה", "כן"));
            switch (random.Next(4))
            {
                case 0:
                    // +972 and the mobile number without its 0.
                    var mobile = "5" + random.Next(0, 9).ToString(CultureInfo.InvariantCulture) + Digits(7);
                    customer.Number(GoldenKind.Phone, "972" + mobile, [[English ? "plus" : "פלוס", .. DigitWords("972")], .. Grouped(mobile, [2, 3, 4], pairs: false)]);
                    break;
                case 1:
                    var landline = "0" + Pick("2", "3", "4", "8", "9") + Digits(7);
                    customer.Number(GoldenKind.Phone, landline, Grouped(landline, [2, 3, 4], pairs: false));
                    break;
                default:
                    var number = "05" + random.Next(0, 9).ToString(CultureInfo.InvariantCulture) + Digits(7);
                    customer.Number(GoldenKind.Phone, number, Grouped(number, [3, 3, 4], pairs: true));
                    break;
            }

            return [agent, customer.Build(), Agent("thank you I will call you", "תודה נחזור אלייך").Build()];
        }

        private List<GoldenTurn> PriceExchange()
        {
            var shekels = random.Next(3) switch
            {
                0 => random.Next(2, 10) * 10,
                1 => random.Next(101, 1000),
                _ => random.Next(11, 100),
            };
            var agent = Agent("the total comes to", "הסכום הוא");
            agent.Number(GoldenKind.Price, shekels.ToString(CultureInfo.InvariantCulture), [Amount(shekels)]);
            agent.Say(English ? "shekels" : "שקלים");
            return [agent.Build(), Customer("okay that is fine", "בסדר גמור").Build()];
        }

        private List<GoldenTurn> TimeExchange()
        {
            var hour = random.Next(1, 13);
            var minutes = Pick("15", "20", "30", "45", "10");
            var agent = Agent(Pick("the technician will come tomorrow at", "we can meet on Sunday at"), Pick("הטכנאי יגיע מחר בשעה", "נקבע ליום ראשון בשעה"));
            // Hebrew says the minutes after ו: "שלוש ועשרים", "שלוש ורבע", "שלוש וחצי".
            IEnumerable<string> minuteWords = English ? Pair(minutes) : minutes switch
            {
                "10" => ["ועשרה"],
                "15" => ["ורבע"],
                "20" => ["ועשרים"],
                "30" => ["וחצי"],
                _ => ["ארבעים", "וחמש"],
            };
            agent.Number(GoldenKind.Time, hour.ToString(CultureInfo.InvariantCulture) + minutes, [Pair(hour.ToString(CultureInfo.InvariantCulture)), minuteWords]);
            return [agent.Build(), Customer("great thank you", "מצוין תודה").Build()];
        }

        private List<GoldenTurn> QuantityExchange()
        {
            var count = random.Next(2, 30);
            var customer = Customer("I would like to order", "אני רוצה להזמין");
            customer.Number(GoldenKind.Quantity, count.ToString(CultureInfo.InvariantCulture), [Amount(count)]);
            customer.Say(English ? "boxes" : "קופסאות");
            return [customer.Build(), Agent("no problem", "אין בעיה").Build()];
        }

        /// <summary>A card's expiry, month then year, as people say it: "oh five twenty seven", "twelve twenty six", "אפס חמש עשרים ושבע".</summary>
        private (string Digits, IEnumerable<IEnumerable<string>> Words) ExpiryDate()
        {
            var month = random.Next(1, 13);
            var year = random.Next(25, 34);
            var digits = month.ToString("d2", CultureInfo.InvariantCulture) + year.ToString(CultureInfo.InvariantCulture);
            IEnumerable<string> monthWords = month < 10 && random.Next(2) == 0 ? Pair("0" + month.ToString(CultureInfo.InvariantCulture)) : Pair(month.ToString(CultureInfo.InvariantCulture));
            return (digits, [monthWords, Pair(year.ToString(CultureInfo.InvariantCulture))]);
        }

        private string Digits(int count) => string.Concat(Enumerable.Range(0, count).Select(_ => (char)('0' + random.Next(10))));

        private string CardNumber(bool amex)
        {
            var prefix = amex ? Pick("34", "37") : random.Next(2) == 0 ? "4" : "5" + random.Next(1, 6).ToString(CultureInfo.InvariantCulture);
            var body = prefix + Digits((amex ? 15 : 16) - 1 - prefix.Length);
            return _last = body + Enumerable.Range(0, 10).Select(d => d.ToString(CultureInfo.InvariantCulture)).First(d => Luhn(body + d));
        }

        private string InvalidCardNumber()
        {
            while (true)
            {
                var digits = (random.Next(2) == 0 ? "4" : "5") + Digits(15);
                var windows = from start in Enumerable.Range(0, digits.Length)
                              from length in Enumerable.Range(13, 7)
                              where start + length <= digits.Length && digits[start] is >= '2' and <= '6'
                              select digits.Substring(start, length);
                if (!windows.Any(Luhn))
                {
                    return _last = digits;
                }
            }
        }

        private string IdNumber()
        {
            var body = random.Next(0, 4).ToString(CultureInfo.InvariantCulture) + Digits(7);
            return _last = body + Enumerable.Range(0, 10).Select(d => d.ToString(CultureInfo.InvariantCulture)).First(d => IsraeliId(body + d));
        }

        private string InvalidIdNumber()
        {
            while (true)
            {
                var digits = random.Next(1, 4).ToString(CultureInfo.InvariantCulture) + Digits(8);
                if (!IsraeliId(digits) && !IsraeliId("0" + digits[..8]) && !IsraeliId("0" + digits[1..]))
                {
                    return _last = digits;
                }
            }
        }

        private string OrderNumber()
        {
            while (true)
            {
                var digits = random.Next(1, 10).ToString(CultureInfo.InvariantCulture) + Digits(random.Next(5, 8));
                if (!Luhn(digits))
                {
                    return _last = digits;
                }
            }
        }

        private int[] IdGrouping() => random.Next(3) switch
        {
            0 => [3, 3, 3],
            1 => [9],
            _ => [2, 3, 4],
        };

        /// <summary>The digits in groups of the given sizes, each group digit by digit or (with <paramref name="pairs"/>, half the time) in pairs.</summary>
        private List<IEnumerable<string>> Grouped(string digits, int[] sizes, bool pairs)
        {
            var byPairs = pairs && random.Next(2) == 0;
            var groups = new List<IEnumerable<string>>();
            var at = 0;
            foreach (var size in sizes)
            {
                var group = digits.Substring(at, size);
                at += size;
                groups.Add(byPairs ? group.Chunk(2).SelectMany(p => Pair(new string(p))).ToList() : DigitWords(group));
            }

            return groups;
        }

        /// <summary>The digits in groups, digit by digit.</summary>
        private List<IEnumerable<string>> DigitGroups(string digits, int[] sizes) => Grouped(digits, sizes, pairs: false);

        /// <summary>A group digit by digit: "oh" or "zero", "double five"; in Hebrew sometimes ו before the last digit.</summary>
        private List<string> DigitWords(string group)
        {
            var words = new List<string>();
            var vav = !English && random.Next(3) == 0;
            for (var i = 0; i < group.Length; i++)
            {
                var d = group[i] - '0';
                if (English && i + 1 < group.Length && group[i + 1] == group[i] && random.Next(3) == 0)
                {
                    words.Add("double");
                    words.Add(EnglishDigits[d]);
                    i++;
                    continue;
                }

                var word = English ? (d == 0 && random.Next(2) == 0 ? "oh" : EnglishDigits[d]) : HebrewDigits[d];
                words.Add(vav && i == group.Length - 1 && i > 0 ? "ו" + word : word);
            }

            return words;
        }

        /// <summary>Two digits as one number ("forty five", "oh five", "twelve"; "ארבעים וחמש", "אפס חמש", "שתים עשרה"), or one digit.</summary>
        private string[] Pair(string pair)
        {
            if (pair.Length == 1)
            {
                return [English ? EnglishDigits[pair[0] - '0'] : HebrewDigits[pair[0] - '0']];
            }

            var (tens, units) = (pair[0] - '0', pair[1] - '0');
            return English
                ? tens switch
                {
                    0 => [random.Next(2) == 0 ? "oh" : "zero", EnglishDigits[units]],
                    1 => [EnglishTeens[units]],
                    _ => units == 0 ? [EnglishTens[tens]] : [EnglishTens[tens], EnglishDigits[units]],
                }
                : tens switch
                {
                    0 => [HebrewDigits[0], HebrewDigits[units]],
                    1 => HebrewTeens[units].Split(' '),
                    _ => units == 0 ? [HebrewTens[tens]] : [HebrewTens[tens], "ו" + HebrewDigits[units]],
                };
        }

        /// <summary>An amount: "a hundred and twenty", "three hundred forty five"; "מאה ועשרים", "שלוש מאות ארבעים וחמש".</summary>
        private List<string> Amount(int value)
        {
            var words = new List<string>();
            var (hundreds, rest) = (value / 100, value % 100);
            if (hundreds > 0)
            {
                if (English)
                {
                    words.AddRange(hundreds == 1 && random.Next(2) == 0 ? ["a", "hundred"] : [EnglishDigits[hundreds], "hundred"]);
                    if (rest > 0)
                    {
                        words.Add("and");
                    }
                }
                else
                {
                    words.AddRange(HebrewHundreds[hundreds].Split(' '));
                }
            }

            if (rest > 0)
            {
                var said = Pair(rest.ToString(CultureInfo.InvariantCulture));
                if (!English && hundreds > 0 && said.Length == 1 && rest >= 10)
                {
                    said[0] = "ו" + said[0]; // "מאה ועשרים"
                }

                words.AddRange(said);
            }

            return words;
        }

        /// <summary>The Luhn check (ISO/IEC 7812).</summary>
        private static bool Luhn(string digits)
        {
            var sum = 0;
            for (var i = 0; i < digits.Length; i++)
            {
                var d = digits[digits.Length - 1 - i] - '0';
                sum += i % 2 == 1 ? (d * 2 > 9 ? (d * 2) - 9 : d * 2) : d;
            }

            return sum % 10 == 0;
        }

        /// <summary>The Israeli identity number's check: 9 digits, weights 1,2,1,2... from the left, the digits of each product summed.</summary>
        private static bool IsraeliId(string digits)
        {
            if (digits.Length != 9 || digits.TrimStart('0').Length == 0)
            {
                return false;
            }

            var sum = 0;
            for (var i = 0; i < 9; i++)
            {
                var product = (digits[i] - '0') * (i % 2 == 0 ? 1 : 2);
                sum += product > 9 ? product - 9 : product;
            }

            return sum % 10 == 0;
        }
    }
}
