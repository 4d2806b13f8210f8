namespace AlphaHost.Host.Bus;

/// <summary>
/// CURVE keys on disk, as `alphahost keys new` writes them: NAME.key holds the Z85 secret key
/// (owner-only permissions), NAME.pub the Z85 public key. An allow-list file holds one client
/// public key per line; blank lines and lines starting with '#' are ignored. A folder of
/// NAME.pub files is an allow-list too.
/// </summary>
public static class CurveKeyFiles
{
    public static (string SecretPath, string PublicPath) Write(string directory, string name, CurveKeyPair keys)
    {
        Directory.CreateDirectory(directory);
        var secretPath = Path.Combine(directory, name + ".key");
        var publicPath = Path.Combine(directory, name + ".pub");
        if (File.Exists(secretPath)) throw new IOException($"{secretPath} already exists; refusing to overwrite a secret key");
        var secretFile = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) secretFile.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(secretPath, secretFile))
        using (var writer = new StreamWriter(stream))
            writer.WriteLine(keys.SecretKey);
        File.WriteAllText(publicPath, keys.PublicKey + "\n");
        return (secretPath, publicPath);
    }

    /// <summary>Reads a NAME.key file and derives the public half.</summary>
    public static CurveKeyPair ReadSecret(string path)
    {
        var keys = ReadKeys(path, "secret key");
        if (keys.Count != 1) throw new FormatException($"{path}: expected exactly one secret key line, found {keys.Count}");
        return CurveKeyPair.FromSecretKey(keys[0]);
    }

    public static string ReadPublic(string path)
    {
        var keys = ReadKeys(path, "public key");
        if (keys.Count != 1) throw new FormatException($"{path}: expected exactly one public key line, found {keys.Count}");
        return keys[0];
    }

    /// <summary>
    /// Every key in an allow-list file, or in each NAME.pub of a folder (drop a client's .pub in to
    /// admit it); all bad lines are reported together.
    /// </summary>
    public static IReadOnlyList<string> ReadAllowList(string path)
    {
        if (!Directory.Exists(path)) return ReadKeys(path, "client public key");
        var keys = new List<string>();
        var errors = new List<string>();
        foreach (var file in Directory.GetFiles(path, "*.pub").Order(StringComparer.Ordinal))
        {
            try
            {
                keys.Add(ReadPublic(file));
            }
            catch (FormatException e)
            {
                errors.Add(e.Message);
            }
        }
        if (errors.Count > 0) throw new FormatException(string.Join("; ", errors));
        return keys;
    }

    private static List<string> ReadKeys(string path, string what)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such key file", path);
        var keys = new List<string>();
        var errors = new List<string>();
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            try
            {
                CurveKeyPair.RequireKey(line, what);
                keys.Add(line);
            }
            catch (FormatException e)
            {
                errors.Add($"{path}:{lineNumber}: {e.Message}");
            }
        }
        if (errors.Count > 0) throw new FormatException(string.Join("; ", errors));
        return keys;
    }
}
