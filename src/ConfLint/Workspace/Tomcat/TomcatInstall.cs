using ConfLint.Workspace.Systemd;

namespace ConfLint.Workspace.Tomcat;

/// <summary>
/// A Tomcat the host runs, and where its server.xml is: <c>$CATALINA_BASE/conf/server.xml</c> of each service that
/// runs Tomcat (Debian's <c>tomcat9</c>/<c>tomcat10</c> units set <c>CATALINA_BASE</c>, and their start script reads
/// <c>/etc/default/tomcatN</c>, which may change it), Debian's <c>/etc/tomcat9</c> and <c>/etc/tomcat10</c>, and the
/// tarball layouts <c>/opt/tomcat*/conf</c> and <c>/usr/local/tomcat/conf</c>.
/// </summary>
/// <param name="ServerXml">The server path of server.xml.</param>
/// <param name="UnitName">The service that runs it, when one does.</param>
/// <param name="CatalinaHome">Where Tomcat's own files are (its version is read there), when known.</param>
public sealed record TomcatInstall(string ServerXml, string? UnitName, string? CatalinaHome)
{
    public static IReadOnlyList<TomcatInstall> Find(RootedFileSystem fs, IEnumerable<UnitFileSet> units)
    {
        var found = new List<TomcatInstall>();
        foreach (var files in units)
        {
            if (files.IsMasked || files.IsTemplate || files.MainPath is null || !files.Name.StartsWith("tomcat", StringComparison.Ordinal)
                || !files.Name.EndsWith(".service", StringComparison.Ordinal))
            {
                continue;
            }

            var unit = MergedUnit.Load(fs, files);
            var environment = UnitEnvironment.Read(fs, unit);
            var package = files.Name[..^".service".Length];
            UnitEnvironment.ReadFile(fs, "/etc/default/" + package, environment);
            if (environment.TryGetValue("CATALINA_BASE", out var catalinaBase) && catalinaBase.StartsWith('/'))
            {
                // Debian's CATALINA_BASE/conf links to /etc/tomcatN; a tree that lacks the link still has the package's file.
                var path = catalinaBase.TrimEnd('/') + "/conf/server.xml";
                path = !fs.FileExists(path) && fs.FileExists($"/etc/{package}/server.xml") ? $"/etc/{package}/server.xml" : path;
                Add(fs, found, path, unit.Name, environment.GetValueOrDefault("CATALINA_HOME") ?? "/usr/share/" + package);
            }
        }

        Add(fs, found, "/etc/tomcat10/server.xml", null, "/usr/share/tomcat10");
        Add(fs, found, "/etc/tomcat9/server.xml", null, "/usr/share/tomcat9");
        foreach (var home in fs.Glob("/opt/tomcat*").Append("/usr/local/tomcat"))
        {
            Add(fs, found, home + "/conf/server.xml", null, home);
        }

        return found;
    }

    private static readonly string[] PackagePaths = ["/etc/tomcat10/server.xml", "/etc/tomcat9/server.xml"];

    /// <summary>Adds the server.xml at <paramref name="path"/> once; named by the package's path when it is that file
    /// (Debian's <c>/var/lib/tomcat10/conf</c> links to <c>/etc/tomcat10</c>, where people edit it).</summary>
    private static void Add(RootedFileSystem fs, List<TomcatInstall> found, string path, string? unit, string? home)
    {
        var resolved = fs.Resolve(path);
        if (!fs.FileExists(path) || found.Any(f => fs.Resolve(f.ServerXml) == resolved))
        {
            return;
        }

        var named = PackagePaths.FirstOrDefault(p => fs.Resolve(p) == resolved) ?? RootedFileSystem.Normalize(path);
        found.Add(new TomcatInstall(named, unit, home));
    }
}
