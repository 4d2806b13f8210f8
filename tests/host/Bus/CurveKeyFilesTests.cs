using AlphaHost.Host.Bus;

namespace AlphaHost.Host.Tests.Bus;

public sealed class CurveKeyFilesTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "alphahost-keys-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void WrittenKeysReadBackAndTheSecretIsOwnerOnly()
    {
        var keys = CurveKeyPair.Generate();
        var (secretPath, publicPath) = CurveKeyFiles.Write(_dir, "server", keys);

        Assert.Equal(keys, CurveKeyFiles.ReadSecret(secretPath));
        Assert.Equal(keys.PublicKey, CurveKeyFiles.ReadPublic(publicPath));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secretPath));
        Assert.Throws<IOException>(() => CurveKeyFiles.Write(_dir, "server", CurveKeyPair.Generate()));
    }

    [Fact]
    public void AllowListSkipsCommentsAndNamesEveryBadLine()
    {
        Directory.CreateDirectory(_dir);
        var good = CurveKeyPair.Generate().PublicKey;
        var path = Path.Combine(_dir, "allowed");
        File.WriteAllLines(path, ["# research desk", good, "", "not-a-key", "  " + good + "  ", new string('x', 39)]);

        var error = Assert.Throws<FormatException>(() => CurveKeyFiles.ReadAllowList(path));
        Assert.Contains($"{path}:4:", error.Message);
        Assert.Contains($"{path}:6:", error.Message);
        Assert.DoesNotContain($"{path}:2:", error.Message);

        File.WriteAllLines(path, ["# research desk", good, "", " " + good]);
        Assert.Equal([good, good], CurveKeyFiles.ReadAllowList(path));
    }

    [Fact]
    public void ControlOptionsLoadFromKeyFiles()
    {
        var server = CurveKeyPair.Generate();
        var client = CurveKeyPair.Generate();
        var (serverKey, _) = CurveKeyFiles.Write(_dir, "server", server);
        var allowList = Path.Combine(_dir, "allowed");
        File.WriteAllLines(allowList, [client.PublicKey]);

        var options = ControlOptions.Load("tcp://0.0.0.0:5557", serverKey, allowList);
        Assert.True(options.RequireCurve);
        Assert.Equal(server, options.ServerKeys);
        Assert.Equal([client.PublicKey], options.AllowedClientKeys);

        Assert.False(ControlOptions.Load("tcp://127.0.0.1:5557", null, null).RequireCurve);
        Assert.Throws<ArgumentException>(() => ControlOptions.Load("tcp://0.0.0.0:5557", serverKey, null));
        var missing = Assert.Throws<FileNotFoundException>(() => ControlOptions.Load("tcp://0.0.0.0:5557", serverKey, allowList + ".nope"));
        Assert.Contains("allowed.nope", missing.Message);
    }
}
