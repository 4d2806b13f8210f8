namespace AlphaHost.Host.Reports;

/// <summary>Writes the three result files of a run or an evaluation into one folder.</summary>
public static class ReportWriter
{
    public const string MetricsFile = "metrics.json", MarkdownFile = "report.md", HtmlFile = "report.html";

    /// <summary>Writes DIR/metrics.json, DIR/report.md and DIR/report.html (the folder is created when missing).</summary>
    public static void Write(string directory, ReportData data, ChartScripts? scripts = null)
    {
        scripts ??= ChartScripts.Load(); // before any file is written: a missing library leaves no half-written report
        Directory.CreateDirectory(directory);
        MetricsJson.Write(Path.Combine(directory, MetricsFile), data.Metrics);
        MarkdownReport.Write(Path.Combine(directory, MarkdownFile), data);
        HtmlReport.Write(Path.Combine(directory, HtmlFile), data, scripts);
    }
}
