namespace AlphaHost.Host.Engine;

/// <summary>
/// Where a system runs within a tick. Stages run in this order; systems of one stage run in the
/// order they were added. A system may read parts written this tick only by earlier systems.
/// </summary>
public enum SystemStage
{
    Market,
    Features,
    Training,
    Scoring,
    Publishing,
    Portfolio,
    Evaluation,
    Panel,
}
