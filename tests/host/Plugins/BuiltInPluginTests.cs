using AlphaHost.Host.Plugins;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Tests.Plugins;

/// <summary>The repo's own research plugins, as `make build` put them in plugins/bin/, load through the one plugin path.</summary>
public class BuiltInPluginTests
{
    private static string Built(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AlphaHost.sln"))) dir = dir.Parent;
        var folder = Path.Combine(dir!.FullName, "plugins", "bin", name);
        Assert.True(File.Exists(Path.Combine(folder, "plugin.json")), $"{folder} not built");
        return folder;
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, f));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(f, target);
        }
    }

    public static readonly TheoryData<string, PluginFamily, string[]> Folders = new()
    {
        { "operators", PluginFamily.Operator, ["ts_corr", "ts_cov", "ts_stddev", "ts_zscore", "ts_return", "ts_decaylinear", "ts_mean", "ts_max", "ts_min", "ts_sum", "ts_argmax", "ts_rank"] },
        { "models", PluginFamily.Model, ["alphanet_v1", "alphanet_v2", "alphanet_v3", "mlp", "gru", "lstm", "alstm", "gru_attention", "transformer", "transformer_learned", "master", "master_index"] },
        { "losses", PluginFamily.Loss, ["mse", "ic", "rank_ic", "wpcc", "liq_wpcc", "bce", "cross_entropy"] },
        { "labels", PluginFamily.Label, ["forward_return", "risk_adjusted"] },
        { "example-model", PluginFamily.Model, ["example-linear"] },
        { "trees", PluginFamily.Model, ["random_forest", "gbdt"] },
        { "combiners", PluginFamily.Combiner, ["equal_weight", "ic_weighted", "correlation_pruned"] },
        { "embeddings", PluginFamily.Embedder, ["asset_embedding"] },
    };

    [Theory]
    [MemberData(nameof(Folders))]
    public async Task EachFamilyLoadsThroughTheSamePath(string folder, PluginFamily family, string[] names)
    {
        using var dir = new ScratchDir();
        CopyTree(Built(folder), dir.Combine(folder));
        using var host = new PluginHost(dir.Path, new TestLog());
        await host.LoadAllAsync();
        var statuses = host.Registry.Statuses();
        Assert.All(statuses, s => Assert.True(s.State == LoadState.Active, $"{s.Name}: {s.State} {s.Message}"));
        Assert.All(statuses, s => Assert.Equal(family, s.Family));
        Assert.Equal(names.Order(), statuses.Select(s => s.Name).Order());
    }
}
