using AlphaHost.Host.Cli;
using AlphaHost.Host.Tests.Plugins;
using static AlphaHost.Host.Tests.Plugins.PluginFixtures;

namespace AlphaHost.Host.Tests.Cli;

public class PluginsCommandsTests
{
    [Fact]
    public void ListShowsNameFamilyVersionStateAndOriginOfEveryPlugin()
    {
        using var dir = new ScratchDir();
        Folder(dir.Path, "sampler", "CountingSampler", "Sampler");
        File.Copy(Source("BrokenSource"), dir.Combine("BrokenSource.cs"));
        var output = new StringWriter();

        Assert.Equal(0, PluginsCommands.List(dir.Path, output, TextWriter.Null));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"2 plugin(s) in {dir.Path}", lines[0]);
        Assert.Equal(["NAME", "FAMILY", "VERSION", "STATE", "ORIGIN"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["BrokenSource", "-", "-", "failed", "source", "BrokenSource.cs"], lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("BrokenSource.cs(11,21): error CS0029", lines[4]);
        Assert.Equal(["counting", "Sampler", "1.0.0", "active", "folder", "sampler"], lines[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void AMissingDirectoryExitsNonZeroWithOneLine()
    {
        var error = new StringWriter();
        Assert.Equal(1, PluginsCommands.List("/no/such/plugins", TextWriter.Null, error));
        Assert.Equal("plugins directory '/no/such/plugins' does not exist (build plugins with `make build`, or pass --dir)", error.ToString().TrimEnd());
        Assert.NotEqual(0, Program.Main(["plugins", "list", "--dir", "/no/such/plugins"]));
    }
}
