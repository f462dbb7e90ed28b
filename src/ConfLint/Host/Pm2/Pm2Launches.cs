using ConfLint.Host.Systemd;
using ConfLint.Workspace.Systemd;
using ConfLint.Workspace;

namespace ConfLint.Host.Pm2;

/// <summary>
/// The apps a service running PM2 starts, read as PM2 reads them (lib/binaries/CLI.js, lib/API.js): <c>pm2 resurrect</c>
/// (the unit <c>pm2 startup</c> writes, <c>pm2-USER.service</c>) starts the apps of <c>$PM2_HOME/dump.pm2</c>, PM2_HOME being
/// the environment's, else <c>$HOME/.pm2</c> (lib/paths.js, <c>getDefaultPM2Home</c>; systemd sets HOME to the home of
/// <c>User=</c>); <c>pm2 start FILE</c> (<c>restart</c>, <c>reload</c>, <c>startOrRestart</c>...) and <c>pm2-runtime [start]
/// FILE</c> read FILE as an ecosystem file whatever its name when Common.isConfigFile says it is one (the name holds
/// <c>.json</c>, <c>.yml</c>, <c>.yaml</c>, <c>.config.js</c>, <c>.config.cjs</c> or <c>.config.mjs</c>: DSpace's
/// <c>dspace-ui.json</c>), relative to the working folder; any other FILE is a script PM2 runs as one app. A file read here
/// is one the root holds (never outside it); what is not read (a dump not in the root, a script, an ES module file, a
/// HOME not known) leaves PM2's apps at addresses not known (<see cref="HostModel.UnknownListeners"/>, said by CL001's
/// <c>--verbose</c> note): a process manager whose apps are not read may run the back end any target reaches.
/// </summary>
internal static class Pm2Launches
{
    /// <summary>PM2's commands that start the apps of the file they name (lib/binaries/CLI.js).</summary>
    private static readonly HashSet<string> StartVerbs = new(StringComparer.Ordinal)
    {
        "start", "restart", "reload", "gracefulReload", "startOrRestart", "startOrReload", "startOrGracefulReload",
    };

    /// <summary>PM2's binaries: the CLI, and the container runtime that starts the file it is given in the foreground.</summary>
    private static readonly HashSet<string> Binaries = new(StringComparer.Ordinal) { "pm2", "pm2-runtime", "pm2-docker" };

    /// <summary>Common.isConfigFile's extensions (lib/Common.js, <c>knonwConfigFileExtensions</c>), looked for anywhere in
    /// the name as <c>indexOf</c> does.</summary>
    private static readonly string[] ConfigExtensions = [".json", ".yml", ".yaml", ".config.js", ".config.cjs", ".config.mjs"];

    /// <summary>Whether PM2 reads <paramref name="file"/> as an ecosystem file (Common.isConfigFile) rather than as a script.</summary>
    internal static bool IsConfigFile(string file) => ConfigExtensions.Any(e => file.Contains(e, StringComparison.Ordinal));

    /// <summary>What one service's PM2 starts: the files whose apps it reads (an ecosystem file or the dump), or why its apps
    /// are not known.</summary>
    internal sealed record Launch(UnreadProgram Program, string? File, bool Dump, string? Unknown);

    /// <summary>The PM2 launches of the host's services (each unread program whose command runs PM2): found once from the
    /// short list of unread programs, never from the units.</summary>
    internal static List<Launch> Find(HostModel model)
    {
        var launches = new List<Launch>();
        foreach (var program in model.UnreadPrograms)
        {
            if (program.Unit is not { } unit || program.Enablement == Workspace.Systemd.UnitEnablement.Disabled || Of(model, program, unit) is not { } launch)
            {
                continue;
            }

            launches.Add(launch);
        }

        return launches;
    }

