using System.Text.Json.Nodes;
using AlphaHost.Host.Plugins;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Tests.Plugins;

/// <summary>The repo's example plugin, as MSBuild put it in plugins/bin/examples, loaded like any plugin.</summary>
public class ExamplePluginTests
{
    private static string BuiltExample()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AlphaHost.sln"))) dir = dir.Parent;
        var folder = Path.Combine(dir!.FullName, "plugins", "bin", "examples");
        Assert.True(File.Exists(Path.Combine(folder, "plugin.json")), $"{folder} not built");
        return folder;
    }

    private static async Task<PluginHost> HostWith(ScratchDir dir, Dictionary<string, ConfigLayer>? overrides = null)
    {
        var target = Directory.CreateDirectory(dir.Combine("examples")).FullName;
        foreach (var f in Directory.GetFiles(BuiltExample())) File.Copy(f, Path.Combine(target, Path.GetFileName(f)));
        var host = new PluginHost(dir.Path, new TestLog(), overrides: overrides);
        await host.LoadAllAsync();
        return host;
    }

    private static DateOnly[] Calendar(int days) => Enumerable.Range(0, days).Select(i => new DateOnly(2015, 1, 1).AddDays(i)).ToArray();

    [Fact]
    public async Task TheBuiltExampleLoadsAndSplitsWithItsPluginJsonDefaults()
    {
        using var dir = new ScratchDir();
        using var host = await HostWith(dir);
        var status = Assert.Single(host.Registry.Statuses());
        Assert.Equal(("rolling-window", PluginFamily.Sampler, "1.0.0", LoadState.Active), (status.Name, status.Family, status.Version, status.State));
        Assert.Equal(["trainDays", "validationShare", "testDays", "embargoDays"], host.Registry.Handle<ISampler>("rolling-window").Info!.ConfigKeys);

        var request = new SamplerRequest(Calendar(2000), Today: 1999, LabelHorizon: 5);
        var split = host.Registry.Handle<ISampler>("rolling-window").Call(s => Assert.Single(s.Split(request)), null)!;

        // 1500 fit days at 4:1: validation = the 300 days ending at the last labelled day (1994),
        // train = the 1200 days whose labels (5 days) end before validation starts; test from 1999.
        Assert.Equal(new DayWindow(1695, 300), split.Validation);
        Assert.Equal(new DayWindow(491, 1200), split.Train);
        Assert.Equal(new DayWindow(1999, 1), split.Test);
        Assert.Null(request.Leak(split));
    }

    [Fact]
    public async Task RunConfigOverridesAndAnEmbargoWidenTheGaps()
    {
        using var dir = new ScratchDir();
        var overrides = new Dictionary<string, ConfigLayer>
        {
            ["rolling-window"] = new("run.json plugins.rolling-window", new JsonObject { ["trainDays"] = 100, ["embargoDays"] = 2 }),
        };
        using var host = await HostWith(dir, overrides);
        var sampler = host.Registry.Handle<ISampler>("rolling-window");

        var request = new SamplerRequest(Calendar(800), Today: 599, LabelHorizon: 5);
        var split = sampler.Call(s => Assert.Single(s.Split(request)), null)!;
        Assert.Equal(new DayWindow(575, 20), split.Validation);
        Assert.Equal(new DayWindow(489, 80), split.Train);   // ends 2 embargo days + 4 horizon days before 575
        Assert.Equal(new DayWindow(601, 126), split.Test);
        Assert.Null(request.Leak(split));

        Assert.Empty(sampler.Call(s => s.Split(new SamplerRequest(Calendar(800), Today: 100, LabelHorizon: 5)), null)!);
    }

    [Fact]
    public async Task ABadRunConfigValueNamesTheKey()
    {
        using var dir = new ScratchDir();
        var overrides = new Dictionary<string, ConfigLayer>
        {
            ["rolling-window"] = new("run.json plugins.rolling-window", new JsonObject { ["validationShare"] = 1.5 }),
        };
        using var host = await HostWith(dir, overrides);
        var status = Assert.Single(host.Registry.Statuses());
        Assert.Equal(LoadState.Failed, status.State);
        Assert.Contains("run.json plugins.rolling-window: key 'validationShare': expected a number in [0, 1), got 1.5", status.Message);
    }

    [Fact]
    public async Task TheExampleSourceDroppedAsASingleFileRunsWithoutABuildStep()
    {
        // What plugins/Examples/README.md tells a researcher to do: copy the .cs, rename, drop it in.
        var repo = Path.GetFullPath(Path.Combine(BuiltExample(), "..", "..", ".."));
        var source = File.ReadAllText(Path.Combine(repo, "plugins", "Examples", "RollingWindowSampler.cs"));
        using var dir = new ScratchDir();
        File.WriteAllText(dir.Combine("MySampler.cs"), source.Replace("\"rolling-window\"", "\"my-sampler\""));
        using var host = new PluginHost(dir.Path, new TestLog());
        await host.LoadAllAsync();

        var status = Assert.Single(host.Registry.Statuses());
        Assert.Equal(("my-sampler", PluginOrigin.Source, LoadState.Active), (status.Name, status.Origin, status.State));
        var request = new SamplerRequest(Calendar(2000), Today: 1999, LabelHorizon: 5);
        var split = host.Registry.Handle<ISampler>("my-sampler").Call(s => Assert.Single(s.Split(request)), null)!;
        Assert.Equal(new DayWindow(491, 1200), split.Train); // defaults of the config record, same as plugin.json's
    }
}
