using Google.Protobuf;

namespace AlphaHost.Sdk.Protocol;

/// <summary>A message that travels on the signal bus: it carries the publisher's per-topic header.</summary>
public interface IBusMessage : IMessage
{
    BusHeader Header { get; set; }
}

public sealed partial class Signal : IBusMessage
{
    /// <summary>The bus topic for a model's signals.</summary>
    public static string TopicFor(string model) => Topics.SignalPrefix + model;
}

public sealed partial class Portfolio : IBusMessage;

public sealed partial class Status : IBusMessage;

/// <summary>Bus topic names (the first frame of every bus message).</summary>
public static class Topics
{
    public const string SignalPrefix = "signal.";
    public const string Portfolio = "portfolio";
    public const string Status = "status";
}
