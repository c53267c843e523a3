namespace Recordings.Demo;

/// <summary>What the simulated Twilio does with a demo recording, and what the demo leaves it as.</summary>
public enum DemoRecordingKind
{
    /// <summary>Downloaded, transcribed and summarized at start-up: plays at once.</summary>
    Ready,

    /// <summary>Goes through the pipeline, then our copy is released: Play shows "Preparing" while it downloads again.</summary>
    AtTwilio,

    /// <summary>Like <see cref="AtTwilio"/>, and the simulated host sends it slowly, so the progress shows.</summary>
    SlowAtTwilio,

    /// <summary>The call was not answered: it has no recording (the file endpoint answers 404).</summary>
    NoRecording,

    /// <summary>The simulated host fails every download of it until the app has given up once (502, then Try again works).</summary>
    FailingDownload,

    /// <summary>
    /// An old call: downloaded and transcribed, then its audio deleted by the demo business's retention policy
    /// (<see cref="DemoCatalog.AudioRetentionDays"/>): the player says when; the transcript stays.
    /// </summary>
    Expired,
}

/// <summary>One line of a demo call: who says it (agent or caller), in which espeak-ng voice.</summary>
public sealed record DemoLine(string Voice, string Text);

/// <summary>
/// Who speaks a turn of a dual-channel call, and so on which channel it is heard: Twilio records the customer's leg on
/// channel 1 and the agent's on channel 2 (the app's <c>Speakers</c>).
/// </summary>
public enum DemoSpeaker
{
    Customer = 1,
    Agent = 2,
}

/// <summary>
/// One turn of a dual-channel call: after <paramref name="PauseSeconds"/> in which nobody speaks, <paramref name="Speaker"/>
/// says an espeak-ng line (<paramref name="Line"/>) or is heard in a pocketsphinx-testdata recording
/// (<paramref name="TestDataFile"/>, relative to <see cref="DemoCatalog.TestDataRoot"/>), on their own channel only.
/// </summary>
public sealed record DemoTurn(DemoSpeaker Speaker, double PauseSeconds, DemoLine? Line, string? TestDataFile);

/// <summary>
/// A demo call. Its audio is either spoken by espeak-ng (<see cref="Lines"/>) or made of pocketsphinx-testdata's human
/// recordings (<see cref="TestDataFiles"/>, relative to <see cref="DemoCatalog.TestDataRoot"/>), mixed in one channel;
/// or, for a dual-channel call, its <see cref="Turns"/>: the customer on channel 1 and the agent on channel 2.
/// </summary>
public sealed record DemoCall(
    int Number,
    DemoRecordingKind Kind,
    string Counterpart,
    bool Inbound,
    int MinutesAgo,
    IReadOnlyList<DemoLine> Lines,
    IReadOnlyList<string> TestDataFiles)
{
    /// <summary><c>CA</c> + <c>de</c> + zeros + the two-digit number: easy to recognise, stable across runs.</summary>
    public string CallSid => $"CAde{Number:d30}";

    /// <summary><c>RE</c> + <c>de</c> (the first part) or <c>d2</c> (the second) + zeros + the number.</summary>
    public string RecordingSid => Part == 1 ? $"REde{Number:d30}" : $"REd{Part}{Number:d30}";

    /// <summary>Which recording of the call this is (1, or 2 for the part after a transfer).</summary>
    public int Part { get; init; } = 1;

    /// <summary>
    /// The call's second recording (the agent transferred the caller, and the other team's part was recorded on its own),
    /// or null. Twilio reports it after the first, starting when the first ended.
    /// </summary>
    public DemoCall? Transfer { get; init; }

    /// <summary>The call's recordings: this one, and the transferred part when there is one.</summary>
    public IEnumerable<DemoCall> Parts => Transfer is null ? [this] : [this, Transfer];

    public bool HasRecording => Kind != DemoRecordingKind.NoRecording;

    /// <summary>
    /// The turns of a dual-channel call, in order (each speaker on their own channel of one stereo mp3, as Twilio records
    /// with <c>RecordingChannels=2</c>); empty for a mono call, whose audio is its <see cref="Lines"/> or <see cref="TestDataFiles"/>.
    /// </summary>
    public IReadOnlyList<DemoTurn> Turns { get; init; } = [];

    /// <summary>How many channels Twilio recorded (its <c>RecordingChannels</c>): 2 for a call with <see cref="Turns"/>, else 1.</summary>
    public int Channels => Turns.Count > 0 ? 2 : 1;

    /// <summary>
    /// Twilio's callbacks for this call are "lost": the simulated Twilio only lists it in its REST API, and the app
    /// learns of it through reconciliation, as it would of a real lost webhook.
    /// </summary>
    public bool ArrivesOnlyThroughReconciliation { get; init; }

    /// <summary>
    /// The language of the call's scripted transcript, or null. A call with one (its <see cref="Turns"/> espeak-ng lines)
    /// is spoken word by word, so that each word's time in its audio is known exactly, and the demo's transcriber
    /// returns those words instead of asking the offline engine, which cannot transcribe it (see
    /// <see cref="DemoScriptedTranscriber"/>).
    /// </summary>
    public string? ScriptedLanguage { get; init; }

    /// <summary>
    /// The demo business turns redaction on before delivering this call (after the others are staged), so that it is
    /// downloaded, transcribed and redacted as a business that redacts gets it.
    /// </summary>
    public bool ArrivesOnceRedactionIsOn { get; init; }
}

