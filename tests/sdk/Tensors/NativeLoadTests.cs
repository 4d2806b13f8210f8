using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Sdk.Tests.Tensors;

/// <summary>TorchSharp's native library loads from this output folder (patched where libstdc++ is older than GCC 13's: sdk/Debian12).</summary>
public class NativeLoadTests
{
    [Fact]
    public void LibTorchSharpLoadsAndComputes()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        // [[1,2],[3,4]] @ [[1,2],[3,4]] = [[7,10],[15,22]]
        Assert.Equal(new float[] { 7, 10, 15, 22 }, x.matmul(x).data<float>().ToArray());
    }

    [Fact]
    public void NativesComeFromThisOutputFolderNotTheSystem()
    {
        // A stray libtorch elsewhere (Debian's 1.13) must not be the one loaded.
        using var scope = NewDisposeScope();
        _ = ones(1).add(1);
        var maps = File.ReadAllLines("/proc/self/maps");
        var torchCpu = maps.Where(l => l.EndsWith("/libtorch_cpu.so")).Select(l => l[(l.IndexOf('/'))..]).Distinct().ToList();
        Assert.Single(torchCpu);
        var expectedDir = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native"));
        Assert.Equal(expectedDir, Path.GetDirectoryName(torchCpu[0]));
    }
}
