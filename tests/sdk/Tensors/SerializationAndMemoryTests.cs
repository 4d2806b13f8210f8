using System.IO.Compression;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace AlphaHost.Sdk.Tests.Tensors;

public class SerializationAndMemoryTests
{
    /// <summary>A state_dict of every dtype the project saves: float32/float64 parameters, int64 and bool buffers.</summary>
    private sealed class Mixed : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Parameter weights;
        private readonly TorchSharp.Modules.Parameter scale;

        public Mixed() : base(nameof(Mixed))
        {
            weights = new TorchSharp.Modules.Parameter(randn(3, 4));
            scale = new TorchSharp.Modules.Parameter(tensor(2.5, ScalarType.Float64));
            register_buffer("counts", randint(0, 1000, [3], ScalarType.Int64));
            register_buffer("flags", rand(2).gt(0.5));
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => x.matmul(weights).mul(scale);
    }

    /// <summary>Two named buffers, nothing else: the smallest state_dict whose file layout can be checked byte by byte.</summary>
    private sealed class TwoBuffers : nn.Module<Tensor, Tensor>
    {
        public TwoBuffers() : base(nameof(TwoBuffers))
        {
            register_buffer("a", tensor(new float[] { 1, 2 }));
            register_buffer("b", tensor(new long[] { 3, 4 }));
        }

        public override Tensor forward(Tensor x) => x;
    }

    private static string TempPath() => Path.Combine(Path.GetTempPath(), $"alphahost-{Guid.NewGuid():N}.pt");

