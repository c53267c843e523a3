using System.Collections.Frozen;

namespace Recordings.Infrastructure.Summarization;

/// <summary>
/// Words that carry no topic (function words and phone-call fillers), English and Hebrew, lower case. Hebrew
/// prefixes (ו, ה, ב, ל, מ, ש, כ) are written joined to the next word, so only the common free-standing forms are
/// here.
/// </summary>
public static class Stopwords
{
    private static readonly string[] English =
    [
        "a", "about", "above", "after", "again", "against", "ah", "all", "also", "am", "an", "and", "any", "are",
        "aren't", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
        "bye", "can", "can't", "could", "couldn't", "did", "didn't", "do", "does", "doesn't", "doing", "don't", "down",
        "during", "each", "er", "few", "for", "from", "further", "get", "gets", "getting", "go", "going", "gonna",
        "got", "had", "hadn't", "has", "hasn't", "have", "haven't", "having", "he", "he's", "hello", "her", "here",
        "hers", "herself", "hey", "hi", "him", "himself", "his", "how", "i", "i'd", "i'll", "i'm", "i've", "if", "in",
        "into", "is", "isn't", "it", "it's", "its", "itself", "just", "know", "let", "let's", "like", "me", "mhm",
        "more", "most", "much", "my", "myself", "no", "nor", "not", "now", "of", "off", "oh", "ok", "okay", "on",
        "once", "one", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "please", "really",
        "right", "same", "say", "said", "see", "she", "she's", "should", "shouldn't", "so", "some", "such", "sure",
        "than", "thank", "thanks", "that", "that's", "the", "their", "theirs", "them", "themselves", "then", "there",
        "there's", "these", "they", "they're", "think", "this", "those", "through", "to", "too", "uh", "um", "under",
        "until", "up", "us", "very", "want", "was", "wasn't", "we", "we'll", "we're", "we've", "well", "were",
        "weren't", "what", "what's", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "won't",
        "would", "wouldn't", "yeah", "yes", "you", "you'd", "you'll", "you're", "you've", "your", "yours", "yourself",
        "yourselves",
    ];

    private static readonly string[] Hebrew =
    [
        "אבל", "או", "אולי", "אוקיי", "אותה", "אותו", "אותי", "אותך", "אותם", "אז", "אחרי", "איך", "אין", "איפה",
        "אל", "אלה", "אלו", "אם", "אנחנו", "אני", "אצל", "את", "אתה", "אתם", "אתן", "בגלל", "בה", "בו", "בזה",
        "בי", "בין", "בך", "בסדר", "גם", "די", "הוא", "היא", "היה", "היו", "הייתה", "הם", "הן", "הנה", "הזאת", "הזה",
        "זאת", "זה", "זו", "טוב", "יש", "כאן", "כבר", "כולם", "כי", "כך", "ככה", "כל", "כמה", "כמו", "כן", "לא", "לה",
        "להיות", "לו", "לי", "לך", "לכם", "למה", "לנו", "לפני", "מאוד", "מה", "מי", "מתי", "עד", "עוד", "עכשיו", "על",
        "עם", "פה", "רק", "שלה", "שלו", "שלי", "שלך", "שלכם", "שלנו", "שלהם", "של", "שם", "תודה",
    ];

    private static readonly FrozenSet<string> All = English.Concat(Hebrew).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Whether a lower-cased word is a stopword.</summary>
    public static bool Contains(string word) => All.Contains(word);
}
