using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace AlphaHost.Host.Reports;

/// <summary>
/// report.html: one self-contained page (no network: the chart libraries are inlined) with the
/// summary, the per-year table and interactive Vega-Lite charts (tooltips; drag/wheel to pan and zoom).
/// Each chart's container gets data-rendered="true" once vega-embed has drawn it, or the class
/// chart-error and the error text if it failed, so a headless browser can check the page.
/// </summary>
public static class HtmlReport
{
    public static string Render(ReportData data, ChartScripts scripts)
    {
        var charts = ChartSpecs.For(data);
        var html = Begin(data.Title, data.Headline, scripts);
        if (data.Context.Count > 0)
            html.AppendLine("<p class=\"context\">" + string.Join(" &middot; ", data.Context.Select(c => $"{Text(c.Label)}: <b>{Text(c.Value)}</b>")) + "</p>");

        html.AppendLine("<section class=\"cards\">");
        foreach (var (label, value) in ReportFormat.SummaryRows(data.Metrics))
            html.AppendLine($"<div class=\"card\"><div class=\"value\">{Text(value)}</div><div class=\"label\">{Text(label)}</div></div>");
        html.AppendLine("</section>");

        var years = ReportFormat.YearRows(data).ToArray();
        if (years.Length > 0)
        {
            html.AppendLine("<h2>Alpha against the benchmark, per year</h2>");
            html.AppendLine("<table><thead><tr>" + string.Concat(ReportFormat.YearHeader.Select(h => $"<th>{Text(h)}</th>")) + "</tr></thead><tbody>");
            foreach (var row in years)
                html.AppendLine((row.Year is null ? "<tr class=\"total\">" : "<tr>") + string.Concat(ReportFormat.YearCells(row).Select(c => $"<td>{Text(c)}</td>")) + "</tr>");
            html.AppendLine("</tbody></table>");
        }

        foreach (var table in data.Tables)
        {
            html.AppendLine($"<h2>{Text(table.Title)}</h2>");
            html.AppendLine("<table><thead><tr>" + string.Concat(table.Header.Select(h => $"<th>{Text(h)}</th>")) + "</tr></thead><tbody>");
            foreach (var row in table.Rows) html.AppendLine("<tr>" + string.Concat(row.Select(c => $"<td>{Text(c)}</td>")) + "</tr>");
            html.AppendLine("</tbody></table>");
        }

        html.AppendLine("<h2>Charts</h2>");
        return End(html, charts, data.Notes);
    }

    public static void Write(string path, ReportData data, ChartScripts scripts) => File.WriteAllText(path, Render(data, scripts));

    /// <summary>A page of charts alone (title, headline facts, charts, notes), drawn the same way as the run report.</summary>
    public static void WritePage(string path, string title, IReadOnlyList<(string Label, string Value)> headline,
        IReadOnlyList<(string Id, string Title, JsonObject Spec)> charts, IReadOnlyList<string> notes, ChartScripts scripts) =>
        File.WriteAllText(path, End(Begin(title, headline, scripts), charts, notes));

    /// <summary>The page up to its headline facts: styles and the chart libraries inlined, the title.</summary>
    private static StringBuilder Begin(string title, IReadOnlyList<(string Label, string Value)> headline, ChartScripts scripts)
    {
        var html = new StringBuilder();
        html.AppendLine("<!doctype html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine($"<title>{Text(title)}</title>");
        html.AppendLine("<style>").AppendLine(Style).AppendLine("</style>");
        foreach (var script in new[] { scripts.Vega, scripts.VegaLite, scripts.VegaEmbed })
            html.Append("<script>").Append(Inline(script)).AppendLine("</script>");
        html.AppendLine("</head><body>");
        html.AppendLine($"<h1>{Text(title)}</h1>");
        if (headline.Count > 0)
            html.AppendLine("<ul class=\"headline\">" + string.Concat(headline.Select(h => $"<li><b>{Text(h.Label)}</b>: {Text(h.Value)}</li>")) + "</ul>");
        return html;
    }

    /// <summary>The charts' containers, the notes, and the script that draws every chart into its container.</summary>
    private static string End(StringBuilder html, IReadOnlyList<(string Id, string Title, JsonObject Spec)> charts, IReadOnlyList<string> notes)
    {
        foreach (var (id, chartTitle, _) in charts)
            html.AppendLine($"<figure><div class=\"chart\" id=\"{id}\" data-chart=\"{Text(chartTitle)}\"></div></figure>");
        if (notes.Count > 0)
        {
            html.AppendLine("<h2>Definitions</h2><ul class=\"notes\">");
            foreach (var note in notes) html.AppendLine($"<li>{Text(note)}</li>");
            html.AppendLine("</ul>");
        }
        var specs = new JsonObject();
        foreach (var (id, _, spec) in charts) specs[id] = spec.DeepClone();
        // The default JSON encoder escapes <, > and &, so the specs cannot close the script element.
        html.Append("<script>const charts = ").Append(specs.ToJsonString()).AppendLine(";");
        html.AppendLine(EmbedScript).AppendLine("</script>");
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private static string Text(string s) => WebUtility.HtmlEncode(s);

    /// <summary>A library's text as script content: "&lt;/script" would end the element early.</summary>
    private static string Inline(string js) => js.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);

    private const string EmbedScript = """
        for (const [id, spec] of Object.entries(charts)) {
          const el = document.getElementById(id);
          vegaEmbed(el, spec, { actions: false, renderer: "svg" })
            .then(() => el.setAttribute("data-rendered", "true"))
            .catch(err => { el.classList.add("chart-error"); el.textContent = "chart failed: " + err; });
        }
        """;

    private const string Style = """
        body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 960px; color: #222; }
        h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 28px; }
        .context { color: #555; }
        .cards { display: flex; flex-wrap: wrap; gap: 10px; }
        .card { border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; min-width: 150px; }
        .card .value { font-size: 20px; font-weight: 600; } .card .label { color: #666; font-size: 12px; }
        table { border-collapse: collapse; } th, td { border-bottom: 1px solid #e4e4e4; padding: 4px 10px; text-align: right; }
        th:first-child, td:first-child { text-align: left; } tr.total td { font-weight: 600; border-top: 2px solid #999; }
        figure { margin: 16px 0; } .chart-error { color: #b00; font-weight: 600; }
        .notes { color: #444; font-size: 13px; }
        """;
}
