using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AlphaHost.Sdk.Tensors;

/// <summary>
/// Caps oneDNN (libtorch's CPU kernels for RNNs and some convolutions) at AVX2 on Linux. Its
/// AVX-512 RNN inference kernel (brgemm:avx512_core, libtorch 2.10) returns wrong LSTM outputs on
/// AMD EPYC hosts: an LSTM that fits 64 samples to MSE 0.0000 in training scored the same samples at
/// MSE 1.04 under no_grad (the scoring path); with the cap both give 0.0000. oneDNN reads the variable
/// once, when it first creates a kernel: executables call <see cref="Cap"/> first thing (the host,
/// benches; every test assembly through tests/Support), and the SDK calls it when it loads, for
/// plugins' own tools. A value already in the environment wins (ONEDNN_MAX_CPU_ISA=ALL lifts the cap).
/// </summary>
public static class OneDnnCpuIsa
{
    public const string Variable = "ONEDNN_MAX_CPU_ISA";

#pragma warning disable CA2255 // a library initializer on purpose: plugins and tests load the SDK without the host's Main
    [ModuleInitializer]
#pragma warning restore CA2255
    public static void Cap()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Variable) is { Length: > 0 }) return;
        // Native code reads the C environment, which Environment.SetEnvironmentVariable does not change on Linux.
        setenv(Variable, "AVX2", 1);
        Environment.SetEnvironmentVariable(Variable, "AVX2");
    }

    [DllImport("libc", CharSet = CharSet.Ansi)]
    private static extern int setenv(string name, string value, int overwrite);
}
