using AlphaHost.Host.Engine;
using AlphaHost.Host.Plugins;
using AlphaHost.Sdk.Plugins;
using static AlphaHost.Host.Tests.Plugins.PluginFixtures;

namespace AlphaHost.Host.Tests.Plugins;

public class PluginLoadingTests
{
    private static async Task<(PluginHost Host, TestLog Log)> LoadAll(ScratchDir dir)
    {
        var log = new TestLog();
        var host = new PluginHost(dir.Path, log);
        await host.LoadAllAsync();
        return (host, log);
    }

    private static PluginStatus StatusOf(PluginHost host, string pathEnd) =>
        Assert.Single(host.Registry.Statuses(), s => s.Path.EndsWith(pathEnd, StringComparison.Ordinal));

    [Fact]
    public async Task EachFamilyLoadsThroughTheFolderPathWithSharedSdkTypes()
    {
        using var dir = new ScratchDir();
        Folder(dir.Path, "market", "ConstantMarket", "MarketSource");
        Folder(dir.Path, "sampler", "CountingSampler", "Sampler");
        Folder(dir.Path, "backtester", "FlakyBacktester", "Backtester");
        var (host, log) = await LoadAll(dir);

        var rows = host.Registry.Statuses();
        Assert.Equal(["constant-market", "counting", "flaky"], rows.Select(r => r.Name));
        Assert.All(rows, r => Assert.Equal(LoadState.Active, r.State));
        Assert.Equal([PluginFamily.MarketSource, PluginFamily.Sampler, PluginFamily.Backtester], rows.Select(r => r.Family));
        Assert.Empty(log.Errors);

        // Casting to the SDK interfaces works only if the plugin saw the host's SDK assembly.
        var market = host.Registry.Handle<IMarketSource>("constant-market");
        Assert.Equal(10.0, market.Call(m => m.Next()!.Close[0], double.NaN));
        Assert.Equal(3, market.Call(m => m.Calendar.Count, 0));
        var sampler = host.Registry.Handle<ISampler>("counting");
        var calendar = Enumerable.Range(0, 10).Select(i => new DateOnly(2024, 1, 1).AddDays(i)).ToArray();
        Assert.Equal(1, sampler.Call(s => s.Split(new SamplerRequest(calendar, 9, 1))[0].Train.Count, -1));
        Assert.Equal(2, sampler.Call(s => s.Split(new SamplerRequest(calendar, 9, 1))[0].Train.Count, -1));
        // Asked as the wrong family, a plugin is simply not there.
        Assert.False(host.Registry.Handle<IBacktester>("counting").IsAvailable);
    }

    [Fact]
    public async Task ASourceFileLoadsLikeAFolder()
    {
        using var dir = new ScratchDir();
        File.Copy(Source("CountingSampler"), dir.Combine("CountingSampler.cs"));
        var (host, _) = await LoadAll(dir);

        var row = StatusOf(host, "CountingSampler.cs");
        Assert.Equal(("counting", PluginOrigin.Source, LoadState.Active, "1.0.0"), (row.Name, row.Origin, row.State, row.Version));
        Assert.True(host.Registry.Handle<ISampler>("counting").IsAvailable);
    }

    [Fact]
    public async Task ADependencyResolvesFromThePluginFolder()
    {
        using var dir = new ScratchDir();
        var helper = CompileTo("Helper", dir.Combine("uses/FixtureHelper.dll"));
        Folder(dir.Path, "uses", "UsesHelper", "Backtester", references: [helper]);
        var (host, log) = await LoadAll(dir);

        Assert.Empty(log.Errors);
        var metrics = host.Registry.Handle<IBacktester>("uses-helper").Call(b => b.Metrics(), null);
        Assert.Equal("hello from the helper".Length, metrics!["greeting_length"]);
    }

    [Fact]
    public async Task ANativeLibraryResolvesFromThePluginFolderThroughItsDepsJson()
    {
        var zlib = new[] { "/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib/x86_64-linux-gnu/libz.so.1", "/lib64/libz.so.1", "/usr/lib/libz.so.1" }
            .FirstOrDefault(File.Exists);
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier != "linux-x64" || zlib is null)
            return; // the fixture ships a copy of the system's zlib as its native library
        using var dir = new ScratchDir();
        var folder = Folder(dir.Path, "native", "NativeCaller", "Backtester");
        var native = Path.Combine(folder, "runtimes", "linux-x64", "native", "libfixturenative.so");
        Directory.CreateDirectory(Path.GetDirectoryName(native)!);
        File.Copy(zlib, native);
        // What the build writes for a package with a native asset (cf. libtorch in plugins/bin/*/*.deps.json).
        File.WriteAllText(Path.Combine(folder, "NativeCaller.deps.json"), """
            {
              "runtimeTarget": { "name": ".NETCoreApp,Version=v10.0", "signature": "" },
              "compilationOptions": {},
              "targets": {
                ".NETCoreApp,Version=v10.0": {
                  "NativeCaller/1.0.0": { "dependencies": { "FixtureNative": "1.0.0" }, "runtime": { "NativeCaller.dll": {} } },
                  "FixtureNative/1.0.0": {
                    "runtimeTargets": { "runtimes/linux-x64/native/libfixturenative.so": { "rid": "linux-x64", "assetType": "native", "fileVersion": "0.0.0.0" } }
                  }
                }
              },
              "libraries": {
                "NativeCaller/1.0.0": { "type": "project", "serviceable": false, "sha512": "" },
                "FixtureNative/1.0.0": { "type": "package", "serviceable": false, "sha512": "", "path": "fixturenative/1.0.0" }
              }
            }
            """);
        var (host, log) = await LoadAll(dir);

