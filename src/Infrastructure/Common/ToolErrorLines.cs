namespace Recordings.Infrastructure.Common;

/// <summary>
/// The last lines a command-line tool (ffmpeg) wrote to standard error, blank ones skipped, for the error message when
/// it fails. Fed line by line by CliWrap's standard error pipe.
/// </summary>
public sealed class ToolErrorLines(int kept = ToolErrorLines.DefaultKept)
{
    /// <summary>How many of the last lines an error message quotes.</summary>
    public const int DefaultKept = 10;

    private readonly Queue<string> _lines = new(kept);

    public void Add(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        if (_lines.Count == kept)
        {
            _lines.Dequeue();
        }

        _lines.Enqueue(line);
    }

    /// <summary>The kept lines, one per line, or <paramref name="none"/> when the tool wrote nothing.</summary>
    public string ToString(string none) => _lines.Count > 0 ? string.Join(Environment.NewLine, _lines) : none;

    public override string ToString() => ToString(string.Empty);
}
