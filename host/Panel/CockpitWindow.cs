using AlphaHost.Host.Bus;
using Command = AlphaHost.Host.Bus.Command;
using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace AlphaHost.Host.Panel;

/// <summary>
/// The cockpit's screen: the engine line, four views (1 overview, 2 models, 3 plugins, 4 portfolio),
/// the last command's reply and the key footer. <see cref="Show"/> copies a snapshot into the
/// views; <see cref="HandleKey"/> turns a key into a control command. Runs on the UI thread only.
/// </summary>
public sealed class CockpitWindow : Runnable
{
    public static readonly string[] ViewNames = ["Overview", "Models", "Plugins", "Portfolio"];

    private readonly IControlHandler _commands;
    private readonly Label _engine = new() { X = 0, Y = 0, Width = Dim.Fill() };
    private readonly Label _tabs = new() { X = 0, Y = 1, Width = Dim.Fill() };
    private readonly Label _reply = new() { X = 0, Y = Pos.AnchorEnd(2), Width = Dim.Fill() };
    private readonly Label _footer = new() { X = 0, Y = Pos.AnchorEnd(1), Width = Dim.Fill(), Text = CockpitKeys.Help };
    private readonly View[] _pages;

    private readonly RowTable _overviewModels = new(CockpitText.ModelColumns);
    private readonly Label _overviewTraining = new();
    private readonly LineChart _overviewNav = new();
    private readonly Label _overviewPortfolio = new();
    private readonly Label _log = new();

    private readonly RowTable _models = new(CockpitText.ModelColumns);
    private readonly Label _training = new();
    private readonly LineChart _rankIc = new();
    private static readonly char[] ModelMarks = ['*', '+', 'o', 'x', '#'];
    private static readonly Color[] ModelColors = [Color.BrightGreen, Color.BrightCyan, Color.BrightYellow, Color.BrightMagenta, Color.White];
    private readonly LineChart _trainingCurve = new();

    private readonly RowTable _plugins = new(CockpitText.PluginColumns);
    private readonly Label _pluginError = new();

    private readonly LineChart _nav = new();
    private readonly RowTable _holdings = new(CockpitText.HoldingColumns);
    private readonly Label _portfolio = new();

    private CockpitSnapshot _shown = new();
    private int _page;

    public CockpitWindow(IControlHandler commands)
    {
        _commands = commands;
        Width = Dim.Fill();
        Height = Dim.Fill();
        _pages = [Overview(), ModelsPage(), PluginsPage(), PortfolioPage()];
        Add(_engine, _tabs, _reply, _footer);
        foreach (var page in _pages) Add(page);
        ShowPage(0);
    }

    /// <summary>True once `q` was handed over as a Shutdown command.</summary>
    public bool QuitRequested { get; private set; }

    /// <summary>The footer's reply line: what the last command answered.</summary>
    public string LastReply => _reply.Text;

    public int Page => _page;

    /// <summary>What the cursor is on: the selected row of the models table (of the view shown) and of the plugins table.</summary>
    public CockpitSelection Selection => new(
        (_page == 0 ? _overviewModels : _models).SelectedRow is int m && m < _shown.Models.Count ? _shown.Models[m].Name : null,
        _plugins.SelectedRow is int p && p < _shown.Plugins.Count ? _shown.Plugins[p].Name : null);

    /// <summary>Copies <paramref name="s"/> into the views. Cheap when nothing changed.</summary>
    public void Show(CockpitSnapshot s, double ticksPerSecond, IReadOnlyList<string> log)
    {
        _engine.Text = CockpitText.TopLine(s, ticksPerSecond, _engine.Viewport.Width);
        var tail = string.Join("\n", CockpitText.Tail(log, _log.Viewport.Width, Math.Max(1, _log.Viewport.Height)));
        if (tail != _log.Text) _log.Text = tail; // an unchanged log is not redrawn
        UpdatePluginError(); // the cursor may have moved without a new snapshot
        if (ReferenceEquals(s, _shown)) return;
        var models = s.Models.Select(CockpitText.ModelCells).ToList();
        _overviewModels.SetRows(models);
        _models.SetRows(models);
        _overviewTraining.Text = _training.Text = CockpitText.Training(s.Training);
        _plugins.SetRows(s.Plugins.Select(CockpitText.PluginCells).ToList());
        _overviewPortfolio.Text = _portfolio.Text = string.Join("\n", CockpitText.Portfolio(s.Portfolio).Append(CockpitText.Bus(s)));
        _holdings.SetRows(s.Portfolio.Positions.Select(CockpitText.HoldingCells).ToList());
        var nav = NavLines(s.Portfolio);
        _overviewNav.Show(nav);
        _nav.Show(nav);
        var live = s.Models.Where(m => m.Role is ModelRole.Champion or ModelRole.Challenger).ToList();
        _rankIc.Show(live.Count == 0
            ? [new ChartLine(CockpitMath.Cumulative(s.DailyIc), '*', Color.BrightGreen)]
            : live.Select((m, i) => new ChartLine(CockpitMath.Cumulative(m.DailyRankIc), ModelMarks[i % ModelMarks.Length], ModelColors[i % ModelColors.Length])).ToList());
        if (_rankIc.SuperView is { } rankIcBox)
            rankIcBox.Title = "Cumulative RankIC " + string.Join(" ", live.Select((m, i) => $"{ModelMarks[i % ModelMarks.Length]} {m.Name}"));
        var curve = s.Training?.Curve ?? [];
        _trainingCurve.Show([new ChartLine(curve.Select(c => c.TrainLoss).ToArray(), '*', Color.BrightCyan), new ChartLine(curve.Select(c => c.ValidationLoss).ToArray(), 'o', Color.BrightYellow)]);
        _shown = s;
    }

