using ConfLint.Catalog;
using ConfLint.Diagnostics;
using ConfLint.Syntax;
using ConfLint.Text;
using ConfLint.Workspace.Compose;

namespace ConfLint.Workspace;

/// <summary>
/// Finds a host's configuration files (<see cref="WorkspaceDiscovery"/>), parses them in parallel, and follows
/// their includes (<see cref="IncludeResolver"/>) until no new file comes in; then marks the include cycles
/// (<see cref="IncludeCycles"/>). A file included from two places is parsed once and knows both. Nothing outside
/// the root (or, without one, the path mode's boundary, <see cref="LoadOptions.Boundary"/>) is read.
/// </summary>
public static class WorkspaceLoader
{
    public static ConfigWorkspace Load(LoadOptions options)
    {
        var fileSystem = new RootedFileSystem(options.Root is null ? null : Path.GetFullPath(options.Root, options.WorkingDirectory), options.Overlay, options.Boundary());
        var state = new LoadState(fileSystem, options);
        var pending = new List<ConfigFile>();
        var timer = System.Diagnostics.Stopwatch.StartNew();
        var allocated = GC.GetTotalAllocatedBytes();
        void Stage(string name)
        {
            if (options.Timings is { } timings)
            {
                timings.Add(($"{name} [{(GC.GetTotalAllocatedBytes() - allocated) / 1_000_000} MB]", timer.Elapsed));
                allocated = GC.GetTotalAllocatedBytes();
            }

            timer.Restart();
        }

        if (options.Root is not null)
        {
            WorkspaceDiscovery.DiscoverRoot(state, pending);
            ComposeDiscovery.DiscoverRoot(state, pending);
        }

        var composeFiles = new List<string>();
        foreach (var path in options.ComposeFiles)
        {
            var hostPath = Path.GetFullPath(path, options.WorkingDirectory);
            var serverPath = fileSystem.IsRooted ? fileSystem.ToServerPath(hostPath) : hostPath;
            if (fileSystem.IsRooted && !(fileSystem.ContainsHostPath(hostPath) && fileSystem.FileExists(serverPath)))
            {
                // With --root, a path that is not a file from the current folder is the server's (docker compose -f run on
                // it): srv/app/docker-compose.prod.yml, or /srv/app/docker-compose.prod.yml, under the root.
                serverPath = RootedFileSystem.Normalize("/" + path.TrimStart('/'));
                hostPath = fileSystem.ToHostPath(serverPath);
            }

            if (!fileSystem.ContainsHostPath(hostPath) || !fileSystem.FileExists(serverPath))
            {
                state.AddSyntaxError(Location.FileOnly(FileId.Named(path)), $"--compose {path}: no such file inside {(options.Root is null ? "the linted folder" : "--root")}; not read");
                continue;
            }

            state.AddEntry(serverPath, ConfigKind.Compose, "/", pending);
            composeFiles.Add(RootedFileSystem.Normalize(serverPath));
        }

        state.ComposeFiles.AddRange(composeFiles);

        foreach (var path in options.Paths)
        {
            WorkspaceDiscovery.DiscoverPath(state, path, pending);
        }

        ComposeDiscovery.AddListedFiles(state, pending);

        Stage("discovery");
        while (pending.Count > 0)
        {
            var parse = pending;
            options.BeforeParse?.Invoke(parse.Count);
            WorkSplit.For(parse.Count, parse.Count >= WorkSplit.SmallWorkspace, options.MaxDegreeOfParallelism, i => ReadAndParse(state, parse[i]));
            Stage($"parse {pending.Count} files");
            if (state.ComposeProjects is null)
            {
                // Compose files are all entries, parsed in the first round: their mounts come in before any include is followed.
                // The files their include: names are read first (they may define the services).
                pending.AddRange(ComposeDiscovery.AddIncludedFiles(state, file => ReadAndParse(state, file)));
                state.ComposeProjects = ComposeDiscovery.Projects(state);
                var mounted = new List<ConfigFile>();
                foreach (var project in state.ComposeProjects)
                {
                    ComposeDiscovery.AddMounts(state, project, mounted);
                }

                if (mounted.Count > 0)
                {
                    WorkSplit.For(mounted.Count, mounted.Count >= WorkSplit.SmallWorkspace, options.MaxDegreeOfParallelism, i => ReadAndParse(state, mounted[i]));
                    pending.AddRange(mounted);
                }
            }

            var next = new List<ConfigFile>();
            var requests = new List<IncludeRequest>[pending.Count];
            WorkSplit.For(parse.Count, parse.Count >= WorkSplit.SmallWorkspace, options.MaxDegreeOfParallelism, i => requests[i] = IncludeResolver.FindIncludes(state, parse[i]));
            for (var i = 0; i < pending.Count; i++)
            {
                IncludeResolver.FollowIncludes(state, pending[i], requests[i], next);
            }

            Stage("includes");
            pending = next;
        }

        ComposeDiscovery.SetAsideUnincluded(state);
        if (options.Root is null)
        {
            state.Units.AddRange(WorkspaceDiscovery.PathModeUnits(state));
        }

        IncludeCycles.Mark(state);
        IncludeFanOut.Limit(state);
        foreach (var file in state.Files.Where(f => f.KindGuessed && f.IncludedFrom.Count == 0).ToList())
        {
            var why = file.Error is { } error ? $"does not parse as one ({error.Message})"
                : ForeignNginx(file) is { } foreign ? $"its directives are not nginx's ({foreign})"
                : null;
            if (why is null)
            {
                continue;
            }

            state.Notes.Add($"{file.DisplayPath}: looked like {file.Kind.Name()} configuration but {why}; skipped (named on the command line, it is read and its errors shown)");
            state.Files.Remove(file);
        }

        // A file holding template tags or envsubst placeholders is what another program fills in, not what the daemon
        // reads; one another file includes is kept (the daemon reads it as it is), and so is one the nginx image's
        // entrypoint renders (NginxTemplates): what it leaves of '$' is nginx's own variables.
        foreach (var file in state.Files.Where(f => f.IncludedFrom.Count == 0 && f.Source is not null && f.RenderedFrom is null).ToList())
        {
            var template = TemplateText.Find(file.Source!.Text, file.Kind, parses: file.Error is null);
            file.Source.Recompact();
            if (template is var (marker, line))
            {
                state.Notes.Add($"{file.DisplayPath}: a template another program fills in ('{marker}' at line {line}), not {file.Kind.Name()} configuration; skipped");
                state.Files.Remove(file);
            }
        }

        WorkspaceDiscovery.NoteUnreadInNamedFolders(state);
        var diagnostics = new List<Diagnostic>();
        foreach (var file in state.Files)
        {
            if (file.Error is not null || file.ReadError is not null)
            {
                diagnostics.Add(FileDiagnostic(file));
            }
        }

        diagnostics.AddRange(state.Diagnostics);
        return new ConfigWorkspace(fileSystem, state.Files, state.Sites, diagnostics, state.Notes) { ImageIncludesWithoutDefinitions = state.ImageIncludesWithoutDefinitions, Units = state.Units, MaskedUnits = state.MaskedUnits, HaproxyLaunches = state.HaproxyLaunches, ProcessOne = state.ProcessOne, TomcatInstalls = state.TomcatInstalls, LeftoverFpmConfigs = state.LeftoverFpmConfigs, Options = options, ComposeProjects = state.ComposeProjects ?? [] };
    }

