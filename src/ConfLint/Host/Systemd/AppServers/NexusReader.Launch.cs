using System.Text.RegularExpressions;
using ConfLint.Diagnostics;
using ConfLint.Syntax.Systemd;
using ConfLint.Text;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>How Nexus's launcher starts the JVM: where its install folder is, and the Java system properties it is given.</summary>
internal sealed partial class NexusReader
{
    /// <summary>The launcher as it runs: the folder it is in (links followed, as install4j's script follows them to
    /// <c>prg_dir</c>), its name there, and the install folder above it, where the JVM runs.</summary>
    private sealed record Install(string Bin, string Launcher, string Folder);

    /// <summary>The install folder of the launcher the command names, or null where it cannot be placed in the root.</summary>
    private static Install? Locate(AppServerContext context)
    {
        if (context.Files is not { } files || context.LauncherPath() is not { } path)
        {
            return null;
        }

        var fileSystem = files.FileSystem;
        var script = fileSystem.FileExists(path) ? fileSystem.Resolve(path) : null;
        var bin = script is not null ? Parent(script) : fileSystem.Resolve(Parent(path));
        return bin is null or "/dev/null" ? null : new Install(bin, Path.GetFileName(script ?? path), Parent(bin));
    }

    private static string Parent(string path) => HostFiles.Absolute("..", path);

    /// <summary>The Java system properties the launcher gives the JVM, the last of a name winning as java keeps it: install4j's
    /// script puts <c>$INSTALL4J_ADD_VM_PARAMS</c> first, then the lines of <c>bin/nexus.vmoptions</c> (<c>read_vmoptions</c>:
    /// a line that begins with <c>#</c> is a comment), then the command's <c>-J</c> arguments. Null (the binds unknown, and
    /// why) where one of them cannot be known: the environment not all known, the options file missing, or one that
    /// includes another (<c>-include-options</c>).</summary>
    private static Dictionary<string, Setting>? SystemProperties(AppServer server, AppServerContext context, Install install, HostFiles files)
    {
        var properties = new Dictionary<string, Setting>(StringComparer.Ordinal);
        var added = context.Variable(AddVmParams, out var known);
        if (!known)
        {
            server.Unknown($"{AddVmParams}, whose -D options set Nexus's system properties, may be set where ConfLint cannot see it");
            return null;
        }

        var addedAt = context.EnvironmentAt?.GetValueOrDefault(AddVmParams);
        foreach (var word in (added ?? string.Empty).Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            Take(properties, word, $"in {AddVmParams}", addedAt, null);
        }

        if (RcSetsAddVmParams(install, files) is { } rc)
        {
            server.Unknown($"{rc} sets {AddVmParams} for the launcher, which ConfLint does not follow");
            return null;
        }

        var vmoptions = HostFiles.Absolute(install.Launcher + ".vmoptions", install.Bin);
        if (files.Read(vmoptions) is not { } options)
        {
            server.Unknown($"Nexus's launcher reads {vmoptions}, which is not in the root (-Dkaraf.data, its data folder, and its -D settings are not known)");
            return null;
        }

        server.ConfigFiles.Add(options.File);
        for (var line = 1; line <= options.LineCount; line++)
        {
            var text = options.GetLineText(line).TrimEnd('\r');
            var trimmed = text.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            if (trimmed.StartsWith("-include-options", StringComparison.Ordinal))
            {
                server.Unknown($"{vmoptions} includes another options file ('{trimmed}', line {line}), which ConfLint does not follow");
                return null;
            }

            var at = HostFiles.At(options, options.GetLineSpan(line).Start + text.IndexOf(trimmed, StringComparison.Ordinal), trimmed.Length);
            Take(properties, trimmed, $"in {vmoptions}", at, null);
        }

        // install4j passes an argument that begins with -J to the JVM, without the -J.
        foreach (var word in context.Command.Arguments.Skip(2))
        {
            if (word.Value.StartsWith("-J-D", StringComparison.Ordinal))
            {
                Take(properties, word.Value[2..], "on the command line (-J)", null, word);
            }
        }

        return properties;
    }

    /// <summary>A <c>-Dname=value</c> option as a system property (<c>-Dname</c> alone is the empty value).</summary>
    private static void Take(Dictionary<string, Setting> properties, string option, string where, Location? at, SystemdWord? word)
    {
        if (!option.StartsWith("-D", StringComparison.Ordinal) || option.Length == 2)
        {
            return;
        }

        var equals = option.IndexOf('=');
        var name = equals < 0 ? option[2..] : option[2..equals];
        properties[name] = new Setting(equals < 0 ? string.Empty : option[(equals + 1)..], $"{option} {where}", at, word);
    }

    /// <summary>The launcher's own shell file beside it (<c>bin/nexus.rc</c>, where Sonatype asks for <c>run_as_user</c>)
    /// where it assigns <c>INSTALL4J_ADD_VM_PARAMS</c>; null where it does not.</summary>
    private static string? RcSetsAddVmParams(Install install, HostFiles files)
    {
        var rc = HostFiles.Absolute(install.Launcher + ".rc", install.Bin);
        return files.Read(rc) is { } text && AddVmParamsAssignment().IsMatch(text.Text) ? rc : null;
    }

    [GeneratedRegex(@"^\s*(export\s+)?INSTALL4J_ADD_VM_PARAMS=", RegexOptions.Multiline)]
    private static partial Regex AddVmParamsAssignment();

    /// <summary>Karaf's folder of <paramref name="property"/> (its Main's ConfigProperties: the system property, else the
    /// environment variable, else <paramref name="fallback"/>), a relative path taken from the install folder, where the
    /// launcher runs the JVM; null (the binds unknown, and why) where it cannot be known.</summary>
    private static string? KarafFolder(AppServer server, AppServerContext context, Dictionary<string, Setting> system, Install install, string property, string variable, string fallback)
    {
        string value;
        if (system.TryGetValue(property, out var set))
        {
            value = set.Value;
        }
        else if (context.Variable(variable, out var known) is { Length: > 0 } fromEnvironment)
        {
            value = fromEnvironment;
        }
        else if (!known)
        {
            server.Unknown($"{variable}, which sets Karaf's {property} where no -D{property} does, may be set where ConfLint cannot see it");
            return null;
        }
        else
        {
            return fallback;
        }

        if (value.Length == 0 || value.Contains('$'))
        {
            server.Unknown($"Karaf's {property} is '{value}' ({set?.Said ?? variable}), which names no folder ConfLint can place");
            return null;
        }

        return HostFiles.Absolute(value, install.Folder);
    }
}
