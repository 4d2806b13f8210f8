using System.Text;

namespace AlphaHost.Host.Reports;

/// <summary>report.md: context, summary, per-year alpha, quantile returns, IC decay, definitions. Charts live in report.html.</summary>
public static class MarkdownReport
{
    public static string Render(ReportData data)
    {
        var md = new StringBuilder();
        md.Append("# ").AppendLine(data.Title).AppendLine();
        if (data.Headline.Count > 0)
        {
            foreach (var (label, value) in data.Headline) md.AppendLine($"- **{label}**: {value}");
            md.AppendLine();
        }
        foreach (var (label, value) in data.Context) md.AppendLine($"- {label}: {value}");
        if (data.Context.Count > 0) md.AppendLine();

        md.AppendLine("## Summary").AppendLine();
        Table(md, ["metric", "value"], ReportFormat.SummaryRows(data.Metrics).Select(r => new[] { r.Label, r.Value }));

        var years = ReportFormat.YearRows(data).ToArray();
        if (years.Length > 0)
        {
            md.AppendLine("## Alpha against the benchmark, per year").AppendLine();
            Table(md, ReportFormat.YearHeader, years.Select(ReportFormat.YearCells));
        }

        foreach (var table in data.Tables)
        {
            md.AppendLine($"## {table.Title}").AppendLine();
            Table(md, table.Header, table.Rows);
        }

        if (data.Metrics.TryGetValue("quantile_returns", out var q) && q is double[] quantiles && quantiles.Length > 0)
        {
            md.AppendLine("## Mean forward return per quantile (1 = lowest scores)").AppendLine();
            Table(md, ["quantile", "mean forward return"], quantiles.Select((r, g) => new[] { (g + 1).ToString(), ReportFormat.Percent(r, 3) }));
        }

        if (data.IcDecay.Count > 0)
        {
            md.AppendLine("## IC decay: mean RankIC by horizon (days)").AppendLine();
            Table(md, ["horizon", "mean RankIC", "days"], data.IcDecay.Select(d => new[] { d.Horizon.ToString(), ReportFormat.Number(d.MeanRankIc, 4), d.Days.ToString() }));
        }

        if (data.Notes.Count > 0)
        {
            md.AppendLine("## Definitions").AppendLine();
            foreach (var note in data.Notes) md.AppendLine($"- {note}");
            md.AppendLine();
        }
        md.AppendLine("Charts: report.html (IC series, IC decay, cumulative quantile returns, NAV vs benchmark, training curves).");
        return md.ToString();
    }

    public static void Write(string path, ReportData data) => File.WriteAllText(path, Render(data));

    private static void Table(StringBuilder md, IReadOnlyList<string> header, IEnumerable<string[]> rows)
    {
        md.AppendLine("| " + string.Join(" | ", header) + " |");
        md.AppendLine("|" + string.Concat(header.Select((_, i) => i == 0 ? " --- |" : " ---: |")));
        foreach (var row in rows) md.AppendLine("| " + string.Join(" | ", row.Select(c => c.Replace("|", "\\|"))) + " |");
        md.AppendLine();
    }
}
