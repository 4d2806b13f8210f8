using System.Drawing;
using System.Globalization;
using Terminal.Gui.Drawing;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using Attribute = Terminal.Gui.Drawing.Attribute;
using Color = Terminal.Gui.Drawing.Color;

namespace AlphaHost.Host.Panel;

/// <summary>One line of a <see cref="LineChart"/>: its values by index, the character it is drawn with, and its colour.</summary>
public sealed record ChartLine(IReadOnlyList<double> Values, char Mark, Color Color);

/// <summary>
/// A GraphView that fits its lines to whatever size it has: x is the index, y spans the data's range.
/// The fit is redone on every draw, so a resize never leaves a line off screen.
/// </summary>
public sealed class LineChart : GraphView
{
    private IReadOnlyList<ChartLine> _lines = [];

    public LineChart()
    {
        MarginLeft = 8;
        MarginBottom = 1;
        AxisX.Visible = false; // x is an index; the frame title says what it spans
        AxisY.LabelGetter = v => v.Value.ToString(Math.Abs(v.Value) >= 1000 ? "0.00e0" : "0.000", CultureInfo.InvariantCulture);
    }

    public void Show(IReadOnlyList<ChartLine> lines)
    {
        _lines = lines;
        SetNeedsDraw();
    }

    protected override bool OnDrawingContent(DrawContext? context)
    {
        Fit();
        return base.OnDrawingContent(context);
    }

    private void Fit()
    {
        Annotations.Clear();
        var finite = _lines.SelectMany(l => l.Values).Where(double.IsFinite).ToList();
        int width = Math.Max(1, Viewport.Width - (int)MarginLeft - 1), height = Math.Max(1, Viewport.Height - (int)MarginBottom - 1);
        if (finite.Count == 0) return;
        int count = _lines.Max(l => l.Values.Count);
        double min = finite.Min(), max = finite.Max();
        if (max - min < 1e-12) { min -= 0.5; max += 0.5; }
        CellSize = new PointF((float)Math.Max(1.0, (count - 1) / (double)width), (float)((max - min) / height));
        ScrollOffset = new PointF(0, (float)min);
        AxisY.Increment = CellSize.Y * Math.Max(1, height / 3);
        AxisY.ShowLabelsEvery = 1;
        foreach (var line in _lines)
        {
            var points = line.Values.Select((v, i) => (v, i)).Where(p => double.IsFinite(p.v)).Select(p => new PointF(p.i, (float)p.v)).ToList();
            if (points.Count == 1) points.Add(points[0]);
            Annotations.Add(new PathAnnotation { Points = points, LineRune = new System.Text.Rune(line.Mark), LineColor = new Attribute(line.Color, Color.Black) });
        }
    }
}
