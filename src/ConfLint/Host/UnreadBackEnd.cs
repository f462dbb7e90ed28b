using ConfLint.Workspace;

namespace ConfLint.Host;

/// <summary>A program ConfLint does not read, as a candidate for a front end's target that reaches nothing: its main listen
/// option (<see cref="UnreadProgramFiles.MainListen"/>) gives an address no front end reaches, and the configuration ties it
/// to the front end (<c>alertmanager.service</c> moved to <c>--web.listen-address=127.0.0.1:9094</c> while
/// <c>location /alertmanager/</c> still reaches 9093). Only offered by CL001's judgement (never one of
/// <see cref="HostModel.BackEnds"/>): what else the program listens on, and what it speaks, is not read.</summary>
public sealed class UnreadBackEnd : BackEnd
{
    public UnreadBackEnd(UnreadProgram program, ConfigFile file)
        : base(program.Who, file)
    {
        Program = program;
    }

    /// <summary>The program, with the words of its command line and environment.</summary>
    public UnreadProgram Program { get; }

    public override BackendProtocol Protocol => BackendProtocol.Other;

    public override bool? RunsPhp => null;

    public override string Describe() => Program.Who;
}
