using AlphaHost.Host.Reports;

namespace AlphaHost.Host.Tests.Reports;

public sealed class HtmlReportTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("alphahost-report-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void EveryChartRendersInHeadlessChromium()
    {
        var data = ReportSamples.Full();
        ReportWriter.Write(_dir.FullName, data);
        var ids = ChartSpecs.For(data).Select(c => c.Id).ToArray();
        Assert.Equal(["chart-ic", "chart-decay", "chart-quantiles", "chart-nav", "chart-training"], ids);

        var dom = HeadlessChromium.DumpDom(Path.Combine(_dir.FullName, ReportWriter.HtmlFile));

        Assert.Empty(HeadlessChromium.ChartFailures(dom, ids));
        Assert.Contains("Alpha against the benchmark, per year", dom);
    }

    [Fact]
    public void AChartThatFailsIsDetected()
    {
        // A stand-in vega-embed that rejects: the page must show the failure, and the check must catch it.
        var broken = new ChartScripts("", "", "function vegaEmbed() { return Promise.reject(new Error('boom')); }");
        var path = Path.Combine(_dir.FullName, "broken.html");
        HtmlReport.Write(path, ReportSamples.Full(), broken);

        var failures = HeadlessChromium.ChartFailures(HeadlessChromium.DumpDom(path), ["chart-ic", "chart-decay"]);

        Assert.Equal(2, failures.Count);
        Assert.All(failures, f => Assert.Contains("chart failed: Error: boom", f));
    }

    [Fact]
    public void ThePageIsSelfContained()
    {
        var html = HtmlReport.Render(ReportSamples.Full(), ChartScripts.Load());
        Assert.DoesNotContain("<script src", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        // The libraries are inside: vega-embed's global and vega-lite's compiler.
        Assert.Contains("vegaEmbed", html);
        Assert.Contains("vegaLite", html);
    }

    [Fact]
    public void TextFromTheDataIsEscaped()
    {
        var data = ReportSamples.Full() with { Title = "a <b> & \"c\"", Context = [("factor", "</script><script>alert(1)</script>")] };
        var html = HtmlReport.Render(data, new ChartScripts("", "", ""));
        Assert.Contains("<h1>a &lt;b&gt; &amp; &quot;c&quot;</h1>", html);
        Assert.DoesNotContain("<script>alert(1)", html);
    }
}
