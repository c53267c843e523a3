using System.Globalization;
using System.Text;

namespace Recordings.Infrastructure.Summarization;

/// <summary>Culture-invariant sentence splitting and word tokenizing, for English and Hebrew alike.</summary>
public static class TextTokens
{
    /// <summary>A sentence longer than this many words is cut into pieces of at most <see cref="PieceWords"/>.</summary>
    public const int LongSentenceWords = 40;

    public const int PieceWords = 25;

    /// <summary>
    /// The sentences of a text: each ends at <c>.</c>, <c>!</c>, <c>?</c> or <c>…</c> (several in a row count as one)
    /// followed by white space or the end, or at a line break. A full stop between two digits (<c>3.5</c>) ends
    /// nothing. Sentences are trimmed; empty ones are left out.
    /// </summary>
    public static IReadOnlyList<string> SplitSentences(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var sentences = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\n' or '\r' or '\u2028' or '\u2029')
            {
                Add(sentences, text, start, i);
                start = i + 1;
                continue;
            }

            if (!IsTerminator(c))
            {
                continue;
            }

            var end = i + 1;
            while (end < text.Length && (IsTerminator(text[end]) || IsClosing(text[end])))
            {
                end++;
            }

            if (end == text.Length || char.IsWhiteSpace(text[end]))
            {
                Add(sentences, text, start, end);
                start = end;
            }

            i = end - 1;
        }

        Add(sentences, text, start, text.Length);
        return sentences;
    }

    /// <summary>
    /// The words of a text, lower-cased invariantly: runs of letters and digits (any script; Hebrew points and other
    /// combining marks stay in their word), with an apostrophe or a Hebrew geresh/gershayim (or a double quote used
    /// as one) kept when it stands between two letters (<c>don't</c>, <c>צה"ל</c>).
    /// </summary>
    public static IReadOnlyList<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var words = new List<string>();
        var word = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c) || (word.Length > 0 && IsMark(c)))
            {
                word.Append(c);
            }
            else if (word.Length > 0 && IsInWordPunctuation(c) && i + 1 < text.Length && char.IsLetter(text[i + 1])
                && char.IsLetter(text[i - 1]))
            {
                word.Append(c);
            }
            else
            {
                Flush(words, word);
            }
        }

        Flush(words, word);
        return words;
    }

    /// <summary>Cuts a sentence of more than <see cref="LongSentenceWords"/> words into even pieces at word breaks.</summary>
    public static IReadOnlyList<string> CutLongSentence(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);

        var parts = sentence.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length <= LongSentenceWords)
        {
            return [sentence];
        }

        var pieceCount = (parts.Length + PieceWords - 1) / PieceWords;
        var pieceSize = (parts.Length + pieceCount - 1) / pieceCount;
        var pieces = new List<string>(pieceCount);
        for (var at = 0; at < parts.Length; at += pieceSize)
        {
            pieces.Add(string.Join(' ', parts, at, Math.Min(pieceSize, parts.Length - at)));
        }

        return pieces;
    }

    /// <summary>Whether the sentence ends with sentence-ending punctuation (closing quotes and brackets aside).</summary>
    public static bool EndsLikeASentence(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);

        var end = sentence.Length - 1;
        while (end >= 0 && (IsClosing(sentence[end]) || char.IsWhiteSpace(sentence[end])))
        {
            end--;
        }

        return end >= 0 && IsTerminator(sentence[end]);
    }

    private static bool IsTerminator(char c) => c is '.' or '!' or '?' or '\u2026' or '\u061F' or '\u3002';

    private static bool IsClosing(char c) => c is '"' or '\'' or ')' or ']' or '\u201D' or '\u2019' or '\u00BB';

    private static bool IsInWordPunctuation(char c) => c is '\'' or '\u2019' or '\u05F3' or '\u05F4' or '"';

    private static bool IsMark(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static void Add(List<string> sentences, string text, int start, int end)
    {
        if (end > start)
        {
            var sentence = text[start..end].Trim();
            if (sentence.Length > 0)
            {
                sentences.Add(sentence);
            }
        }
    }

    private static void Flush(List<string> words, StringBuilder word)
    {
        if (word.Length > 0)
        {
            words.Add(word.ToString().ToLowerInvariant());
            word.Clear();
        }
    }
}
