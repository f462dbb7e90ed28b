using ConfLint.Knowledge;
using ConfLint.Workspace;
using ConfLint.Workspace.Compose;

namespace ConfLint.Host.Compose;

/// <summary>
/// What a Compose service has from its image (<see cref="ImageTable"/>): the image it names, or, for a <c>build:</c>, the
/// known image its Dockerfile's stage (<c>build.target</c>'s, else the last) is built <c>FROM</c>, through the earlier
/// stages it names. A built image keeps its base's facts only where the Dockerfile leaves alone what they depend on
/// (Dockerfile reference: a stage inherits its base's ENTRYPOINT and CMD, "setting ENTRYPOINT will reset CMD"):
/// <list type="bullet">
/// <item>no <c>ENTRYPOINT</c> of its own, and a <c>CMD</c> of its own only where it runs the same server in the foreground
/// (<c>php-fpm</c>, <c>apache2-foreground</c>, <c>nginx -g 'daemon off;'</c>);</item>
/// <item>no <c>RUN</c> naming a file or folder the facts rest on (the files that set <c>listen</c>, the main file, the
/// include folder: a <c>sed</c> of <c>zz-docker.conf</c>), and no <c>COPY</c>/<c>ADD</c> into them that is not read as the
/// image's file (<see cref="ComposeService.ImageFiles"/>: a <c>--from</c>, a variable, an earlier stage's copy). The
/// files it does read are placed like bind mounts (<see cref="ImageListeners"/>).</item>
/// </list>
/// Null, with why, where no known image is found or the Dockerfile changes what the facts depend on.
/// </summary>
internal static class BuiltImage
{
    /// <summary>The facts of the service's image, or null with <paramref name="whyNot"/> (empty where the image is simply not known).</summary>
    public static ImageFacts? Facts(ComposeService service, HostModel? host, out string whyNot)
    {
        whyNot = string.Empty;
        if (!service.Build)
        {
            return service.Image?.Value is { } image ? ImageTable.Instance.Find(image) : null;
        }

        if (host is null)
        {
            return null;
        }

        var read = host.Shared("BuiltImage", service, s => Read(s, host));
        whyNot = read.Why;
        return read.Facts;
    }

    private sealed record Reading(ImageFacts? Facts, string Why);

    private static Reading Read(ComposeService service, HostModel host)
    {
        var fs = host.Workspace.Options.Root is null ? null : host.Files.FileSystem;
        if (fs is null)
        {
            return new Reading(null, $"service '{service.Name}' is built from a Dockerfile ConfLint does not see");
        }

        var build = service.BuildFile(fs);
        if (build.Unseen is { } unseen)
        {
            return new Reading(null, unseen);
        }

        var shown = build.Shown;
        var target = build.Target(service);
        if (target is null)
        {
            return new Reading(null, $"{shown} has no stage {(service.BuildTarget is { } t ? $"named '{t}'" : "(no FROM)")}");
        }

        // The chain of stages, base first: the instructions the image holds, on top of the image the first is built FROM.
        var chain = target.Chain();
        var root = chain[0];
        var image = root.From;
        var at = $"{shown}:{root.Line}";
        if (image.Contains('$', StringComparison.Ordinal) || ImageTable.Instance.Find(image) is not { } facts)
        {
            return new Reading(null, string.Empty);
        }

        var depends = facts.ListenSetBy.Append(facts.Config).Append(facts.IncludeFolder).OfType<string>().ToList();
        var copiedAt = service.ImageFiles.Select(f => f.CopiedAt).ToHashSet(StringComparer.Ordinal);
        foreach (var stage in chain)
        {
            string? workdir = null;
            foreach (var (keyword, rest, line) in stage.Instructions)
            {
                var where = $"{shown}:{line}";
                switch (keyword)
                {
                    case "ENTRYPOINT":
                        return new Reading(null, $"{where} sets its own ENTRYPOINT over {image}'s: what the image's facts say of its server no longer holds");
                    case "CMD":
                        if (!SameServer(facts.Server, DockerfileText.ExecForm(rest) ?? ["/bin/sh", "-c", rest]))
                        {
                            return new Reading(null, $"{where}'s CMD runs something other than {image}'s {facts.Server ?? "default command"}");
                        }

                        break;
                    case "WORKDIR":
                        workdir = rest.StartsWith('/') ? rest : null;
                        break;
                    case "RUN" when depends.FirstOrDefault(d => rest.Contains(Path.GetFileName(d), StringComparison.Ordinal)) is { } named:
                        return new Reading(null, $"{where}: a RUN names {Path.GetFileName(named)}, which {image}'s facts rest on");
                    case "COPY" or "ADD":
                        var dest = Destination(rest);
                        var full = dest.StartsWith('/') ? RootedFileSystem.Normalize(dest) : workdir is null || dest.Contains('$', StringComparison.Ordinal) ? null : RootedFileSystem.Normalize(workdir.TrimEnd('/') + "/" + dest);
                        var touches = full is null ? !dest.StartsWith('/') && (workdir is null || depends.Any(d => Touches(workdir, d)))
                            : depends.Any(d => Touches(full, d));
                        if (touches && (!ReferenceEquals(stage, target) || !copiedAt.Contains(where)))
                        {
                            return new Reading(null, $"{where}: {keyword} puts files where {image}'s facts rest on that ConfLint does not read");
                        }

                        break;
                }
            }
        }

        return new Reading(facts with { BuiltAt = at }, string.Empty);
    }

    /// <summary>A COPY's or ADD's destination: the last operand after its flags, in the exec or the shell form.</summary>
    private static string Destination(string rest)
    {
        var text = rest;
        while (text.StartsWith("--", StringComparison.Ordinal))
        {
            var end = text.IndexOfAny([' ', '\t']);
            text = end < 0 ? string.Empty : text[end..].TrimStart();
        }

        return DockerfileText.ExecForm(text) is [.., var last] ? last
            : text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty;
    }

    private static bool Touches(string path, string depended)
    {
        var p = path.TrimEnd('/');
        return p.Length == 0 || p == depended || depended.StartsWith(p + "/", StringComparison.Ordinal) || p.StartsWith(depended + "/", StringComparison.Ordinal);
    }

    /// <summary>Whether a CMD runs the image's own server in the foreground, as its default command does.</summary>
    private static bool SameServer(string? server, IReadOnlyList<string> cmd)
    {
        var program = cmd.Count == 0 ? string.Empty : cmd[0][(cmd[0].LastIndexOf('/') + 1)..];
        return server switch
        {
            "php-fpm" => program.StartsWith("php-fpm", StringComparison.Ordinal) && cmd.Skip(1).All(w => w is "-F" or "--nodaemonize" or "-R" or "--allow-to-run-as-root"),
            "apache" => cmd.Count == 1 && program is "apache2-foreground" or "httpd-foreground",
            "nginx" => program == "nginx" && cmd.Skip(1).SequenceEqual(["-g", "daemon off;"]),
            _ => false,
        };
    }
}
