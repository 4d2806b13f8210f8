namespace AlphaHost.Host.Tests.Research;

/// <summary>Tests that seed libtorch's process-wide generator run one at a time.</summary>
[CollectionDefinition("torch", DisableParallelization = true)]
public sealed class TorchCollection;