/// <summary>
/// The calls demo mode delivers: English and Hebrew, human and synthetic speech, mono and dual-channel, and the special
/// cases.
/// </summary>
public static class DemoCatalog
{
    public const string TestDataRoot = "/usr/share/pocketsphinx/test/data";

    /// <summary>The demo business keeps audio this many days (transcripts for ever): the <see cref="DemoRecordingKind.Expired"/> call is older.</summary>
    public const int AudioRetentionDays = 7;

    private const string Agent = "en-us";
    private const string Caller = "en-gb";
    private const string HebrewAgent = "he";
    private const string HebrewCaller = "he+f2";

    public static IReadOnlyList<DemoCall> Calls { get; } =
    [
        Spoken(1, DemoRecordingKind.Ready, "+14155550101", inbound: true, minutesAgo: 25,
            (Agent, "Thank you for calling Demo Support, this is Dana. How can I help you today?"),
            (Caller, "Hi Dana. I was charged twice for my March invoice and I would like a refund for the second payment."),
            (Agent, "I am sorry about that. I can see both payments. I will refund the duplicate payment today."),
            (Caller, "Thank you. How long will the refund take?"),
            (Agent, "The refund reaches your card within five business days. You will get an email confirmation.")),
        Human(2, DemoRecordingKind.Ready, "+442075550102", inbound: true, minutesAgo: 48,
            "librivox/sense_and_sensibility_01_austen_64kb-0870.wav",
            "librivox/sense_and_sensibility_01_austen_64kb-0880.wav",
            "librivox/sense_and_sensibility_01_austen_64kb-0890.wav"),
        Human(3, DemoRecordingKind.Ready, "+14155550103", inbound: false, minutesAgo: 75,
            "goforward.raw", "numbers.raw", "something.raw"),
        Spoken(4, DemoRecordingKind.Ready, "+972525550104", inbound: true, minutesAgo: 110,
            (HebrewAgent, "שלום, הגעתם לשירות הלקוחות. מדברת דנה, במה אפשר לעזור?"),
            (HebrewCaller, "שלום, ההזמנה שלי לא הגיעה עדיין ואני מחכה כבר שבוע."),
            (HebrewAgent, "אני בודקת. ההזמנה נשלחה אתמול ותגיע מחר בבוקר."),
            (HebrewCaller, "תודה רבה.")),
        Spoken(5, DemoRecordingKind.Ready, "+14155550105", inbound: false, minutesAgo: 160,
            (Agent, "Hello, this is Dana from Demo Support, returning your call about the premium plan."),
            (Caller, "Yes, thanks. I want to upgrade our team of twelve people to the premium plan."),
            (Agent, "Great. The premium plan costs twenty dollars per user per month. I will send you the quote by email."),
            (Caller, "Perfect, please send it to the billing address on file. Could I also move to yearly billing?"),
            (Agent, "Of course. I am transferring you to our billing team now.")) with
        {
            // The billing team's part is a recording of its own: the call page shows Part 1 of 2 and Part 2 of 2.
            Transfer = Spoken(5, DemoRecordingKind.Ready, "+14155550105", inbound: false, minutesAgo: 160,
                (Caller, "Hello, I was transferred about yearly billing."),
                (Agent, "Hi, this is Omer from billing. Yearly billing saves two months. I have switched your account from next month.")) with
            {
                Part = 2,
            },
        },
        Spoken(6, DemoRecordingKind.Ready, "+972535550106", inbound: false, minutesAgo: 220,
            (HebrewAgent, "שלום, זו דנה מהשירות. חזרתי אליך לגבי התקלה בחשבון."),
            (HebrewCaller, "כן, אני לא מצליח להתחבר מאז אתמול."),
            (HebrewAgent, "איפסתי את הסיסמה. קיבלת הודעה עם קישור חדש.")),
        Spoken(7, DemoRecordingKind.AtTwilio, "+14155550107", inbound: true, minutesAgo: 5,
            (Agent, "Demo Support, Dana speaking. How can I help?"),
            (Caller, "Hello. My delivery was supposed to arrive on Monday but the tracking page has not changed since Friday."),
            (Agent, "I will look up the tracking number now. The parcel is at the local depot and will be delivered tomorrow morning."),
            (Caller, "Can I pick it up from the depot instead?"),
            (Agent, "Yes. Bring your order number and an identity card. The depot is open until six in the evening."),
            (Caller, "Great, thank you very much for your help.")),
        Spoken(8, DemoRecordingKind.AtTwilio, "+972545550108", inbound: true, minutesAgo: 9,
            (HebrewAgent, "שלום, מדברת דנה. איך אפשר לעזור?"),
            (HebrewCaller, "אני רוצה לבטל את המנוי החודשי שלי."),
            (HebrewAgent, "ביטלתי את המנוי. החיוב האחרון יהיה בסוף החודש.")),
        Human(9, DemoRecordingKind.SlowAtTwilio, "+14155550109", inbound: true, minutesAgo: 12,
            "librivox/sense_and_sensibility_01_austen_64kb-0920.wav",
            "librivox/sense_and_sensibility_01_austen_64kb-0930.wav",
            "librivox/sense_and_sensibility_01_austen_64kb-0870.wav",
            "librivox/sense_and_sensibility_01_austen_64kb-0880.wav"),
        new DemoCall(10, DemoRecordingKind.NoRecording, "+14155550110", Inbound: true, MinutesAgo: 15, [], []),
        Spoken(11, DemoRecordingKind.FailingDownload, "+14155550111", inbound: true, minutesAgo: 18,
            (Agent, "Demo Support, this is Dana."),
            (Caller, "Hi, I need to change the shipping address of my order to my office."),
            (Agent, "Done. The order now goes to your office address.")),
        Spoken(12, DemoRecordingKind.Ready, "+14155550112", inbound: true, minutesAgo: 300,
            (Caller, "Hi, this is a message for Dana. Please call me back about the contract renewal. Thanks."))
            with { ArrivesOnlyThroughReconciliation = true },
        Spoken(13, DemoRecordingKind.Expired, "+14155550113", inbound: true, minutesAgo: 10 * 24 * 60,
            (Agent, "Demo Support, this is Dana."),
            (Caller, "Hello, I am calling to confirm my appointment for next Tuesday at ten."),
            (Agent, "Your appointment is confirmed. See you on Tuesday.")),

        // Dual-channel: the customer on channel 1, the agent on channel 2, so the call page has a lane per speaker and
        // labelled lines; each has one pause of 4 s where nobody speaks (a silence to skip); the other pauses are short.
        DualChannel(14, DemoRecordingKind.Ready, "+14155550114", inbound: true, minutesAgo: 3,
            Heard(DemoSpeaker.Customer, after: 0.5, "goforward.raw"),
            Heard(DemoSpeaker.Agent, after: 0.7, "librivox/sense_and_sensibility_01_austen_64kb-0880.wav"),
            Heard(DemoSpeaker.Customer, after: 0.7, "numbers.raw"),
            Heard(DemoSpeaker.Agent, after: 4.0, "librivox/sense_and_sensibility_01_austen_64kb-0930.wav"),
            Heard(DemoSpeaker.Customer, after: 0.7, "something.raw"),
            Heard(DemoSpeaker.Agent, after: 0.4, "librivox/sense_and_sensibility_01_austen_64kb-0890.wav")),
        DualChannel(15, DemoRecordingKind.Ready, "+972505550115", inbound: true, minutesAgo: 30,
            Says(DemoSpeaker.Customer, after: 0.5, HebrewCaller, "שלום, אני רוצה לבדוק את החשבון האחרון שלי. נראה לי שחויבתי פעמיים."),
            Says(DemoSpeaker.Agent, after: 0.7, HebrewAgent, "שלום, מדברת דנה. רגע אחד, אני בודקת את החשבון."),
            Says(DemoSpeaker.Agent, after: 4.0, HebrewAgent, "מצאתי. היה חיוב כפול, וביטלתי את החיוב השני."),
            Says(DemoSpeaker.Customer, after: 0.7, HebrewCaller, "מצוין, תודה. מתי הכסף יחזור אליי?"),
            Says(DemoSpeaker.Agent, after: 0.7, HebrewAgent, "תוך חמישה ימי עסקים. יום טוב!"),
            Says(DemoSpeaker.Customer, after: 0.7, HebrewCaller, "תודה רבה, להתראות.")),

        // Redacted: the customer pays by phone, reading out a card number (4580 1234 5678 9015, Luhn-valid), its security
        // code and an Israeli identity number (039485719, a valid check digit). The business redacts, so the transcript
        // keeps placeholders and the audio everyone gets is silent there. No offline engine here transcribes Hebrew:
        // its transcript is the script, word by word with each word's time in the audio (DemoScriptedTranscriber).
        DualChannel(16, DemoRecordingKind.Ready, "+972525550116", inbound: true, minutesAgo: 1,
            Says(DemoSpeaker.Agent, after: 0.5, HebrewAgent, "שלום, מדברת דנה. איך אפשר לעזור?"),
            Says(DemoSpeaker.Customer, after: 0.6, HebrewCaller, "אני רוצה לשלם את החשבון בכרטיס אשראי."),
            Says(DemoSpeaker.Agent, after: 0.6, HebrewAgent, "בבקשה, מה מספר הכרטיס?"),
            Says(DemoSpeaker.Customer, after: 0.6, HebrewCaller,
                "מספר הכרטיס שלי ארבע חמש שמונה אפס, אחת שתיים שלוש ארבע, חמש שש שבע שמונה, תשע אפס אחת חמש."),
            Says(DemoSpeaker.Agent, after: 0.6, HebrewAgent, "ומה שלוש הספרות בגב הכרטיס?"),
            Says(DemoSpeaker.Customer, after: 0.6, HebrewCaller, "שלוש ארבע חמש."),
            Says(DemoSpeaker.Agent, after: 0.6, HebrewAgent, "ומספר תעודת הזהות?"),
            Says(DemoSpeaker.Customer, after: 0.6, HebrewCaller, "אפס שלוש תשע ארבע שמונה חמש שבע אחת תשע."),
            Says(DemoSpeaker.Agent, after: 0.6, HebrewAgent, "תודה, התשלום התקבל. יום טוב!")) with
        {
            ScriptedLanguage = "he",
            ArrivesOnceRedactionIsOn = true,
        },
    ];

    private static DemoCall Spoken(int number, DemoRecordingKind kind, string counterpart, bool inbound, int minutesAgo,
        params (string Voice, string Text)[] lines) =>
        new(number, kind, counterpart, inbound, minutesAgo, [.. lines.Select(l => new DemoLine(l.Voice, l.Text))], []);

    private static DemoCall Human(int number, DemoRecordingKind kind, string counterpart, bool inbound, int minutesAgo,
        params string[] files) =>
        new(number, kind, counterpart, inbound, minutesAgo, [], files);

    private static DemoCall DualChannel(int number, DemoRecordingKind kind, string counterpart, bool inbound, int minutesAgo,
        params DemoTurn[] turns) =>
        new(number, kind, counterpart, inbound, minutesAgo, [], []) { Turns = turns };

    private static DemoTurn Says(DemoSpeaker speaker, double after, string voice, string text) =>
        new(speaker, after, new DemoLine(voice, text), null);

    private static DemoTurn Heard(DemoSpeaker speaker, double after, string testDataFile) =>
        new(speaker, after, null, testDataFile);
}