    /// <summary>
    /// For a file only guessed to be nginx's that parses as nginx: why its directives are some other program's, or null.
    /// rspamd's and other UCL files (<c>timeout = 8.0;</c>, <c>symbols { ... }</c>) are written in nginx's shape: a
    /// directive whose first argument is a lone <c>=</c> (nginx has that only in <c>location =</c> and <c>if</c>), or a
    /// file none of whose directive names nginx knows (an empty one: s6's <c>dependencies.d/nginx</c>), is not nginx's.
    /// </summary>
    private static string? ForeignNginx(ConfigFile file)
    {
        if (file.Kind != ConfigKind.Nginx || file.Tree?.Root is not Syntax.Nginx.NginxConfigFile root)
        {
            return null;
        }

        var table = Knowledge.NginxDirectiveTable.Instance;
        var known = false;
        Syntax.Nginx.NginxDirective? misshapen = null;
        foreach (var directive in Descendants(root.Directives))
        {
            if (directive.Args is ["=", ..] && directive.Name is not ("location" or "if"))
            {
                return $"'{directive.Name} = ...' at line {directive.Position.Line}";
            }

            // A name nginx has counts only in nginx's shape: dovecot's `protocol imap {` and `service x {` blocks are
            // written like nginx's, but nginx's `protocol` (mail) takes a value and ends with ';'.
            var named = table.Named(directive.Name);
            known |= named.Count > 0 && named.Any(i => i.IsBlock == directive.HasBlock);
            misshapen ??= named.Count > 0 && !named.Any(i => i.IsBlock == directive.HasBlock) ? directive : null;
        }

        return known ? null : root.Directives.Count == 0 ? "it holds no directive"
            : misshapen is { } odd ? $"no directive of the file is one nginx has, in nginx's shape ('{odd.Name}' at line {odd.Position.Line} {(odd.HasBlock ? "opens a block" : "opens none")})"
            : "no directive name of the file is one nginx has";
    }

