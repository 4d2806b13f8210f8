using System.Globalization;
using System.Security;
using System.Text;

namespace AlphaHost.Plugins.Models.Embeddings;

/// <summary>The trained table as two SVG images: the cosine-similarity heat map and the PCA scatter, coloured by sector.</summary>
public static class EmbeddingImages
{
    private static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>Writes similarity.svg and pca.svg into <paramref name="directory"/>; returns their paths.</summary>
    public static (string Similarity, string Projection) Write(string directory, IReadOnlyList<string> names, IReadOnlyList<int> sectors, double[,] rows)
    {
        Directory.CreateDirectory(directory);
        var similarity = Path.Combine(directory, "similarity.svg");
        var projection = Path.Combine(directory, "pca.svg");
        File.WriteAllText(similarity, SimilaritySvg(names, EmbeddingGeometry.CosineSimilarity(rows)));
        File.WriteAllText(projection, ProjectionSvg(names, sectors, EmbeddingGeometry.Pca2(rows)));
        return (similarity, projection);
    }

    /// <summary>Heat map: red for +1, white for 0, blue for −1; assets in the given order on both axes.</summary>
    public static string SimilaritySvg(IReadOnlyList<string> names, double[,] similarity)
    {
        const int cell = 14, margin = 60;
        int n = names.Count, size = margin + n * cell + 10;
        var svg = Open(size, size, "cosine similarity of asset embeddings");
        for (int i = 0; i < n; i++)
        {
            svg.Append(Text(margin - 4, margin + i * cell + cell - 3, names[i], "end"));
            svg.Append($"<text x=\"{F(margin + i * cell + cell - 3)}\" y=\"{F(margin - 4)}\" font-size=\"9\" transform=\"rotate(-90 {F(margin + i * cell + cell - 3)} {F(margin - 4)})\">{SecurityElement.Escape(names[i])}</text>\n");
            for (int j = 0; j < n; j++)
                svg.Append($"<rect x=\"{margin + j * cell}\" y=\"{margin + i * cell}\" width=\"{cell}\" height=\"{cell}\" fill=\"{Diverging(similarity[i, j])}\"><title>{SecurityElement.Escape(names[i])}–{SecurityElement.Escape(names[j])}: {F(similarity[i, j])}</title></rect>\n");
        }
        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>Scatter of the first two principal components, one colour per sector, each point labelled.</summary>
    public static string ProjectionSvg(IReadOnlyList<string> names, IReadOnlyList<int> sectors, double[,] coordinates)
    {
        const int size = 520, margin = 40;
        int n = names.Count;
        double minX = double.MaxValue, maxX = double.MinValue, minY = double.MaxValue, maxY = double.MinValue;
        for (int i = 0; i < n; i++)
        {
            minX = Math.Min(minX, coordinates[i, 0]); maxX = Math.Max(maxX, coordinates[i, 0]);
            minY = Math.Min(minY, coordinates[i, 1]); maxY = Math.Max(maxY, coordinates[i, 1]);
        }
        double spanX = Math.Max(maxX - minX, 1e-12), spanY = Math.Max(maxY - minY, 1e-12);
        var svg = Open(size, size, "asset embeddings, first two principal components");
        svg.Append($"<rect x=\"{margin}\" y=\"{margin}\" width=\"{size - 2 * margin}\" height=\"{size - 2 * margin}\" fill=\"none\" stroke=\"#ccc\"/>\n");
        for (int i = 0; i < n; i++)
        {
            double x = margin + (coordinates[i, 0] - minX) / spanX * (size - 2 * margin);
            double y = size - margin - (coordinates[i, 1] - minY) / spanY * (size - 2 * margin);
            string colour = Palette[((sectors[i] % Palette.Length) + Palette.Length) % Palette.Length];
            svg.Append($"<circle cx=\"{F(x)}\" cy=\"{F(y)}\" r=\"4\" fill=\"{colour}\"/>\n");
            svg.Append(Text(x + 6, y + 3, names[i], "start"));
        }
        svg.Append(Text(size / 2.0, size - 8, "PC1", "middle"));
        svg.Append(Text(12, size / 2.0, "PC2", "middle"));
        return svg.Append("</svg>\n").ToString();
    }

    private static StringBuilder Open(int width, int height, string title) =>
        new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\">\n<title>{title}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");

    private static string Text(double x, double y, string text, string anchor) =>
        $"<text x=\"{F(x)}\" y=\"{F(y)}\" font-size=\"9\" text-anchor=\"{anchor}\">{SecurityElement.Escape(text)}</text>\n";

    /// <summary>−1 → blue, 0 → white, +1 → red.</summary>
    private static string Diverging(double v)
    {
        v = Math.Clamp(double.IsNaN(v) ? 0 : v, -1, 1);
        int fade = (int)Math.Round(255 * (1 - Math.Abs(v)));
        return v >= 0 ? $"rgb(255,{fade},{fade})" : $"rgb({fade},{fade},255)";
    }

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
