using ConfLint.Host.Nginx;
using ConfLint.Knowledge;
using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;
using ConfLint.Workspace.Compose;

namespace ConfLint.Host.Compose;

/// <summary>
/// The nginx a Compose service's container runs, where its configuration is read from the repository's files the
/// container sees (a bind mount, a file its build copies, a template its image renders), and the <c>listen</c> lines of
/// its <c>http</c> servers: what a port Docker publishes for the service meets inside the container.
/// <para>The configuration nginx runs is the file its command names with <c>-c</c>, else the image's main file
/// (<c>config</c> of <c>data/images/images.txt</c>, else <c>/etc/nginx/nginx.conf</c>, the packages' and the official
/// images' path). Where the repository does not hold that file but the image is a known nginx image whose main file only
/// includes its include folder (<c>include</c>), the files read there are the configuration. Only a service whose
/// program is nginx (its command, or the image's default server) is read; an <c>entrypoint</c> of its own leaves it unknown.</para>
/// <para>The configuration is read whole (<see cref="Unread"/> null) where each of its includes is followed to files
/// the repository holds, or names one of nginx's own distributed files (<c>mime.types</c>, the <c>*_params</c> files),
/// which hold no server; and where a folder of the image is included, each file the image has there
/// (<c>include-files</c>) is replaced by a read one.</para>
/// </summary>
public sealed class ContainerNginx
{
    /// <summary>The files nginx's source distributes (its <c>conf/</c> folder, installed beside nginx.conf by the packages
    /// and the images): types and parameters, no <c>server</c>.</summary>
    private static readonly HashSet<string> DistributedFiles = new(StringComparer.Ordinal)
    {
        "mime.types", "fastcgi_params", "fastcgi.conf", "scgi_params", "uwsgi_params", "proxy_params", "koi-utf", "koi-win", "win-utf",
    };

    private static readonly ContainerNginx None = new([], [], null);

    private ContainerNginx(IReadOnlyList<NginxInstance> instances, IReadOnlyList<Listen> listens, string? unread)
    {
        Instances = instances;
        Listens = listens;
        Unread = unread;
    }

    /// <summary>A <c>listen</c> of a server in <c>http</c>: its address (empty for every address), port, and whether it
    /// speaks TLS (<c>ssl</c>).</summary>
    public sealed record Listen(string Host, int Port, bool Ssl, NginxDirective Directive, ConfigFile File)
    {
        /// <summary>Whether Docker's forwarded connections reach it (not only the container's loopback).</summary>
        public bool Reachable => !(Host == "localhost" || Host.Trim('[', ']') == "::1" || Host.StartsWith("127.", StringComparison.Ordinal));

        /// <summary>For messages: "listen 8085 (deploy/my.conf:40)".</summary>
        public string Describe() => $"{Directive.Name} {string.Join(' ', Directive.Args)} ({File.DisplayPath}:{Directive.Position.Line})";
    }

    /// <summary>The configurations nginx runs in the container (one main file, or the files of the image's include folder).</summary>
    public IReadOnlyList<NginxInstance> Instances { get; }

    public IReadOnlyList<Listen> Listens { get; }

    /// <summary>What of the configuration is not read (an include of the image's files, a server whose <c>listen</c> is not
    /// read), or null where it is read whole.</summary>
    public string? Unread { get; }

    /// <summary>The <c>listen</c> lines on <paramref name="port"/> that Docker's forwarded connections reach.</summary>
    public IReadOnlyList<Listen> On(int port) => Listens.Where(l => l.Port == port && l.Reachable).ToList();

    /// <summary>The service's nginx, read once per host; null where the service runs no nginx ConfLint reads.</summary>
    public static ContainerNginx? Of(HostModel host, ComposeService service)
    {
        var read = host.Shared("ContainerNginx", service, s => Read(host, s) ?? None);
        return ReferenceEquals(read, None) ? null : read;
    }