    private static IEnumerable<Syntax.Nginx.NginxDirective> Descendants(IReadOnlyList<Syntax.Nginx.NginxDirective> directives)
    {
        foreach (var directive in directives)
        {
            yield return directive;
            if (directive.Block is { RawBody: null } block)
            {
                foreach (var inner in Descendants(block.Directives))
                {
                    yield return inner;
                }
            }
        }
    }

    private static void ReadAndParse(LoadState state, ConfigFile file)
    {
        try
        {
            file.Source = state.FileSystem.ReadSourceText(file.ResolvedPath, file.DisplayPath, forParse: file.Kind == ConfigKind.Nginx && file.Templates is null);
            if (file.Templates is { } templates && templates.Render(file.Source.Text) is { Text: { } rendered } render)
            {
                // Read as the entrypoint writes it; its positions are the template's (SourceText.Substitutions).
                file.Source = new SourceText(file.Id, rendered, file.Source.Encoding) { Substitutions = render.Substitutions };
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            file.ReadError = e switch
            {
                UnauthorizedAccessException => "cannot read: permission denied",
                FileNotFoundException or DirectoryNotFoundException => "cannot read: no such file",
                _ => "cannot read: " + e.Message,
            };
            return;
        }

        try
        {
            var result = ConfigParser.Parse(file.Source, file.Kind, state.Options.Parse);
            file.Tree = result.Tree;
            file.Error = result.Error;
            if (result.Tree?.Root is Syntax.Nginx.NginxConfigFile nginx)
            {
                // Its names and values read, an nginx file's text is seldom asked for again (a finding's line, a fix):
                // kept as bytes, a large tree's text takes half the memory.
                nginx.ReadValues();
                if (ReferenceEquals(result.Tree.Source, file.Source))
                {
                    file.Source.Compact();
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug in a grammar must not stop the other files from being linted.
            file.Error = new SyntaxError(file.Source, 0, $"ConfLint could not read this {file.Kind.Name()} file ({e.GetType().Name}: {e.Message}); please report it");
        }
        finally
        {
            // The parse and the values read, the text is its bytes (an nginx file read for the parse).
            file.Source.ReleaseParseBuffer();
        }
    }

    private static Diagnostic FileDiagnostic(ConfigFile file)
    {
        if (file.Error is { } error)
        {
            return EngineRules.SyntaxErrorAt(error.Location, error.Message);
        }

        return EngineRules.SyntaxErrorAt(Location.FileOnly(file.Id), file.ReadError!);
    }
}
