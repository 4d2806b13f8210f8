using System.Runtime.CompilerServices;

namespace AlphaHost.Tests.Support;

/// <summary>Every test assembly caps oneDNN before its first test touches libtorch (see AlphaHost.Sdk.Tensors.OneDnnCpuIsa).</summary>
internal static class OneDnnCap
{
#pragma warning disable CA2255 // the test assembly's one start-up hook
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Init() => AlphaHost.Sdk.Tensors.OneDnnCpuIsa.Cap();
}
