using AlphaHost.Host.Research;

namespace AlphaHost.Host.Tests.Research;

public class EmbeddingsGeometryTests
{
    [Fact]
    public void GeometryFollowsItsDefinitions()
    {
        var rows = new double[,] { { 1, 0 }, { 2, 0 }, { 0, 3 }, { -1, 0 } };
        var similarity = EmbeddingGeometry.CosineSimilarity(rows);
        Assert.Equal(1, similarity[0, 1], 12);
        Assert.Equal(0, similarity[0, 2], 12);
        Assert.Equal(-1, similarity[0, 3], 12);
        // Sectors {0, 1} and {2, 3}: within = (cos01 + cos23) / 2 = (1 + 0) / 2;
        // cross = (cos02 + cos03 + cos12 + cos13) / 4 = (0 − 1 + 0 − 1) / 4.
        var (within, cross, gap) = EmbeddingGeometry.SectorSeparation(similarity, [0, 0, 1, 1]);
        Assert.Equal(0.5, within, 12);
        Assert.Equal(-0.5, cross, 12);
        Assert.Equal(1.0, gap, 12);
        // Points on a line: the first component carries all the spread (up to sign), the second none.
        var pca = EmbeddingGeometry.Pca2(new double[,] { { 0, 0, 0 }, { 1, 2, 2 }, { 2, 4, 4 } });
        Assert.Equal(3, Math.Abs(pca[1, 0] - pca[0, 0]), 9);
        Assert.Equal(0, pca[2, 1], 9);
    }
}
