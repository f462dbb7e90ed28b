using ConfLint.Syntax.Systemd;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Workspace.Haproxy;

/// <summary>
/// How a host starts HAProxy: the configuration files of one <c>haproxy</c> process, in the order it reads them, and
/// the environment its <c>"${VAR}"</c> words see. From each systemd service whose ExecStart runs haproxy: every
/// <c>-f PATH</c> (and each path after <c>--</c>), with <c>$CONFIG</c>, <c>$EXTRAOPTS</c> and kin expanded from the unit's
/// <c>Environment=</c> and <c>EnvironmentFile=</c> (Debian's unit reads <c>/etc/default/haproxy</c>); a folder stands for
/// its <c>*.cfg</c> files in byte order, dot files left out, as HAProxy 2.6 lists it (<c>cfgfiles_expand_directories</c>).
/// Without such a unit, <c>/etc/haproxy/haproxy.cfg</c>, as Debian's and Red Hat's packages start it.
/// </summary>
/// <param name="UnitName">The service that runs it, or null for the default file.</param>
/// <param name="ConfigPaths">Server paths of the files, in the order HAProxy reads them.</param>
public sealed record HaproxyLaunch(string? UnitName, IReadOnlyList<string> ConfigPaths, IReadOnlyDictionary<string, string> Environment)
{
    public const string DefaultConfig = "/etc/haproxy/haproxy.cfg";

    /// <summary>The launches of a host under a root: one per haproxy service, or the default file.</summary>
    /// <param name="namesHaproxy">Whether a unit's files name haproxy, where the caller has read them already (discovery
    /// reads each unit once for all it looks for); null for a unit it has not, whose files are then searched here.</param>
    public static IReadOnlyList<HaproxyLaunch> Find(RootedFileSystem fs, IEnumerable<UnitFileSet> units, Func<UnitFileSet, bool?>? namesHaproxy = null)
    {
        var launches = new List<HaproxyLaunch>();
        var services = units.Where(files => !files.IsMasked && !files.IsTemplate && files.MainPath is not null
            && files.Name.EndsWith(".service", StringComparison.Ordinal)).ToList();

        // Only units that name haproxy are read whole: a live root has hundreds, and a hosting tree thousands, searched
        // side by side.
        var named = new bool[services.Count];
        WorkSplit.For(services.Count, services.Count >= WorkSplit.SmallWorkspace, System.Environment.ProcessorCount,
            i => named[i] = namesHaproxy?.Invoke(services[i]) ?? services[i].Files.Any(f => fs.FileContains(f, "haproxy"u8)));
        for (var i = 0; i < services.Count; i++)
        {
            if (!named[i])
            {
                continue;
            }

            var files = services[i];
            var unit = MergedUnit.Load(fs, files);
            if (FromUnit(fs, unit) is { } launch)
            {
                launches.Add(launch);
            }
        }

        if (launches.Count == 0 && fs.FileExists(DefaultConfig))
        {
            launches.Add(new HaproxyLaunch(null, [DefaultConfig], new Dictionary<string, string>(StringComparer.Ordinal)));
        }

        return launches;
    }

    /// <summary>The launch of a service whose ExecStart runs haproxy, or null. When its <c>-f</c> paths hold variables
    /// the unit does not set, the default file stands in.</summary>
    public static HaproxyLaunch? FromUnit(RootedFileSystem fs, MergedUnit unit)
    {
        if (unit.EffectiveEntry("Service", "ExecStart") is not { } execStart)
        {
            return null;
        }

        var command = SystemdCommandLine.Parse(execStart.Value).Commands.FirstOrDefault(c => c.ProgramName == "haproxy");
        if (command is null)
        {
            return null;
        }

        var environment = UnitEnvironment.Read(fs, unit);
        var argv = UnitEnvironment.Expand(command.Arguments.Select(a => a.Value), environment, out _);
        var paths = new List<string>();
        var directory = "/";
        for (var i = 0; i < argv.Count; i++)
        {
            var argument = argv[i];
            if (argument == "--")
            {
                paths.AddRange(argv.Skip(i + 1).Where(a => !a.StartsWith('-')));
                break;
            }

            if (argument is "-f" or "-C" && i + 1 < argv.Count)
            {
                if (argument == "-C")
                {
                    directory = argv[i + 1];
                }
                else
                {
                    paths.Add(argv[i + 1]);
                }

                i++;
            }
        }

        var files = new List<string>();
        foreach (var path in paths)
        {
            if (path.Contains('$'))
            {
                continue;
            }

            var full = path.StartsWith('/') ? path : directory.TrimEnd('/') + "/" + path;
            files.AddRange(fs.DirectoryExists(full) ? ConfigFilesIn(fs, full) : [RootedFileSystem.Normalize(full)]);
        }

        if (files.Count == 0 && fs.FileExists(DefaultConfig))
        {
            files.Add(DefaultConfig);
        }

        return files.Count == 0 ? null : new HaproxyLaunch(unit.Name, files, environment);
    }

    /// <summary>A folder's <c>*.cfg</c> regular files, as HAProxy takes them: byte order, no dot files, and the first
    /// <c>.cfg</c> of the name at its end.</summary>
    private static IEnumerable<string> ConfigFilesIn(RootedFileSystem fs, string folder) =>
        fs.EnumerateEntries(folder)
            .Where(p => Path.GetFileName(p) is var name && !name.StartsWith('.') && name.IndexOf(".cfg", StringComparison.Ordinal) is var at && at >= 0 && at == name.Length - 4)
            .Where(fs.FileExists);
}
