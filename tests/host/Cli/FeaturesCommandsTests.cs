using AlphaHost.Host;
using AlphaHost.Host.Cli;
using AlphaHost.Sdk.Data;

namespace AlphaHost.Host.Tests.Cli;

public sealed class FeaturesCommandsTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("alphahost-features-");
    public void Dispose() => dir.Delete(recursive: true);
    private string PathOf(string name) => Path.Combine(dir.FullName, name);

    // Two stocks × three features × four days.
    private static readonly float[] Pictures =
    [
        1, 2, 3, 4,   // stock 0, f0
        2, 4, 6, 8,   //          f1 = 2·f0
        4, 3, 2, 1,   //          f2 = 5 − f0
        1, 3, 2, 5,   // stock 1, f0
        5, 5, 5, 5,   //          f1 constant
        0, 1, 0, 1,   //          f2
    ];

    private string WriteInput()
    {
        var input = PathOf("x.npy");
        Npy.WriteFloat32(input, Pictures, [2, 3, 4]);
        return input;
    }

    private static (int Exit, string Out, string Err) Run(FeaturesRequest request)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        return (FeaturesCommands.Run(request, output, error), output.ToString(), error.ToString());
    }

    [Fact]
    public void MeanCorrAndCovOverSlidingWindowsMatchHandComputedValues()
    {
        // Window 3, stride 1 over 4 days: windows [0, 3) and [1, 4). Rows: 3 means, then pairs (0,1), (0,2), (1,2) of corr, then of cov.
        var (exit, _, error) = Run(new FeaturesRequest(WriteInput(), "ts_mean,ts_corr,ts_cov", 3, 1, PathOf("y.npy")));
        Assert.True(exit == 0, error);

        var y = Npy.ReadFloat32(PathOf("y.npy"));
        Assert.Equal([2L, 9L, 2L], y.Shape);
        double[] expected =
        [
            // stock 0: f1 and f2 are exact linear functions of f0, so corr is ±1 and cov = slope · var(f0) = slope · 1.
            2, 3,   4, 6,   3, 2,
            1, 1,   -1, -1,   -1, -1,
            2, 2,   -1, -1,   -2, -2,
            // stock 1, window [1 3 2] vs [0 1 0]: centred (−1, 1, 0)·(−1/3, 2/3, −1/3) = 1, Σc0² = 2, Σc2² = 2/3
            //   → corr 1/√(4/3) = √3/2, cov 1/2;
            // window [3 2 5] vs [1 0 1]: centred (−1/3, −4/3, 5/3)·(1/3, −2/3, 1/3) = 4/3, Σc0² = 14/3, Σc2² = 2/3
            //   → corr (4/3)/√(28/9) = 2/√7, cov 2/3. The constant f1 gives 0 for corr and cov.
            2, 10.0 / 3,   5, 5,   1.0 / 3, 2.0 / 3,
            0, 0,   Math.Sqrt(3) / 2, 2 / Math.Sqrt(7),   0, 0,
            0, 0,   0.5, 2.0 / 3,   0, 0,
        ];
        Assert.Equal(expected.Length, y.Data.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - y.Data[i]) < 1e-6, $"Y[{i / 18}, {i / 2 % 9}, {i % 2}] = {y.Data[i]}, expected {expected[i]}");
    }

    [Fact]
    public void TheCommandLineWritesTheFile()
    {
        var input = WriteInput();
        int exit = Program.Main(["features", "--input", input, "--ops", "ts_stddev", "--window", "2", "--stride", "2", "--out", PathOf("std.npy")]);
        Assert.Equal(0, exit);
        var y = Npy.ReadFloat32(PathOf("std.npy"));
        Assert.Equal([2L, 3L, 2L], y.Shape);
        // Sample std of two values a, b is |a − b| / √2.
        double s = 1 / Math.Sqrt(2);
        double[] expected = [s, s, 2 * s, 2 * s, s, s, 2 * s, 3 * s, 0, 0, s, s];
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], y.Data[i], 6);
    }

    [Fact]
    public void UnknownOperatorFailsWithOneLineListingTheKnownOnes()
    {
        var (exit, _, error) = Run(new FeaturesRequest(WriteInput(), "ts_mean,ts_foo", 2, 2, PathOf("y.npy")));
        Assert.Equal(1, exit);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("--ops: no Operator plugin named 'ts_foo'", error);
        foreach (var known in new[] { "ts_corr", "ts_cov", "ts_stddev", "ts_zscore", "ts_return", "ts_decaylinear", "ts_mean" })
            Assert.Contains(known, error);
        Assert.False(File.Exists(PathOf("y.npy")));
    }

    [Fact]
    public void WindowLongerThanThePictureFails()
    {
        var input = WriteInput();
        var (exit, _, error) = Run(new FeaturesRequest(input, "ts_mean", 5, 1, PathOf("y.npy")));
        Assert.Equal(1, exit);
        Assert.Equal($"error: --window 5 is longer than the 4 days (T) of {input}", error.TrimEnd());
        Assert.False(File.Exists(PathOf("y.npy")));
    }

    [Fact]
    public void InputThatIsNotFloat32PicturesFailsNamingTheFile()
    {
        var flat = PathOf("flat.npy");
        Npy.WriteFloat32(flat, [1, 2, 3, 4], [4]);
        var (exit, _, error) = Run(new FeaturesRequest(flat, "ts_mean", 2, 1, PathOf("y.npy")));
        Assert.Equal(1, exit);
        Assert.Contains($"{flat}: expected data pictures of shape [N, F, T], got (4)", error);

        var (missingExit, _, missingError) = Run(new FeaturesRequest(PathOf("nope.npy"), "ts_mean", 2, 1, PathOf("y.npy")));
        Assert.Equal(1, missingExit);
        Assert.Contains(PathOf("nope.npy"), missingError);
    }

    [Fact]
    public void NonPositiveStrideFails()
    {
        var (exit, _, error) = Run(new FeaturesRequest(WriteInput(), "ts_mean", 2, 0, PathOf("y.npy")));
        Assert.Equal(1, exit);
        Assert.Contains("--stride 0", error);
    }
}
