using System.Diagnostics;
using System.IO.Compression;
using AlphaHost.Torch;

namespace AlphaHost.Sdk.Tests.Torch;

using static AlphaHost.Torch.torch;

public class SerializationAndMemoryTests
{
    [Fact]
    public void SaveThenLoadGivesIdenticalTensors()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(Path.GetTempPath(), $"alphahost-{Guid.NewGuid():N}.pt");
        try
        {
            var tensors = new Dictionary<string, Tensor>
            {
                ["weights"] = Randn([3, 4]),
                ["counts"] = From(new long[] { 1, 2, 3 }),
                ["flags"] = From(new[] { true, false }),
                ["scalar"] = Scalar(2.5, ScalarType.Float64),
            };
            Save(path, tensors);
            var loaded = Load(path);
            Assert.Equal(tensors.Keys.OrderBy(k => k), loaded.Keys.OrderBy(k => k));
            foreach (var (name, t) in tensors)
            {
                Assert.Equal(t.Dtype, loaded[name].Dtype);
                Assert.Equal(t.Shape, loaded[name].Shape);
                Assert.True(t.Equal(loaded[name]), name);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SavedFileIsPyTorchsZipFormat()
    {
        // torch.load reads a zip holding <archive>/data.pkl (the pickled dict) and <archive>/data/<n>
        // (one raw storage per tensor). Checked by hand with Debian's python3-torch: torch.load(path)
        // returns {'a': tensor([1., 2.]), 'b': tensor([3, 4])}.
        using var scope = NewDisposeScope();
        var path = Path.Combine(Path.GetTempPath(), $"alphahost-{Guid.NewGuid():N}.pt");
        try
        {
            Save(path, new Dictionary<string, Tensor> { ["a"] = From(new float[] { 1, 2 }), ["b"] = From(new long[] { 3, 4 }) });
            using var zip = ZipFile.OpenRead(path);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains(names, n => n.EndsWith("/data.pkl"));
            var storages = names.Where(n => n.Contains("/data/")).ToList();
            Assert.Equal(2, storages.Count);
            // The float storage holds exactly the 8 bytes of [1f, 2f].
            var floatEntry = zip.Entries.Where(e => e.FullName.Contains("/data/")).Single(e => e.Length == 8);
            using var s = floatEntry.Open();
            var bytes = new byte[8];
            s.ReadExactly(bytes);
            Assert.Equal(new float[] { 1, 2 }, new[] { BitConverter.ToSingle(bytes, 0), BitConverter.ToSingle(bytes, 4) });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ModuleSaveLoadRestoresPredictions()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(Path.GetTempPath(), $"alphahost-{Guid.NewGuid():N}.pt");
        try
        {
            ManualSeed(1);
            using var a = new nn.Sequential(new nn.Linear(3, 4), nn.ReLU(), new nn.BatchNorm1d(4), new nn.Linear(4, 1));
            a.Train();
            a.Forward(Randn([8, 3])); // moves BatchNorm's running statistics
            a.Save(path);
            ManualSeed(2);
            using var b = new nn.Sequential(new nn.Linear(3, 4), nn.ReLU(), new nn.BatchNorm1d(4), new nn.Linear(4, 1));
            b.Load(path);
            a.Eval();
            b.Eval();
            var x = Randn([5, 3]);
            Assert.True(a.Forward(x).Equal(b.Forward(x)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadingAStateWithTheWrongShapeNamesTheKey()
    {
        using var scope = NewDisposeScope();
        using var m = new nn.Linear(3, 2);
        var state = new Dictionary<string, Tensor> { ["weight"] = Zeros([2, 4]), ["bias"] = Zeros([2]) };
        var e = Assert.Throws<TorchException>(() => m.LoadStateDict(state));
        Assert.Contains("'weight'", e.Message);
        Assert.Contains("[2, 3]", e.Message);
    }

    [Fact]
    public void LoadingAMissingFileNamesThePath()
    {
        var e = Assert.Throws<TorchException>(() => Load("/nonexistent/weights.pt"));
        Assert.Contains("/nonexistent/weights.pt", e.Message);
    }

    [Fact]
    public void DisposeScopeFreesAllButWhatIsMovedOut()
    {
        Tensor kept, freed;
        using (var outer = NewDisposeScope())
        {
            using (var inner = NewDisposeScope())
            {
                freed = Ones([2]);
                kept = (freed + 1.0).MoveToOuterDisposeScope();
                Assert.Equal(1, inner.Count); // only `freed`: the sum was moved out
            }
            Assert.True(freed.IsDisposed);
            Assert.False(kept.IsDisposed);
            Assert.Equal(new float[] { 2, 2 }, kept.ToArray<float>());
        }
        Assert.True(kept.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => kept.Shape);
    }

    [Fact]
    public void HundredThousandSmallOpsInScopesKeepMemoryFlat()
    {
        static long Rss()
        {
            using var p = Process.GetCurrentProcess();
            p.Refresh();
            return p.WorkingSet64;
        }
        void Run(int n)
        {
            using var a = Ones([16]);
            for (int i = 0; i < n; i++)
            {
                using var scope = NewDisposeScope();
                var b = (a + 1.0) * 2.0;
                b.Sum();
            }
        }
        Run(2_000); // warm-up: op caches, allocator pools
        long before = Rss();
        Run(100_000);
        GC.Collect();
        long growth = Rss() - before;
        Assert.True(growth < 50L * 1024 * 1024, $"resident memory grew by {growth / (1024 * 1024.0):F1} MB");
    }
}
