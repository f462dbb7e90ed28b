using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Validation;

/// <summary>
/// Files nginx opens while it reads the configuration (certificates and keys, DH parameters, GeoIP databases): a
/// missing one stops it. Judged only where the absence is certain: the path is absolute, has no variables (those are
/// loaded per request), and its folder is under the root and holds files of its kind (MissingFileEvidence). Otherwise --verbose says it was not judged.
/// </summary>
internal static class NginxFileCheck
{
    private static readonly Dictionary<string, string> Opened = new(StringComparer.Ordinal)
    {
        ["ssl_certificate"] = "cannot load certificate",
        ["ssl_certificate_key"] = "cannot load certificate key",
        ["ssl_trusted_certificate"] = "cannot load trusted certificate",
        ["ssl_client_certificate"] = "cannot load client certificate",
        ["ssl_dhparam"] = "cannot load DH parameters",
        ["geoip2"] = "MMDB_open failed for",
        ["geoip_country"] = "cannot open GeoIP database",
        ["geoip_city"] = "cannot open GeoIP database",
        ["geoip_org"] = "cannot open GeoIP database",
    };

    /// <summary>The table's names up to their first underscore (ssl_, geoip_, geoip2), made from the table itself.</summary>
    private static readonly string[] OpenedPrefixes = Opened.Keys.Select(k => k.IndexOf('_') is var u and >= 0 ? k[..(u + 1)] : k).Distinct().ToArray();

    /// <summary>The first letters of the table's names.</summary>
    private static readonly string OpenedFirstLetters = new(Opened.Keys.Select(k => k[0]).Distinct().ToArray());

    /// <summary>Whether the name may be in the table: most directives are turned away here without a lookup.</summary>
    private static bool HasOpenedPrefix(string name)
    {
        // Nearly every directive is turned away on its first character.
        if (name.Length == 0 || !OpenedFirstLetters.Contains(name[0]))
        {
            return false;
        }

        foreach (var prefix in OpenedPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Judges a directive that names a file nginx opens. <paramref name="judged"/>: the directives judged already
    /// by this walk; the verdict does not depend on the context a file is included in, so a snippet included by
    /// thousands of servers (a certificate pair) is judged once, not once per server.</summary>
    public static void Check(NginxDirective directive, ConfigFile file, RootedFileSystem fileSystem, Findings findings, HashSet<NginxDirective> judged)
    {
        var name = directive.Name;
        if (!HasOpenedPrefix(name) || !Opened.TryGetValue(name, out var what) || directive.Args.Count == 0 || !judged.Add(directive))
        {
            return;
        }

        var path = directive.Args[0];
        if (path.Contains('$', StringComparison.Ordinal) || path.StartsWith("data:", StringComparison.Ordinal) || path.StartsWith("engine:", StringComparison.Ordinal)
            || path.StartsWith("store:", StringComparison.Ordinal) || path == "off")
        {
            return;
        }

        if (fileSystem.Root is null || !path.StartsWith('/'))
        {
            findings.Note($"CL000: {file.DisplayPath}:{directive.Location.Start.Line}: {directive.Name} \"{path}\" not judged (no root, or a path relative to the prefix)");
            return;
        }

        if (fileSystem.FileExists(path))
        {
            return;
        }

        var folder = Path.GetDirectoryName(path);
        if (MissingFileEvidence.Unproven(fileSystem, path) is { } why)
        {
            findings.Note($"CL000: {file.DisplayPath}:{directive.Location.Start.Line}: {directive.Name} \"{path}\" cannot be judged: {why}");
            return;
        }

        findings.Error(file, directive, fileSystem.DirectoryExists(folder!) ? $"{what} \"{path}\": no such file (its folder {folder} has no such entry)"
            : $"{what} \"{path}\": no such file (its folder {folder} does not exist; {MissingFileEvidence.Slip(fileSystem, path)} does)");
    }
}
