using AlphaHost.Host.Plugins;
using AlphaHost.Sdk.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Host.Tests.Plugins;

/// <summary>What plugins/ExampleModel/README.md tells a researcher to do: copy the model source, rename it, drop it in.</summary>
public class ExampleModelTests
{
    [Fact]
    public async Task TheExampleModelSourceDroppedAsASingleFileCompilesLoadsAndScores()
    {
        var dir0 = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir0 is not null && !File.Exists(Path.Combine(dir0.FullName, "AlphaHost.sln"))) dir0 = dir0.Parent;
        var source = File.ReadAllText(Path.Combine(dir0!.FullName, "plugins", "ExampleModel", "ExampleLinearModel.cs"));
        using var dir = new ScratchDir();
        File.WriteAllText(dir.Combine("MyModel.cs"), source.Replace("\"example-linear\"", "\"my-model\""));
        using var host = new PluginHost(dir.Path, new TestLog());
        await host.LoadAllAsync();

        var status = Assert.Single(host.Registry.Statuses());
        Assert.Equal(("my-model", PluginFamily.Model, PluginOrigin.Source, LoadState.Active), (status.Name, status.Family, status.Origin, status.State));
        var shape = host.Registry.Handle<IModel>("my-model").Call(model =>
        {
            using var scope = torch.NewDisposeScope();
            model.Build(new ModelShape(9, 30));
            var mask = torch.tensor(new[] { true, true, false }, [1, 3]);
            var pictures = torch.randn(1, 3, 9, 30);
            pictures[0, 2].fill_(float.NaN); // garbage in the padded row must not reach its score
            var scores = model.forward(pictures, mask);
            Assert.Equal(0, scores[0, 2].item<float>()); // the padded stock
            Assert.True(scores[0, ..2].isfinite().all().item<bool>());
            return scores.shape;
        }, null);
        Assert.Equal(new long[] { 1, 3 }, shape);
    }
}
