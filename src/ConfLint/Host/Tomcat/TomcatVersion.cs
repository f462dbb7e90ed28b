using System.Text.RegularExpressions;
using ConfLint.Workspace;
using ConfLint.Workspace.Tomcat;

namespace ConfLint.Host.Tomcat;

/// <summary>
/// Which Tomcat runs a server.xml, as far as the root shows it: the Debian package's version in dpkg's status, else
/// <c>RELEASE-NOTES</c> of <c>CATALINA_HOME</c>; Debian's and Ubuntu's <c>tomcat10</c> packages are all 10.0 or later.
/// </summary>
/// <param name="Version">The release, or null when unknown.</param>
/// <param name="Source">Where it was read, for messages.</param>
public sealed partial record TomcatVersion(Version? Version, string Source)
{
    /// <summary>Since 9.0.31, 8.5.51 and 7.0.100 (and in every 10.x) the AJP connector requires a secret
    /// (<c>secretRequired</c> true) and listens on <c>localhost</c> unless told otherwise. Null: unknown.</summary>
    public bool? AjpSecureDefaults => Version is not { } v ? null
        : v.Major >= 10 || (v.Major == 9 && v >= new Version(9, 0, 31)) || (v.Major == 8 && v >= new Version(8, 5, 51)) || (v.Major == 7 && v >= new Version(7, 0, 100));

    public static TomcatVersion Find(RootedFileSystem fs, TomcatInstall install)
    {
        var package = PackageOf(install);
        if (package is not null && fs.Root is not null)
        {
            var lines = fs.ReadLines("/var/lib/dpkg/status");
            for (var i = 0; i < lines.Count; i++)
            {
                if (lines[i] == "Package: " + package)
                {
                    for (var j = i + 1; j < lines.Count && lines[j].Length > 0; j++)
                    {
                        if (lines[j].StartsWith("Version: ", StringComparison.Ordinal) && Release().Match(lines[j]) is { Success: true } match)
                        {
                            return new TomcatVersion(Version.Parse(match.Value), $"{package} {lines[j][9..]} in dpkg's status");
                        }
                    }
                }
            }
        }

        if (install.CatalinaHome is { } home)
        {
            foreach (var line in fs.ReadLines(home + "/RELEASE-NOTES").Take(200))
            {
                if (line.Contains("Apache Tomcat Version", StringComparison.Ordinal) && Release().Match(line) is { Success: true } match)
                {
                    return new TomcatVersion(Version.Parse(match.Value), $"{home}/RELEASE-NOTES");
                }
            }
        }

        return package == "tomcat10" ? new TomcatVersion(new Version(10, 0), "Debian's tomcat10 package (10.0 or later)") : new TomcatVersion(null, "neither dpkg's status nor a RELEASE-NOTES file under the root names it");
    }

    private static string? PackageOf(TomcatInstall install)
    {
        foreach (var package in (string[])["tomcat10", "tomcat9", "tomcat8"])
        {
            if (install.ServerXml.StartsWith($"/etc/{package}/", StringComparison.Ordinal) || install.UnitName == package + ".service")
            {
                return package;
            }
        }

        return null;
    }

    [GeneratedRegex(@"\d+\.\d+\.\d+")]
    private static partial Regex Release();
}
