using System.Security.Cryptography;
using AlphaHost.Host.Cluster;
using AlphaHost.Host.Tests.Run;

namespace AlphaHost.Host.Tests.Cluster;

/// <summary>A worker uses a market file only when its content has the fit's hash.</summary>
public sealed class MarketCacheTests : IDisposable
{
    private readonly ScratchDir scratch = new();

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public void TheHashIsTheSha256OfTheFile()
    {
        var path = Path.Combine(scratch.Path, "m.db");
        File.WriteAllBytes(path, [1, 2, 3]);
        // SHA-256("\x01\x02\x03"), computed independently of the cache.
        Assert.Equal("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81", MarketCache.HashOf(path));
    }

    [Fact]
    public void AMatchingFileAtTheClientsPathIsUsedInPlace()
    {
        var path = Path.Combine(scratch.Path, "shared.db");
        File.WriteAllBytes(path, [9, 8, 7]);
        var cache = new MarketCache(Path.Combine(scratch.Path, "cache"));
        Assert.Equal(path, cache.Find(Sha256([9, 8, 7]), path));
        Assert.False(Directory.Exists(cache.Directory), "nothing is copied when the worker sees the file");
    }

    [Fact]
    public void AMismatchedCopyIsRefusedAndTheClientsBytesAreKeptByHash()
    {
        var stale = Path.Combine(scratch.Path, "stale.db");
        File.WriteAllBytes(stale, [1, 1, 1]);
        var log = new List<string>();
        var cache = new MarketCache(Path.Combine(scratch.Path, "cache"), log.Add);
        byte[] market = [4, 5, 6, 7];
        string hash = Sha256(market);

        Assert.Null(cache.Find(hash, stale));
        Assert.Contains(log, l => l.StartsWith($"refusing market copy {stale}: content hash {Sha256([1, 1, 1])[..12]}"));

        var ex = Assert.Throws<InvalidDataException>(() => cache.Put(hash, [4, 5, 6, 8]));
        Assert.StartsWith("market copy refused", ex.Message);
        Assert.Null(cache.Find(hash, stale));

        var kept = cache.Put(hash, market);
        Assert.Equal(Path.Combine(cache.Directory, hash + ".db"), kept);
        Assert.Equal(kept, cache.Find(hash, stale));
        Assert.Equal(market, File.ReadAllBytes(kept));
        // A later process finds the cached copy by hash (and checks it again).
        Assert.Equal(kept, new MarketCache(cache.Directory).Find(hash, null));
        File.WriteAllBytes(kept, [0]);
        Assert.Null(new MarketCache(cache.Directory).Find(hash, null));
    }

    public void Dispose() => scratch.Dispose();
}
