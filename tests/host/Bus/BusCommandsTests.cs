using AlphaHost.Host.Bus;

namespace AlphaHost.Host.Tests.Bus;

public sealed class BusCommandsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "alphahost-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void KeysNewWritesAUsablePairAndRefusesToOverwrite()
    {
        Assert.Equal(0, Program.Main(["keys", "new", "--out", _dir, "--name", "desk"]));
        var keys = CurveKeyFiles.ReadSecret(Path.Combine(_dir, "desk.key"));
        Assert.Equal(keys.PublicKey, CurveKeyFiles.ReadPublic(Path.Combine(_dir, "desk.pub")));
        Assert.NotEqual(0, Program.Main(["keys", "new", "--out", _dir, "--name", "desk"]));
    }

    [Theory]
    [InlineData("keys", "new")]                                    // --out missing
    [InlineData("listen", "--count", "-1")]
    [InlineData("listen", "--top", "0")]
    [InlineData("listen", "--endpoint", "bogus://x", "--count", "1")]
    public void BadInputExitsNonZero(params string[] args) => Assert.NotEqual(0, Program.Main(args));
}
