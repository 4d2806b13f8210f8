using AlphaHost.Host;

namespace AlphaHost.Host.Tests;

public class CliTests
{
    [Fact]
    public void UnknownCommandExitsNonZero()
    {
        Assert.NotEqual(0, Program.Main(["no-such-command"]));
    }

    [Fact]
    public void VersionIsTheAssemblyVersion()
    {
        Assert.StartsWith("0.1.0", Program.Version);
    }
}