    /// <summary>A key from the keyboard: a view switch or a control command. False when the key means nothing here.</summary>
    public bool HandleKey(char key)
    {
        if (key is >= '1' and <= '4')
        {
            ShowPage(key - '1');
            return true;
        }
        if (CockpitKeys.ToCommand(key, _shown, Selection) is not { } command) return false;
        _reply.Text = Send(command);
        if (command.Kind == CommandKinds.Shutdown)
        {
            QuitRequested = true;
            App?.RequestStop();
        }
        return true;
    }

    private string Send(Command command)
    {
        try
        {
            return CockpitKeys.Describe(command, _commands.Handle(command));
        }
        catch (Exception e)
        {
            return $"{command.Kind} failed: {e.Message}";
        }
    }

    private void ShowPage(int page)
    {
        _page = page;
        for (var i = 0; i < _pages.Length; i++) _pages[i].Visible = i == page;
        _tabs.Text = string.Join(" ", ViewNames.Select((n, i) => i == page ? $"[{i + 1} {n}]" : $" {i + 1} {n} "));
        (page switch { 1 => _models, 2 => _plugins, 3 => _holdings, _ => (View)_overviewModels }).SetFocus();
    }

    private void UpdatePluginError() =>
        _pluginError.Text = Selection.Plugin is { } name && _shown.Plugins.FirstOrDefault(p => p.Name == name) is { } p
            ? $"{p.Name}: {(p.Error.Length > 0 ? p.Error : "no error")}" : "";

    private static IReadOnlyList<ChartLine> NavLines(PortfolioView p) =>
    [
        new ChartLine(p.Series.Select(x => (double)x.Benchmark).ToArray(), '.', Color.BrightYellow),
        new ChartLine(p.Series.Select(x => (double)x.Nav).ToArray(), '*', Color.BrightGreen),
    ];

    private static View NewPage() => new() { X = 0, Y = 2, Width = Dim.Fill(), Height = Dim.Fill(2), CanFocus = true };

    /// <summary><paramref name="content"/> filling a titled frame placed at x, y with the given size.</summary>
    private static FrameView Boxed(string title, View content, Pos x, Pos y, Dim width, Dim height)
    {
        content.X = 0;
        content.Y = 0;
        content.Width = Dim.Fill();
        content.Height = Dim.Fill();
        var frame = new FrameView { Title = title, CanFocus = content.CanFocus, X = x, Y = y, Width = width, Height = height };
        frame.Add(content);
        return frame;
    }

    /// <summary>A one-line label at (1, <paramref name="y"/>) across the view.</summary>
    private static Label Line(Label label, Pos y)
    {
        label.X = 1;
        label.Y = y;
        label.Width = Dim.Fill();
        return label;
    }

    private View Overview()
    {
        var page = NewPage();
        var models = Boxed("Models", _overviewModels, 0, 0, Dim.Fill(), 6);
        Line(_overviewTraining, Pos.Bottom(models));
        var nav = Boxed("NAV * vs benchmark .", _overviewNav, 0, Pos.Bottom(_overviewTraining), Dim.Percent(55), Dim.Fill(5));
        var portfolio = Boxed("Portfolio", _overviewPortfolio, Pos.Right(nav), nav.Y, Dim.Fill(), Dim.Fill(5));
        var log = Boxed("Log", _log, 0, Pos.AnchorEnd(5), Dim.Fill(), 5);
        page.Add(models, _overviewTraining, nav, portfolio, log);
        return page;
    }

    private View ModelsPage()
    {
        var page = NewPage();
        var models = Boxed("Models (a activate, p promote, x retire, t train)", _models, 0, 0, Dim.Fill(), Dim.Percent(45));
        Line(_training, Pos.Bottom(models));
        var rankIc = Boxed("Cumulative RankIC", _rankIc, 0, Pos.Bottom(_training), Dim.Percent(50), Dim.Fill());
        var curve = Boxed("Latest fit: train * valid o", _trainingCurve, Pos.Right(rankIc), rankIc.Y, Dim.Fill(), Dim.Fill());
        page.Add(models, _training, rankIc, curve);
        return page;
    }

    private View PluginsPage()
    {
        var page = NewPage();
        var plugins = Boxed("Plugins (r reload)", _plugins, 0, 0, Dim.Fill(), Dim.Fill(1));
        page.Add(plugins, Line(_pluginError, Pos.AnchorEnd(1)));
        return page;
    }

    private View PortfolioPage()
    {
        var page = NewPage();
        var nav = Boxed("NAV * vs benchmark .", _nav, 0, 0, Dim.Fill(), Dim.Percent(55));
        var holdings = Boxed("Positions", _holdings, 0, Pos.Bottom(nav), Dim.Percent(40), Dim.Fill());
        var portfolio = Boxed("Today", _portfolio, Pos.Right(holdings), holdings.Y, Dim.Fill(), Dim.Fill());
        page.Add(nav, holdings, portfolio);
        return page;
    }
}
