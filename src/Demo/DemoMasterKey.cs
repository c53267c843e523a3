using System.Security.Cryptography;
using Recordings.Application.Common.Options;
using Recordings.Infrastructure.Redaction;

namespace Recordings.Demo;

/// <summary>
/// The master key of the demo installation, so that the demo business can keep its redacted recordings' originals
/// (encrypted, for its admins: "Play original"). When <c>Redaction:MasterKey</c> is not set, demo mode uses the key in
/// <c>demo-master-key</c> beside its audio cache, made once of 32 random bytes, readable by its owner only (./run.sh
/// sets one for every app it starts, <c>.data/redaction-master-key</c>, so this serves the e2e suite and the tests). A
/// demo restarted on its database finds the same key, and its originals still open. Outside demo mode nothing makes a
/// key: an operator sets it (docs/operations.md).
/// </summary>
public static class DemoMasterKey
{
    public const string FileName = "demo-master-key";

    /// <summary>Sets the master key from the file in <paramref name="directory"/> (made now if missing) when none is configured.</summary>
    public static IServiceCollection UseDemoMasterKeyUnlessSet(this IServiceCollection services, string directory)
    {
        services.PostConfigure<RedactionOptions>(options =>
        {
            if (!options.HasMasterKey)
            {
                options.MasterKey = LoadOrCreate(Path.Combine(directory, FileName));
            }
        });
        return services;
    }

    private static string LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(MasterKeyRing.KeyBytes));
        var temporary = path + ".tmp";
        var file = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, file))
        {
            writer.Write(key);
        }

        try
        {
            // Another process that made one first wins: both then use its key.
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }

        return File.ReadAllText(path).Trim();
    }
}
