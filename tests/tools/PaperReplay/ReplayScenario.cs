using AlphaHost.Host.Trading;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.PaperReplay;

public sealed record ReplayTick(MarketBar Bar, ScoreVector Scores);

/// <summary>What the crash test hands the driver: config, portfolio (top n, rebalance every k) and the ticks.</summary>
public sealed record ReplayScenario(TradingConfig Config, int TopN, int RebalanceEvery, List<ReplayTick> Ticks);
