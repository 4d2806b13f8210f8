using static TorchSharp.torch;

namespace AlphaHost.Host.Research;

/// <summary>How a trained asset-embedding table is read (`alphahost embed`'s report): cosine similarities, sector separation, a 2-D PCA projection.</summary>
public static class EmbeddingGeometry
{
    /// <summary>cos(eᵢ, eⱼ) for every pair of rows [A, D] → [A, A] (0 where a row is all zeros).</summary>
    public static double[,] CosineSimilarity(double[,] rows)
    {
        int n = rows.GetLength(0), d = rows.GetLength(1);
        var norms = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int k = 0; k < d; k++) s += rows[i, k] * rows[i, k];
            norms[i] = Math.Sqrt(s);
        }
        var similarity = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double dot = 0;
                for (int k = 0; k < d; k++) dot += rows[i, k] * rows[j, k];
                similarity[i, j] = norms[i] == 0 || norms[j] == 0 ? 0 : dot / (norms[i] * norms[j]);
            }
        return similarity;
    }

    /// <summary>
    /// Mean cosine similarity over pairs i &lt; j in the same sector, over pairs in different sectors,
    /// and the gap (within − cross): positive when same-sector assets sit closer together.
    /// </summary>
    public static (double Within, double Cross, double Gap) SectorSeparation(double[,] similarity, IReadOnlyList<int> sectors)
    {
        double within = 0, cross = 0;
        int withinPairs = 0, crossPairs = 0;
        for (int i = 0; i < sectors.Count; i++)
            for (int j = i + 1; j < sectors.Count; j++)
            {
                if (sectors[i] == sectors[j]) { within += similarity[i, j]; withinPairs++; }
                else { cross += similarity[i, j]; crossPairs++; }
            }
        if (withinPairs == 0 || crossPairs == 0) throw new ArgumentException("sector separation needs at least one same-sector and one cross-sector pair");
        within /= withinPairs;
        cross /= crossPairs;
        return (within, cross, within - cross);
    }

    /// <summary>The rows' coordinates on their first two principal components (rows centred, libtorch's SVD): [A, 2].</summary>
    public static double[,] Pca2(double[,] rows)
    {
        int n = rows.GetLength(0), d = rows.GetLength(1);
        using var scope = NewDisposeScope();
        var flat = new double[n * d];
        System.Buffer.BlockCopy(rows, 0, flat, 0, flat.Length * sizeof(double));
        var x = tensor(flat, [n, d]);
        var centred = x - x.mean([0], keepdim: true);
        var (_, _, vh) = linalg.svd(centred, fullMatrices: false);
        int k = Math.Min(2, (int)vh.size(0));
        var projection = centred.matmul(vh.narrow(0, 0, k).t()).data<double>().ToArray();
        var result = new double[n, 2];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < k; c++) result[i, c] = projection[i * k + c];
        return result;
    }
}
