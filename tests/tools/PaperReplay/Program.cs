using System.Text.Json;
using AlphaHost.Host.Trading;
using AlphaHost.Plugins.Portfolio;

namespace AlphaHost.PaperReplay;

public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: AlphaHost.PaperReplay SCENARIO.json OUT_DIR");
            return 2;
        }
        var scenario = JsonSerializer.Deserialize<ReplayScenario>(File.ReadAllText(args[0]))
            ?? throw new InvalidDataException($"{args[0]}: empty scenario");
        var builder = new RebalanceEvery(new TopNEqualWeight(scenario.TopN), scenario.RebalanceEvery);
        using var session = PaperTradingSession.Open(args[1], scenario.Config, builder);
        if (session.IsFinished)
        {
            Console.WriteLine("already finished");
            return 0;
        }
        Console.WriteLine($"resumed {session.ResumedTicks}");
        foreach (var tick in scenario.Ticks)
        {
            bool traded = session.Step(tick.Bar, tick.Scores);
            if (traded) Console.WriteLine($"committed {session.Tick - 1}");
        }
        var results = session.Finish();
        Console.WriteLine($"finished {results.FinalNav}");
        return 0;
    }
}
