using AlphaHost.Host.Tests.Run;

namespace AlphaHost.Host.Tests.Cli;

/// <summary>--device on a machine without a GPU (this CPU build): one line with the reason, exit 2, nothing written.</summary>
public sealed class DeviceOptionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("run")]
    [InlineData("train")]
    [InlineData("compare")]
    public void CudaWithoutAGpuIsRefusedBeforeAnyWork(string command)
    {
        using var scratch = new ScratchDir();
        var outDir = Path.Combine(scratch.Path, "out");
        string[] args = command == "train"
            ? ["train", "--db", Path.Combine(scratch.Path, "none.db"), "--out", outDir, "--device", "cuda"]
            : [command, "--out", outDir, "--device", "cuda"];
        using var host = HostProcess.Start(args);
        Assert.Equal(2, host.WaitForExit(Timeout));
        var errors = host.Output.Split('\n').Where(l => l.StartsWith("stderr: ")).ToList();
        Assert.Single(errors);
        Assert.Contains("device 'cuda': this machine has no CUDA device", errors[0]);
        Assert.False(Directory.Exists(outDir), "a refused command must not create its output folder");
    }

    [Fact]
    public void AMisspelledDeviceIsNamedWithWhatWasExpected()
    {
        using var scratch = new ScratchDir();
        using var host = HostProcess.Start(["run", "--out", Path.Combine(scratch.Path, "out"), "--device", "gpu"]);
        Assert.Equal(2, host.WaitForExit(Timeout));
        Assert.Contains("cpu, cuda or cuda:N", host.Output);
        Assert.Contains("gpu", host.Output);
    }
}