    private static Launch? Of(HostModel model, UnreadProgram program, MergedUnit unit)
    {
        var words = program.Words;
        var environment = words.Where(w => w.IndexOf('=') > 0 && w[..w.IndexOf('=')].All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            .GroupBy(w => w[..w.IndexOf('=')], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last()[(g.Key.Length + 1)..], StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            var binary = Path.GetFileName(words[i]);
            if (!Binaries.Contains(binary))
            {
                continue;
            }

            // The words of this command: up to the next command's program or the environment's KEY=value.
            var rest = new List<string>();
            for (var j = i + 1; j < words.Count && !Binaries.Contains(Path.GetFileName(words[j])) && !environment.ContainsKey(words[j].Split('=')[0]); j++)
            {
                rest.Add(words[j]);
            }

            var positional = rest.Where(w => !w.StartsWith('-')).ToList();
            if (binary == "pm2")
            {
                if (positional.Count == 0)
                {
                    continue;
                }

                if (positional[0] == "resurrect")
                {
                    return Resurrect(model, program, unit, environment);
                }

                if (!StartVerbs.Contains(positional[0]))
                {
                    continue; // pm2 kill, save, ping, logs...: no app started
                }

                positional.RemoveAt(0);
            }
            else if (positional.Count > 0 && positional[0] == "start")
            {
                positional.RemoveAt(0);
            }

            if (positional.Count == 0 || positional[0].Contains('=', StringComparison.Ordinal))
            {
                return new Launch(program, null, false, $"{program.Who} runs {binary} {string.Join(' ', rest)}, whose file ConfLint cannot tell");
            }

            var file = positional[0];
            if (!IsConfigFile(file))
            {
                return new Launch(program, null, false, $"{program.Who} runs {file} under PM2 ({binary}), a script ConfLint does not read: where it listens is not known");
            }

            if (SystemdBackEnds.WorkingDirectory(unit) is not { } folder && !file.StartsWith('/'))
            {
                return new Launch(program, null, false, $"{program.Who} runs PM2 with {file}, relative to a working folder ConfLint cannot tell");
            }

            var path = HostFiles.Absolute(file, SystemdBackEnds.WorkingDirectory(unit));
            return file.Contains(".config.mjs", StringComparison.Ordinal)
                ? new Launch(program, null, false, $"{program.Who} runs PM2 with {path}, an ES module ConfLint does not read: where its apps listen is not known")
                : new Launch(program, path, false, null);
        }

        return null;
    }

    /// <summary><c>pm2 resurrect</c>: <c>$PM2_HOME/dump.pm2</c> (lib/API.js, <c>resurrect</c>; constants.js'
    /// <c>DUMP_FILE_PATH</c>), PM2_HOME from the environment, else the home of the unit's user.</summary>
    private static Launch Resurrect(HostModel model, UnreadProgram program, MergedUnit unit, Dictionary<string, string> environment)
    {
        var pm2Home = environment.GetValueOrDefault("PM2_HOME") is { Length: > 0 } set ? set
            : (environment.GetValueOrDefault("HOME") is { Length: > 0 } home ? home : UserHome(model, unit)) is { } folder ? folder.TrimEnd('/') + "/.pm2" : null;
        if (pm2Home is null || !pm2Home.StartsWith('/'))
        {
            return new Launch(program, null, true, $"{program.Who} runs pm2 resurrect, and its PM2_HOME (its user's ~/.pm2) is not known: the apps of its dump.pm2 are not read");
        }

        return new Launch(program, pm2Home.TrimEnd('/') + "/dump.pm2", true, null);
    }

    /// <summary>The home /etc/passwd gives the unit's <c>User=</c> (systemd sets HOME from it); null without one.</summary>
    private static string? UserHome(HostModel model, MergedUnit unit)
    {
        if (unit.Get("Service", "User") is not { Length: > 0 } written || Workspace.Systemd.UnitSpecifiers.Expand(written.Trim(), unit.Name, out var complete) is not { Length: > 0 } user || !complete)
        {
            return null;
        }

        var name = user.All(char.IsAsciiDigit) ? model.Accounts.UserName(user) ?? user : user;
        return model.Accounts.Home(name) is { Length: > 0 } home ? home : name == "root" ? "/root" : null;
    }
}