    private static ContainerNginx? Read(HostModel host, ComposeService service)
    {
        if (service.Entrypoint is not null || service.EntrypointWritten)
        {
            return null;
        }

        var instances = host.Nginx.Where(n => n.MainFile.Container?.Service == service).ToList();
        if (instances.Count == 0)
        {
            return null;
        }

        var facts = service.Build ? BuiltImage.Facts(service, host, out _) : service.Image?.Value is { } image ? ImageTable.Instance.Find(image) : null;
        var argv = service.Command?.Argv;
        if (service.Command?.Interpolated == true)
        {
            return null;
        }

        var runsNginx = argv is { Count: > 0 } words ? words[0][(words[0].LastIndexOf('/') + 1)..] is "nginx" or "nginx-debug" : facts?.Server == "nginx" && !service.CommandWritten;
        if (!runsNginx)
        {
            return null;
        }

        var option = argv?.ToList().IndexOf("-c") ?? -1;
        var config = option > 0 && option + 1 < argv!.Count ? argv[option + 1] : facts?.Config ?? "/etc/nginx/nginx.conf";
        if (instances.FirstOrDefault(n => n.MainFile.DaemonPath == config) is { } main)
        {
            return Whole(host, facts, [main], null);
        }

        if (option > 0 || facts is not { Server: "nginx", Include: { } glob } || facts.Config != config)
        {
            return null;
        }

        // The image's own main file, which includes only its include folder: the files read there are the configuration.
        var folder = facts.IncludeFolder!;
        var included = instances.Where(n => Path.GetDirectoryName(n.MainFile.DaemonPath) == folder && GlobMatcher.IsMatch(glob[(folder.Length + 1)..], Path.GetFileName(n.MainFile.DaemonPath))).ToList();
        if (included.Count == 0)
        {
            return null;
        }

        var missing = facts.IncludeFiles.Where(f => !included.Any(n => n.MainFile.DaemonPath == f)).ToList();
        var unread = facts.IncludeFiles.Count == 0 ? $"which files the image {facts.Image} has in {folder} is not known"
            : missing.Count > 0 ? $"the image's {string.Join(", ", missing)} is not read" : null;
        return Whole(host, facts, included, unread);
    }

    private static ContainerNginx Whole(HostModel host, ImageFacts? facts, List<NginxInstance> instances, string? unread)
    {
        var listens = new List<Listen>();
        foreach (var instance in instances)
        {
            foreach (var scope in instance.Scopes)
            {
                foreach (var (directive, file) in scope.Settings)
                {
                    if (directive.Name == "include" && Unfollowed(host, facts, directive, file) is { } why)
                    {
                        unread ??= why;
                    }
                }

                if (scope.Context != NginxContext.Server || scope.Parent?.Context != NginxContext.Http)
                {
                    continue;
                }

                var any = false;
                foreach (var (directive, file) in scope.Settings)
                {
                    if (directive.Name != "listen" || directive.Args.Count == 0)
                    {
                        continue;
                    }

                    any = true;
                    if (directive.Args.Skip(1).Any(a => a == "quic"))
                    {
                        // A quic listen is a UDP socket: no TCP publication meets it.
                        continue;
                    }

                    if (directive.Args[0].Contains('$', StringComparison.Ordinal) || !Endpoint.TrySplitHostPort(directive.Args[0], 80, out var address, out var port))
                    {
                        unread ??= $"{file.DisplayPath}:{directive.Position.Line}: listen {directive.Args[0]} is not read";
                        continue;
                    }

                    if (!Endpoint.IsUnixAddress(directive.Args[0]))
                    {
                        listens.Add(new Listen(address is "*" ? string.Empty : address, port, directive.Args.Contains("ssl"), directive, file));
                    }
                }

                if (!any)
                {
                    // No listen: *:80 as root, *:8000 otherwise; who the master runs as is not read here.
                    unread ??= $"the server at {scope.File?.DisplayPath}:{scope.Directive?.Position.Line} has no listen (80 or 8000, by who nginx runs as)";
                }
            }
        }

        return new ContainerNginx(instances, listens, unread);
    }

    /// <summary>Why an include of the configuration leaves some of it unread; null where what it brings in is read.</summary>
    private static string? Unfollowed(HostModel host, ImageFacts? facts, NginxDirective directive, ConfigFile file)
    {
        var written = directive.Args.Count > 0 ? directive.Args[0] : string.Empty;
        var at = $"{file.DisplayPath}:{directive.Position.Line}";
        if (host.Workspace.IncludeAt(directive) is not { } site)
        {
            return DistributedFiles.Contains(Path.GetFileName(written)) && !written.Contains('*', StringComparison.Ordinal) ? null : $"include {written} ({at}) is not read";
        }

        if (site.ClosesCycle || site.UnplacedLinks.Count > 0 || site.Targets.Any(t => t.Tree is null))
        {
            return $"include {written} ({at}) is not read whole";
        }

        if (file.Container is { } container && !site.Required && RootedFileSystem.HasWildcard(site.Pattern) && container.HostPathOf(site.Pattern) is null)
        {
            // A folder of the image with files mounted (or rendered) into it: whole where each of the image's own files
            // there is replaced by one that is read.
            var folder = site.Pattern[..site.Pattern.LastIndexOf('/')];
            if (facts?.IncludeFolder != folder || facts.IncludeFiles.Count == 0)
            {
                return $"include {written} ({at}) also matches files of the image, which are not read";
            }

            var read = site.Targets.Select(t => t.DaemonPath).ToHashSet(StringComparer.Ordinal);
            if (facts.IncludeFiles.FirstOrDefault(f => !read.Contains(f)) is { } kept)
            {
                return $"include {written} ({at}) also reads the image's {kept}, which is not read";
            }
        }

        return null;
    }
}