        Assert.Empty(log.Errors);
        var metrics = host.Registry.Handle<IBacktester>("native-caller").Call(b => b.Metrics(), null);
        Assert.True(metrics!["zlib_major"] >= 1);
        // The folder's copy (nothing else is called that), loaded from McMaster's shadow copy in the temp
        // directory (LoadInMemory), so a build may overwrite the folder's native files too.
        Assert.Contains(File.ReadLines("/proc/self/maps"), line => line.EndsWith("/libfixturenative.so", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMissingDependencyFailsThatPluginOnlyWithItsName()
    {
        using var dir = new ScratchDir();
        var elsewhere = CompileTo("Helper", dir.Combine("../" + Path.GetFileName(dir.Path) + "-helper/FixtureHelper.dll"));
        try
        {
            Folder(dir.Path, "uses", "UsesHelper", "Backtester", references: [elsewhere]);
            Folder(dir.Path, "sampler", "CountingSampler", "Sampler");
            var (host, log) = await LoadAll(dir);

            var failed = StatusOf(host, "uses");
            Assert.Equal(LoadState.Failed, failed.State);
            Assert.Contains("FixtureHelper", failed.Message);
            Assert.Contains("missing from the plugin folder", failed.Message);
            Assert.Contains(log.Errors, e => e.Contains("FixtureHelper"));
            Assert.Equal(LoadState.Active, StatusOf(host, "sampler").State);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(elsewhere)!, true);
        }
    }

    [Theory]
    [InlineData("{ \"counting\": { \"stpe\": 2 } }", "config.counting: unknown key 'stpe'; did you mean 'step'?")]
    [InlineData("{ \"counting\": { \"step\": \"two\" } }", "config.counting: key 'step': expected an integer, got \"two\"")]
    [InlineData("{ \"counting\": { \"step\": 0 } }", "config.counting: key 'step': expected an integer >= 1, got 0")]
    [InlineData("{ \"countng\": { \"step\": 2 } }", "key 'config.countng': no plugin of that name here; plugins: counting")]
    public async Task ABadConfigNamesTheFileAndKeyAndWhatWasExpected(string config, string expected)
    {
        using var dir = new ScratchDir();
        Folder(dir.Path, "sampler", "CountingSampler", "Sampler", configJson: config);
        var (host, log) = await LoadAll(dir);

        var row = StatusOf(host, "sampler");
        Assert.Equal(LoadState.Failed, row.State);
        Assert.Contains(Path.Combine(dir.Path, "sampler", "plugin.json"), row.Message);
        Assert.Contains(expected, row.Message);
        Assert.Contains(log.Errors, e => e.Contains(expected));
    }

    [Fact]
    public async Task ConfigFromPluginJsonThenRunConfigIsApplied()
    {
        using var dir = new ScratchDir();
        Folder(dir.Path, "sampler", "CountingSampler", "Sampler", configJson: "{ \"counting\": { \"step\": 3 } }");
        var calendar = Enumerable.Range(0, 10).Select(i => new DateOnly(2024, 1, 1).AddDays(i)).ToArray();
        var request = new SamplerRequest(calendar, 9, 1);

        var (fromManifest, _) = await LoadAll(dir);
        Assert.Equal(3, fromManifest.Registry.Handle<ISampler>("counting").Call(s => s.Split(request)[0].Train.Count, -1));

        var overrides = new Dictionary<string, ConfigLayer>
        {
            ["counting"] = new("run.json plugins.counting", new System.Text.Json.Nodes.JsonObject { ["step"] = 5 }),
        };
        var fromRun = new PluginHost(dir.Path, new TestLog(), overrides: overrides);
        await fromRun.LoadAllAsync();
        Assert.Equal(5, fromRun.Registry.Handle<ISampler>("counting").Call(s => s.Split(request)[0].Train.Count, -1));
    }

    [Fact]
    public async Task ASourcePluginThatDoesNotCompileReportsFileLineAndMessage()
    {
        using var dir = new ScratchDir();
        File.Copy(Source("BrokenSource"), dir.Combine("BrokenSource.cs"));
        Folder(dir.Path, "sampler", "CountingSampler", "Sampler");
        var (host, log) = await LoadAll(dir);

        var row = StatusOf(host, "BrokenSource.cs");
        Assert.Equal(LoadState.Failed, row.State);
        Assert.Contains($"{dir.Combine("BrokenSource.cs")}(11,21): error CS0029: Cannot implicitly convert type 'string' to 'int'", row.Message);
        Assert.Contains(log.Errors, e => e.Contains("BrokenSource.cs(11,21)"));
        Assert.Equal(LoadState.Active, StatusOf(host, "sampler").State);
    }

    [Fact]
    public async Task TheSmokeCallRejectsASamplerThatLooksAhead()
    {
        using var dir = new ScratchDir();
        File.Copy(Source("LeakySampler"), dir.Combine("LeakySampler.cs"));
        var (host, _) = await LoadAll(dir);

        var row = StatusOf(host, "LeakySampler.cs");
        Assert.Equal(LoadState.Failed, row.State);
        // Train ends at day 599 with horizon 5: its last label is known at 604, after today (599).
        Assert.Contains("leaky leaks at day 599: label of train day 599 is known only at day 604, after today (599)", row.Message);
    }

    [Theory]
    [InlineData("Backtester", "1.0.0", "key 'family': says Backtester, but plugin counting is a Sampler")]
    [InlineData("Sampler", "1.1.0", "key 'version': says 1.1.0, but plugin counting reports 1.0.0 (stale build?)")]
    [InlineData("Samplr", "1.0.0", "key 'family': expected one of MarketSource, Operator, Model, Loss, Label, Sampler, Portfolio, Backtester, Combiner, Embedder, got \"Samplr\"")]
    public async Task AManifestThatDisagreesWithThePluginIsRejected(string family, string version, string expected)
    {
        using var dir = new ScratchDir();
        Folder(dir.Path, "sampler", "CountingSampler", family, version);
        var (host, _) = await LoadAll(dir);
        Assert.Contains(expected, StatusOf(host, "sampler").Message);
    }

    [Fact]
    public async Task AFolderWithoutManifestOrWithBrokenJsonIsReported()
    {
        using var dir = new ScratchDir();
        Directory.CreateDirectory(dir.Combine("empty"));
        Folder(dir.Path, "broken", "CountingSampler", "Sampler");
        File.WriteAllText(dir.Combine("broken/plugin.json"), "{\n  \"name\": \"x\",\n  \"version\" \"1\"\n}");
        var (host, _) = await LoadAll(dir);

        Assert.Contains("empty/plugin.json: missing", StatusOf(host, "empty").Message);
        Assert.Contains("broken/plugin.json: line 3: not valid JSON", StatusOf(host, "broken").Message);
    }

    private sealed record Observed(long Days);

    /// <summary>Feeds the backtester one single-stock day per tick, dated the tick's day of January.</summary>
    private sealed class Evaluation(PluginHandle<IBacktester> backtester) : GameSystem<Observed>
    {
        public override SystemStage Stage => SystemStage.Evaluation;
        protected override Observed Initial => new(0);
        protected override Observed Update(TickContext tick, Observed mine)
        {
            var day = new ScoredDay(new DateOnly(2024, 1, (int)tick.Tick), ["A"], [1.0], [0.01]);
            return backtester.TryCall(b => b.Observe(day)) ? new(mine.Days + 1) : mine;
        }
    }

    [Fact]
    public async Task APluginThatThrowsDuringATickIsLoggedAndTheLoopKeepsTicking()
    {
        using var dir = new ScratchDir();
        Folder(dir.Path, "flaky", "FlakyBacktester", "Backtester");
        var (host, log) = await LoadAll(dir);
        var handle = host.Registry.Handle<IBacktester>("flaky");
        using var engine = new TickEngine([new Evaluation(handle)], new EngineOptions(), log);

        Assert.Equal(10, engine.Run(maxTicks: 10));

        Assert.Equal(5, engine.Latest.Get<Observed>().Days); // odd days 1, 3, 5, 7, 9
        Assert.Equal(5.0, handle.Call(b => b.Metrics()["days"], -1));
        Assert.Equal(5, StatusOf(host, "flaky").Faults);
        var error = log.Errors.First();
        Assert.Contains("plugin flaky 1.0.0 threw", error);
        Assert.Contains("flaky fails on 2024-01-02", error);
        Assert.Contains("at Fixtures.FlakyBacktester.Observe", error); // the stack
    }
}