    private static bool Same(Tensor a, Tensor b) => a.dtype == b.dtype && a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    [Fact]
    public void SavePyThenLoadPyGivesIdenticalTensors()
    {
        using var scope = NewDisposeScope();
        var path = TempPath();
        try
        {
            manual_seed(1);
            using var a = new Mixed();
            a.save_py(path);
            manual_seed(2);
            using var b = new Mixed();
            Assert.False(Same(a.state_dict()["weights"], b.state_dict()["weights"])); // the load has work to do
            b.load_py(path);
            var sa = a.state_dict();
            var sb = b.state_dict();
            Assert.Equal(new[] { "counts", "flags", "scale", "weights" }, sa.Keys.Order());
            Assert.Equal(sa.Keys.Order(), sb.Keys.Order());
            foreach (var (name, t) in sa) Assert.True(Same(t, sb[name]), name);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SavedFileIsPyTorchsZipFormat()
    {
        // torch.load reads a zip holding <archive>/data.pkl (the pickled dict) and <archive>/data/<n> (one raw
        // little-endian storage per tensor). Checked by hand with Debian's python3-torch 1.13 on the files this test
        // and SavePyThenLoadPyGivesIdenticalTensors wrote:
        //   python3 -c "import torch; print(torch.load('twobuffers.pt'))"  → {'a': tensor([1., 2.]), 'b': tensor([3, 4])}
        //   torch.load('mixed.pt') → weights float32 [3, 4], scale float64 2.5, counts int64, flags bool, as saved.
        using var scope = NewDisposeScope();
        var path = TempPath();
        try
        {
            using var m = new TwoBuffers();
            m.save_py(path);
            using var zip = ZipFile.OpenRead(path);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            var pickle = Assert.Single(names, n => n.EndsWith("/data.pkl"));
            var archive = pickle[..pickle.IndexOf('/')];
            var storages = zip.Entries.Where(e => e.FullName.StartsWith($"{archive}/data/")).ToList();
            Assert.Equal(2, storages.Count);
            Assert.All(storages, e => Assert.Matches($@"^{archive}/data/\d+$", e.FullName));
            var raw = storages.Select(e =>
            {
                using var s = e.Open();
                using var copy = new MemoryStream();
                s.CopyTo(copy);
                return copy.ToArray();
            }).ToList();
            // Exactly the 8 bytes of [1f, 2f] and the 16 bytes of [3L, 4L], nothing more.
            byte[] floats = [.. BitConverter.GetBytes(1f), .. BitConverter.GetBytes(2f)];
            byte[] longs = [.. BitConverter.GetBytes(3L), .. BitConverter.GetBytes(4L)];
            Assert.Contains(raw, r => r.SequenceEqual(floats));
            Assert.Contains(raw, r => r.SequenceEqual(longs));
            // The pickle names both keys and PyTorch's rebuild function.
            using var p = zip.GetEntry(pickle)!.Open();
            using var text = new MemoryStream();
            p.CopyTo(text);
            var pkl = System.Text.Encoding.Latin1.GetString(text.ToArray());
            Assert.Contains("_rebuild_tensor_v2", pkl);
            Assert.Contains("FloatStorage", pkl);
            Assert.Contains("LongStorage", pkl);
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
        var path = TempPath();
        try
        {
            static nn.Module<Tensor, Tensor> Net() => nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.BatchNorm1d(4), nn.Linear(4, 1));
            manual_seed(1);
            using var a = Net();
            a.train();
            a.forward(randn(8, 3)); // moves BatchNorm's running statistics
            a.save_py(path);
            manual_seed(2);
            using var b = Net();
            b.load_py(path);
            a.eval();
            b.eval();
            var x = randn(5, 3);
            Assert.True(Same(a.forward(x), b.forward(x)));
            Assert.Equal(1L, b.state_dict()["2.num_batches_tracked"].item<long>());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadingAStateWithTheWrongShapeRaisesAndNamesTheShapes()
    {
        // The old binding named the key; TorchSharp 0.107 names only the shapes (load_py: the stored tensor's sizes;
        // load_state_dict: the mismatched dimension). What must hold: it raises, and the weight is not half-loaded.
        using var scope = NewDisposeScope();
        var path = TempPath();
        try
        {
            using (var wide = nn.Linear(4, 2)) wide.save_py(path);
            using var m = nn.Linear(3, 2);
            var before = m.weight!.clone();
            var fromFile = Assert.ThrowsAny<Exception>(() => m.load_py(path));
            Assert.Contains("sizes [2, 4]", fromFile.Message);
            Assert.True(Same(before, m.weight!));
            var fromDict = Assert.ThrowsAny<Exception>(() => m.load_state_dict(new Dictionary<string, Tensor> { ["weight"] = zeros(2, 4), ["bias"] = zeros(2) }));
            Assert.Contains("size of tensor a (3) must match the size of tensor b (4)", fromDict.Message);
            Assert.True(Same(before, m.weight!));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadingAMissingFileNamesThePath()
    {
        using var m = nn.Linear(3, 2);
        var e = Assert.ThrowsAny<Exception>(() => m.load_py("/nonexistent/weights.pt"));
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
                freed = ones(2);
                kept = freed.add(1.0).MoveToOuterDisposeScope();
                Assert.Equal(1, inner.DisposablesCount); // only `freed`: the sum was moved out
                Assert.True(outer.Contains(kept));
            }
            Assert.True(freed.IsInvalid);
            Assert.False(kept.IsInvalid);
            Assert.Equal(new float[] { 2, 2 }, kept.data<float>().ToArray());
        }
        Assert.True(kept.IsInvalid);
        Assert.ThrowsAny<Exception>(() => kept.data<float>().ToArray());
    }

    [Fact]
    public void AModuleBuiltInsideAScopeKeepsItsParameters()
    {
        // Models are built inside the trainer's scopes: their parameters and buffers must outlive them.
        nn.Module<Tensor, Tensor> net;
        using (var scope = NewDisposeScope())
        {
            manual_seed(1);
            net = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2));
            _ = net.forward(randn(4, 3));
        }
        Assert.All(net.parameters(), p => Assert.False(p.IsInvalid));
        Assert.All(net.buffers(), b => Assert.False(b.IsInvalid));
        using (var scope = NewDisposeScope())
            Assert.Equal(new long[] { 5, 2 }, net.forward(randn(5, 3)).shape);
        net.Dispose();
    }

    [Fact]
    public void HundredThousandSmallOpsInScopesKeepMemoryFlat()
    {
        // Resident set from the kernel (pages × page size), not the GC's view: tensors live in native memory.
        static long Rss() => long.Parse(File.ReadAllText("/proc/self/statm").Split(' ')[1]) * Environment.SystemPageSize;
        static long Live() => DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;

        using var a = ones(16);
        void Scoped(int n)
        {
            for (int i = 0; i < n; i++)
            {
                using var scope = NewDisposeScope();
                var b = a.add(1.0).mul(2.0);
                b.sum();
            }
        }
        Scoped(2_000); // warm-up: op caches, allocator pools
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long rssBefore = Rss(), liveBefore = Live();
        Scoped(100_000);
        long liveAfter = Live();
        GC.Collect();
        long growth = Rss() - rssBefore;
        Assert.Equal(liveBefore, liveAfter); // every one of the 300,000 temporaries was disposed by its scope
        Assert.True(growth < 50L * 1024 * 1024, $"resident memory grew by {growth / (1024 * 1024.0):F1} MB");

        // The same ops without a scope leave every temporary alive until the finalizer finds it.
        long liveUnscoped = Live();
        for (int i = 0; i < 10_000; i++)
        {
            var b = a.add(1.0).mul(2.0);
            b.sum();
        }
        Assert.Equal(liveUnscoped + 30_000, Live());
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }
}
