namespace AlphaHost.Host.Bus;

/// <summary>
/// What the host does with a <see cref="Command"/> from the control socket or a panel key.
/// Called on the caller's thread (the control thread, the panel thread): implementations queue
/// state changes for the engine to apply between ticks and answer at once.
/// </summary>
public interface IControlHandler
{
    Reply Handle(Command command);
}
