using ConfLint.Host.PhpFpm;
using ConfLint.Host.Systemd;
using ConfLint.Syntax.Supervisor;
using ConfLint.Workspace;

namespace ConfLint.Host.Supervisor;

/// <summary>A supervisord <c>[program:x]</c> whose command runs an application server ConfLint reads the binds of, or
/// PHP-FPM (whose pools are then kept alive by this program).</summary>
public sealed class SupervisorBackEnd : BackEnd
{
    internal SupervisorBackEnd(string program, SupervisorSection section, ConfigFile file, AppServer? server, PhpInstall? phpFpm)
        : base($"supervisord {section.Kind} '{program}'", file)
    {
        Program = program;
        Section = section;
        Server = server;
        PhpFpm = phpFpm;
    }

    public string Program { get; }

    /// <summary>The process's <c>%(process_num)</c> where the program runs several (<c>numprocs</c>), else null.</summary>
    public int? ProcessNumber { get; init; }

    /// <summary><c>numprocs</c>: how many processes the program runs (1 unless set).</summary>
    public int ProcessCount { get; init; } = 1;

    public SupervisorSection Section { get; }

    /// <summary>The application server its command runs, with its binds; null for PHP-FPM.</summary>
    public AppServer? Server { get; }

    /// <summary>The PHP-FPM installation its command runs (<c>php-fpm83 -F</c>, <c>php-fpm -y FILE</c>), or null.</summary>
    public PhpInstall? PhpFpm { get; }

    /// <summary><c>autorestart</c> as written, or null (supervisord's default is <c>unexpected</c>: restarted when it exits
    /// with a code not in <c>exitcodes</c>).</summary>
    public SupervisorEntry? AutoRestart => Section.Find("autorestart");

    /// <summary>Whether supervisord starts it again after it crashes.</summary>
    public bool RestartsAfterCrash => !IsFalse(AutoRestart);

    /// <summary><c>autostart</c> where it is false (supervisord then starts the program only when asked:
    /// <c>supervisorctl start</c>), else null; true is supervisord's default.</summary>
    public SupervisorEntry? AutoStartOff => Section.Find("autostart") is { } autostart && IsFalse(autostart) ? autostart : null;

    /// <summary>supervisord's false (datatypes.boolean: <c>false</c>, <c>no</c>, <c>off</c>, <c>0</c>, in any case).</summary>
    private static bool IsFalse(SupervisorEntry? entry) => entry?.Value.Trim().ToLowerInvariant() is "false" or "no" or "off" or "0";

    /// <summary>An <c>[fcgi-program:x]</c>, whose socket supervisord binds and hands to the program: it speaks there what
    /// its server speaks on an inherited socket (the socket's listener says: HTTP for daphne <c>--fd 0</c>), else what is
    /// not known.</summary>
    public bool OwnSocket { get; init; }

    public override BackendProtocol Protocol => OwnSocket ? Listeners.FirstOrDefault()?.Protocol ?? BackendProtocol.Other
        : PhpFpm is not null ? BackendProtocol.FastCgi : Server?.Binds.FirstOrDefault()?.Protocol ?? BackendProtocol.Http;

    /// <summary>PHP-FPM runs PHP, a read application server does not; what an fcgi-program runs on its socket is known only
    /// where its server is read and speaks a known protocol there.</summary>
    public override bool? RunsPhp => PhpFpm is not null ? true : OwnSocket ? (Protocol == BackendProtocol.Other ? null : false) : false;

    public override string Describe() => ProcessNumber is { } number ? $"{Name} (process {number} of its {ProcessCount})" : Name;
}
