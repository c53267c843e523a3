using System.Globalization;
using System.Text;
using Recordings.Domain.Calls;

namespace Recordings.Bench.Scale;

/// <summary>
/// Call-centre conversations as a speech-to-text engine writes them: about 40 segments of one or two sentences, the
/// agent and the customer in turn, in Hebrew (with its prefixed forms: הלקוח, ללקוח, והחשבון...) or English, with
/// numbers said as digits. Each template also carries words of its own (a product code, a rare word), so that a rare
/// search finds a few calls and a common one most of them.
/// </summary>
internal static class Transcripts
{
    private static readonly string[] HebrewAgent =
    [
        "שלום, הגעתם לשירות הלקוחות של {0}, מדברת {1}, במה אפשר לעזור?",
        "אני רואה את החשבון שלך במערכת, רק רגע אני בודקת.",
        "החשבונית האחרונה נשלחה בתאריך {2}, על סך {3} שקלים.",
        "אני יכולה להעביר אותך למחלקת הגבייה או לטפל בזה בעצמי.",
        "ביטלתי את החיוב הכפול, הזיכוי יופיע בחשבון תוך שבעה ימי עסקים.",
        "לצורך אימות, תוכל למסור לי את ארבע הספרות האחרונות של תעודת הזהות?",
        "המנוי שלך כולל חבילת גלישה של {4} גיגה ושיחות ללא הגבלה.",
        "אני מצטערת על אי הנוחות, אני מעדכנת את הבקשה במערכת.",
        "הטכנאי יגיע ביום {5} בין השעות שמונה לשתים עשרה.",
        "האם יש עוד משהו שאוכל לעזור לך בו היום?",
        "רשמתי את הפנייה, מספר הפנייה הוא {6}.",
        "בהחלט, אני שולחת לך את הפרטים בהודעה.",
    ];

    private static readonly string[] HebrewCustomer =
    [
        "היי, אני מתקשר בקשר לחשבונית של החודש, חייבו אותי פעמיים.",
        "כן, המספר שלי הוא {7}.",
        "קיבלתי הודעה שהחבילה שלי הסתיימה ואני לא מבין למה.",
        "אני לקוח כבר עשר שנים ואף פעם לא היו לי בעיות כאלה.",
        "אפשר לדבר עם מנהל? אני רוצה לבטל את המנוי.",
        "הראוטר מתנתק כל ערב, כבר החלפתי אותו פעם אחת.",
        "תודה רבה, עזרת לי מאוד.",
        "בסדר, אז מתי הזיכוי ייכנס לחשבון הבנק?",
        "אני צריך את זה בכתב, תשלחי לי במייל בבקשה.",
        "לא, זה הכל, תודה ויום טוב.",
        "שמעתי על המבצע של {0} ללקוחות ותיקים, זה רלוונטי אליי?",
        "הטלפון של אשתי גם רשום על החשבון שלי.",
    ];

    private static readonly string[] EnglishAgent =
    [
        "Thank you for calling {0} customer service, this is {1}, how can I help you today?",
        "I can see your account here, just a moment while I check.",
        "Your last invoice was sent on {2}, for {3} dollars.",
        "I can transfer you to billing or take care of it myself.",
        "I have reversed the double charge, the refund will show within seven business days.",
        "To verify your identity, could you give me the last four digits of your card?",
        "Your plan includes {4} gigabytes of data and unlimited calls.",
        "I'm sorry for the trouble, I'm updating the ticket now.",
        "A technician will come on {5} between eight and noon.",
        "Is there anything else I can help you with today?",
        "I've logged the request, your ticket number is {6}.",
        "Absolutely, I'm sending you the details by text message.",
    ];

    private static readonly string[] EnglishCustomer =
    [
        "Hi, I'm calling about this month's invoice, I was charged twice.",
        "Yes, my number is {7}.",
        "I got a message that my data package ran out and I don't understand why.",
        "I've been a customer for ten years and never had problems like this.",
        "Can I speak to a manager? I want to cancel my subscription.",
        "The router disconnects every evening, I already replaced it once.",
        "Thank you so much, you've been very helpful.",
        "Okay, so when will the refund reach my bank account?",
        "I need that in writing, please email it to me.",
        "No, that's all, thanks and have a nice day.",
        "I heard about the {0} offer for long-time customers, does it apply to me?",
        "My wife's phone is on my account too.",
    ];

    private static readonly string[] Brands = ["סלקום", "פרטנר", "הוט", "בזק", "Acme", "Globex"];
    private static readonly string[] HebrewNames = ["דנה", "מיכל", "נועה", "רותם", "שירה", "יעל"];
    private static readonly string[] EnglishNames = ["Dana", "Michael", "Noa", "Rachel", "Sam", "Olivia"];
    private static readonly string[] HebrewDays = ["ראשון", "שני", "שלישי", "רביעי", "חמישי"];
    private static readonly string[] EnglishDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

    /// <summary>The rare words: each template says one of them once (about N / templates calls find it).</summary>
    public static string RareWord(int template, bool hebrew) =>
        hebrew ? "זפר" + Letters(template, "אבגדהוזחטיכלמנסעפצקרשת") : "zephyr" + Letters(template, "abcdefghijklmnopqrstuvwxyz");

    /// <summary>A number written in letters (the rare words must be words, not digits).</summary>
    private static string Letters(int n, string alphabet)
    {
        var text = new StringBuilder();
        do
        {
            text.Append(alphabet[n % alphabet.Length]);
            n /= alphabet.Length;
        }
        while (n > 0);
        return text.ToString();
    }

    public static (bool Hebrew, List<TranscriptSegment> Segments) Make(int template, string customerNumber)
    {
        var random = new Random(template * 7919);
        var hebrew = template % 5 < 3;
        var (agent, customer, names, days) = hebrew
            ? (HebrewAgent, HebrewCustomer, HebrewNames, HebrewDays)
            : (EnglishAgent, EnglishCustomer, EnglishNames, EnglishDays);
        var fill = new object[]
        {
            Brands[random.Next(Brands.Length)], names[random.Next(names.Length)],
            $"{random.Next(1, 29)}.{random.Next(1, 13)}", random.Next(49, 400).ToString(CultureInfo.InvariantCulture),
            random.Next(5, 200).ToString(CultureInfo.InvariantCulture), days[random.Next(days.Length)],
            random.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture), customerNumber,
        };
        var segments = new List<TranscriptSegment>(40);
        var at = 0.4;
        var rareAt = random.Next(5, 35);
        for (var i = 0; i < 40; i++)
        {
            var speaker = i % 2 == 0 ? "agent" : "customer";
            var lines = i % 2 == 0 ? agent : customer;
            var text = string.Format(CultureInfo.InvariantCulture, lines[i == 0 ? 0 : random.Next(lines.Length)], fill);
            if (i == rareAt)
            {
                text += (hebrew ? " זה קשור ל" : " it is about the ") + RareWord(template, hebrew) + ".";
            }

            var length = 2 + (text.Length / 14.0) + random.NextDouble();
            segments.Add(new TranscriptSegment(Math.Round(at, 2), Math.Round(at + length, 2), speaker, text));
            at += length + 0.3 + random.NextDouble();
        }

        return (hebrew, segments);
    }
}
