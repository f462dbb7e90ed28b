namespace ConfLint.Host.Supervisor;

/// <summary>
/// Where the programs read from supervisord's files go. For the files supervisord loads (<see cref="Live"/>): the host
/// model, as back ends, unread programs, unknown listeners and notes. For a file it does not load (<see cref="Apart"/>: a
/// <c>conf.d/app.ini</c> beside <c>files = conf.d/*.conf</c>): a list of their own, read the same way only to say where
/// the programs would listen; nothing of them reaches the model, so no rule takes them for programs that run.
/// </summary>
internal sealed class SupervisorSink
{
    private readonly HostModel? _model;

    private SupervisorSink(HostModel? model) => _model = model;

    /// <summary>Into the model: the programs supervisord runs.</summary>
    public static SupervisorSink Live(HostModel model) => new(model);

    /// <summary>Into <see cref="BackEnds"/> only: the programs of a file supervisord does not load.</summary>
    public static SupervisorSink Apart() => new(null);

    /// <summary>Whether the programs are the ones supervisord runs (a PHP-FPM program then keeps its installation's pools).</summary>
    public bool IsLive => _model is not null;

    /// <summary>The back ends of a sink <see cref="Apart"/> (empty for a live one, whose back ends are the model's).</summary>
    public List<SupervisorBackEnd> BackEnds { get; } = [];

    public void Add(SupervisorBackEnd backEnd)
    {
        if (_model is null)
        {
            BackEnds.Add(backEnd);
        }
        else
        {
            _model.BackEnds.Add(backEnd);
        }
    }

    public void Unread(UnreadProgram program) => _model?.UnreadPrograms.Add(program);

    public void UnknownListener(BackEnd backEnd, string why) => _model?.UnknownListeners.Add((backEnd, why));

    public void UnreadCommand(string note) => _model?.UnreadSupervisorCommands.Add(note);

    public void UnfollowedScript(string note) => _model?.UnfollowedScripts.Add(note);

    public void NonServerScript(NonServerScript script) => _model?.NonServerScripts.Add(script);
}
