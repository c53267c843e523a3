using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Recordings.Testing;

namespace Recordings.Web.FunctionalTests.Support;

/// <summary>
/// Debian's nginx on a loopback port in front of one app, with the repository's accel configuration
/// (<c>deploy/nginx-accel.conf.template</c>): what a deployment with <c>Delivery = accel</c> runs.
/// </summary>
public sealed class NginxProcess : IDisposable
{
    public const string Executable = "/usr/sbin/nginx";

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output = new();

    private NginxProcess(Process process, string directory, Uri baseAddress)
    {
        _process = process;
        _directory = directory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>nginx's error log and what it printed, for a failure message.</summary>
    public string Output
    {
        get
        {
            var log = Path.Combine(_directory, "error.log");
            lock (_output)
            {
                return _output + (File.Exists(log) ? File.ReadAllText(log) : string.Empty);
            }
        }
    }

    public static async Task<NginxProcess> StartAsync(Uri app, string storagePath, string accelPrefix = "/internal-recordings/")
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"nginx is not installed ({Executable}): apt-get install nginx-light (test.sh does).");
        }

        var directory = Directory.CreateTempSubdirectory("recordings-nginx-").FullName;
        var temp = Directory.CreateDirectory(Path.Combine(directory, "tmp")).FullName;
        var root = !OperatingSystem.IsWindows() && Environment.UserName == "root";
        if (root && !OperatingSystem.IsWindows())
        {
            // The workers drop to www-data: they write temporary files and read the storage folder (0755/0644).
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(temp, (UnixFileMode)0b111_111_111 | UnixFileMode.StickyBit);
            File.SetUnixFileMode(storagePath, (UnixFileMode)0b111_101_101);
        }

        var port = LoopbackPort.Free();
        var template = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "nginx-accel.conf.template"));
        var config = template
            .Replace("@USER@", root ? "user www-data;" : string.Empty, StringComparison.Ordinal)
            .Replace("@DIR@", directory, StringComparison.Ordinal)
            .Replace("@LISTEN@", $"127.0.0.1:{port}", StringComparison.Ordinal)
            .Replace("@UPSTREAMS@", $"server {app.Host}:{app.Port};", StringComparison.Ordinal)
            .Replace("@ACCEL_PREFIX@", accelPrefix, StringComparison.Ordinal)
            .Replace("@STORAGE@", Path.GetFullPath(storagePath).TrimEnd('/'), StringComparison.Ordinal);
        var configPath = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(configPath, config);

        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-c", configPath, "-p", directory, "-e", Path.Combine(directory, "error.log"), "-g", "daemon off;" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
        var nginx = new NginxProcess(process, directory, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => nginx.Append(e.Data);
        process.ErrorDataReceived += (_, e) => nginx.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await nginx.WaitUntilListeningAsync(port);
        return nginx;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"nginx did not listen within 20 s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
