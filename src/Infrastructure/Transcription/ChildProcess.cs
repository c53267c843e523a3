using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Recordings.Infrastructure.Transcription;

/// <summary>What a finished child process left: its exit code, its standard output, and its last error lines.</summary>
internal sealed record ChildProcessResult(int ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> LastErrorLines);

/// <summary>
/// Runs a program (no shell: the arguments go to it as they are), reading its standard output and error
/// asynchronously as they come so a talkative program never blocks on a full pipe. Cancellation and the time limit
/// kill the process and everything it started.
/// </summary>
internal static class ChildProcess
{
    /// <summary>How many of the last standard error lines are kept for an error message.</summary>
    public const int ErrorLinesKept = 10;

    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(10);

    /// <exception cref="InvalidOperationException">The program could not be started (e.g. it does not exist).</exception>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/> and was killed.</exception>
    /// <exception cref="OperationCanceledException">It was cancelled and killed.</exception>
    public static async Task<ChildProcessResult> RunAsync(
        string fileName, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var output = new List<string>();
        var errors = new Queue<string>(ErrorLinesKept);
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.Add(e.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                lock (errors)
                {
                    if (errors.Count == ErrorLinesKept)
                    {
                        errors.Dequeue();
                    }

                    errors.Enqueue(e.Data);
                }
            }
        };

        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not start '{fileName}': {ex.Message}", ex);
        }

        try
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.StandardInput.Close();

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            try
            {
                // Returns once the process has exited and both streams have been read to their end.
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex)
            {
                await KillAsync(process).ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException($"'{fileName}' was cancelled and killed.", ex, cancellationToken);
                }

                throw new TimeoutException($"'{fileName}' ran longer than {timeout} and was killed.", ex);
            }
        }
        finally
        {
            // Whatever went wrong above (an exception of ours included), the process does not outlive the call.
            if (!HasExited(process))
            {
                await KillAsync(process).ConfigureAwait(false);
            }
        }

        string[] lastErrors;
        lock (errors)
        {
            lastErrors = [.. errors];
        }

        lock (output)
        {
            return new ChildProcessResult(process.ExitCode, [.. output], lastErrors);
        }
    }

    private static async Task KillAsync(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has exited meanwhile.
        }
        catch (Win32Exception)
        {
            // It is exiting and cannot be signalled any more.
        }

        using var wait = new CancellationTokenSource(KillWait);
        try
        {
            await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Killed but not reaped within the wait (or its streams held open by something else): nothing more to do.
        }
    }

    private static bool HasExited(Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }
}
