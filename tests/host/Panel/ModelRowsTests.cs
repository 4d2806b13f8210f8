using AlphaHost.Host.Bus;
using AlphaHost.Host.Panel;

namespace AlphaHost.Host.Tests.Panel;

/// <summary>A model plugin dropped into the folder shows in the models table, ready to activate.</summary>
public class ModelRowsTests
{
    [Fact]
    public void LoadedModelPluginsThatAreNotLiveAreListedAsAvailable()
    {
        IReadOnlyList<ModelRow> run = [new("mlp", 3, ModelRole.Champion, new DateOnly(2024, 1, 2), 0.05, 0.04) { State = "scoring" }];
        IReadOnlyList<PluginRow> plugins =
        [
            new("mlp", "1.0.0", "Model", LoadState.Loaded),
            new("dropped-linear", "1.0.0", "Model", LoadState.Loaded),
            new("broken", "-", "Model", LoadState.Failed, "does not compile"),
            new("wpcc", "1.0.0", "Loss", LoadState.Loaded),
        ];
        var rows = ModelRows.WithAvailable(run, plugins);
        Assert.Equal([("mlp", ModelRole.Champion), ("dropped-linear", ModelRole.Available)], rows.Select(r => (r.Name, r.Role)));
        Assert.Equal(["dropped-linear", "-", "available", "-", "-", "-", "loaded"], CockpitText.ModelCells(rows[1]));
        var wire = (PanelTestKit.KnownState() with { Models = rows }).ToStatus();
        Assert.Equal("available", wire.Models[1].Role);
    }
}
