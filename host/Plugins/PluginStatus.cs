using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Plugins;

public enum LoadState
{
    /// <summary>Loaded, validated and in use.</summary>
    Active,
    /// <summary>Never loaded successfully; <see cref="PluginStatus.Message"/> says why.</summary>
    Failed,
}

/// <summary>
/// One row of <c>alphahost plugins list</c> and of the control panel. A failed reload of an active
/// plugin keeps the row <see cref="LoadState.Active"/> (the previous version runs) with the error in
/// <see cref="Message"/>.
/// </summary>
public sealed record PluginStatus(
    string Name,
    PluginFamily? Family,
    string Version,
    PluginOrigin Origin,
    string Path,
    LoadState State,
    string? Message,
    int Faults,
    int Swaps);
