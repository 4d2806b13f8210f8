using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace AlphaHost.Host.Cluster;

/// <summary>
/// A market is identified by the SHA-256 of its SQLite file. A worker uses a file only when its
/// content has that hash: the client's path when the worker sees it (shared storage) and it matches,
/// else its cached copy DIR/HASH.db, else the client sends the bytes once and they are kept. A copy
/// whose content does not match is refused, never used.
/// </summary>
public sealed class MarketCache(string dir, Action<string>? log = null)
{
    private readonly ConcurrentDictionary<string, string> verified = new();

    public string Directory { get; } = dir;

    /// <summary>The content hash of a market file (hex).</summary>
    public static string HashOf(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    /// <summary>A file with the market of <paramref name="hash"/>, or null when the client must send it.</summary>
    public string? Find(string hash, string? clientPath)
    {
        if (verified.TryGetValue(hash, out var known) && File.Exists(known)) return known;
        foreach (var candidate in new[] { clientPath, CachedPath(hash) })
        {
            if (string.IsNullOrEmpty(candidate) || !File.Exists(candidate)) continue;
            var actual = HashOf(candidate);
            if (actual == hash) return verified[hash] = candidate;
            log?.Invoke($"refusing market copy {candidate}: content hash {actual[..12]}, the fit wants {hash[..12]}");
        }
        return null;
    }

    /// <summary>Keeps the client's copy after checking its hash; a mismatched copy is refused.</summary>
    public string Put(string hash, byte[] content)
    {
        var actual = Convert.ToHexStringLower(SHA256.HashData(content));
        if (actual != hash) throw new InvalidDataException($"market copy refused: its content hash is {actual[..12]}, the fit wants {hash[..12]}");
        System.IO.Directory.CreateDirectory(Directory);
        var path = CachedPath(hash);
        var partial = $"{path}.{Guid.NewGuid():N}.part";
        File.WriteAllBytes(partial, content);
        File.Move(partial, path, overwrite: true);
        return verified[hash] = path;
    }

    private string CachedPath(string hash) => Path.Combine(Directory, $"{hash}.db");
}
