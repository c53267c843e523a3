namespace Recordings.Infrastructure.Transcription;

/// <summary>The files of a pocketsphinx model folder laid out as Debian's <c>pocketsphinx-en-us</c> installs them.</summary>
public sealed class PocketsphinxModel
{
    public PocketsphinxModel(string modelPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);

        var root = Path.GetFullPath(modelPath);
        AcousticModelDirectory = Path.Combine(root, "en-us");
        DictionaryFile = Path.Combine(root, "cmudict-en-us.dict");
        LanguageModelFile = Path.Combine(root, "en-us.lm.bin");
    }

    /// <summary>The acoustic model (<c>hmm</c>): a folder holding <c>mdef</c>, <c>means</c>, <c>feat.params</c>, …</summary>
    public string AcousticModelDirectory { get; }

    /// <summary>The pronunciation dictionary (<c>dict</c>).</summary>
    public string DictionaryFile { get; }

    /// <summary>The language model (<c>lm</c>).</summary>
    public string LanguageModelFile { get; }

    /// <summary>What is missing of the model, or null when every file is there.</summary>
    public string? FindMissingPart()
    {
        if (!File.Exists(Path.Combine(AcousticModelDirectory, "mdef")))
        {
            return $"the acoustic model {AcousticModelDirectory}";
        }

        if (!File.Exists(DictionaryFile))
        {
            return $"the dictionary {DictionaryFile}";
        }

        return File.Exists(LanguageModelFile) ? null : $"the language model {LanguageModelFile}";
    }
}
