using ConfLint.Syntax.Documents;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ConfLint.Workspace.Compose;

/// <summary>
/// Reads a Compose project from its parsed files with YamlDotNet's representation model (never its reflection-based
/// deserializer), merging the files in order as Compose does: a later file's scalar replaces the earlier one,
/// <c>ports</c>, <c>expose</c> and <c>depends_on</c> add up, <c>environment</c>, <c>networks</c> and <c>volumes</c>
/// merge by key (variable, network, container path), <c>command</c> and <c>entrypoint</c> replace; <c>!reset</c>
/// clears a setting and <c>!override</c> replaces it whole. Values are interpolated first, file by file, with the
/// project's <see cref="ComposeVariables"/>: a value that depends on a variable without a value ConfLint knows is unknown.
/// </summary>
public static class ComposeReader
{
    public static ComposeProject Read(string folder, IReadOnlyList<ConfigFile> files, ComposeVariables? variables = null)
    {
        variables ??= ComposeVariables.None();
        return Read(folder, files, variables, files.Select(f => new ComposeLayer(f, folder, variables, null)).ToList());
    }

    /// <summary>A project read from its layers in the order Compose merges them: each file's included models
    /// (<see cref="ComposeIncludes"/>) before the file itself, each with its own folder and variables.</summary>
    internal static ComposeProject Read(string folder, IReadOnlyList<ConfigFile> files, ComposeVariables variables, IReadOnlyList<ComposeLayer> layers)
    {
        var project = new ComposeProject(folder, files, variables);
        foreach (var layer in layers)
        {
            var file = layer.File;
            if (file.Source is null || file.Error is not null || Root(file.Source.Text) is not { } root)
            {
                continue;
            }

            var imported = layer.IncludedBy is not null;

            if (Child(root, "networks") is YamlMappingNode networks)
            {
                foreach (var (key, value) in networks.Children)
                {
                    if (key is YamlScalarNode { Value: { } name } && value is YamlMappingNode body && Child(body, "external") is YamlScalarNode { Value: "true" or "yes" } or YamlMappingNode)
                    {
                        project.ExternalNetworks.Add(name);
                    }
                }
            }

            // An included model brings only its resources (compose-go's importResources: services, volumes, networks,
            // secrets, configs): its name is not the project's.
            if (!imported && Child(root, "name") is YamlScalarNode { Value: { Length: > 0 } projectName })
            {
                // The last file's name wins (the files merge as one document).
                project.NameWritten = projectName;
            }

            if (Child(root, "volumes") is YamlMappingNode volumes)
            {
                foreach (var (key, value) in volumes.Children)
                {
                    if (key is YamlScalarNode { Value: { } volumeKey })
                    {
                        project.DeclaredVolumes[volumeKey] = Declaration(value, project.DeclaredVolumes.GetValueOrDefault(volumeKey));
                    }
                }
            }

            if (Child(root, "services") is not YamlMappingNode services)
            {
                continue;
            }

            foreach (var (key, value) in services.Children)
            {
                if (key is not YamlScalarNode { Value: { } name } || value is not YamlMappingNode body)
                {
                    continue;
                }

                var service = project.Service(name);
                if (service is null)
                {
                    service = new ComposeService(name, new ComposeNode(key, file), layer.Variables) { IncludedFrom = imported ? file : null };
                    project.Services.Add(service);
                }
                else if (service.IncludedFrom is { } included && !imported)
                {
                    project.IncludeMerges.Add((service.Name, included, file));
                }

                service.Bodies.Add(new ComposeNode(body, file));

                // Each layer's values are interpolated with its own variables, its relative paths taken from its own folder.
                var home = service.Variables;
                service.Variables = layer.Variables;
                Apply(service, body, file, layer.Folder, imported && layer.Folder != folder ? layer.Folder : null);
                service.Variables = home;
            }
        }

        return project;
    }

    /// <summary>One entry of the top-level <c>volumes</c> merged over an earlier file's (a later file's keys replace the
    /// earlier ones): <c>name</c>, <c>external</c> (<c>true</c>, or the old <c>external: {name: ...}</c>), and a storage
    /// other than the local driver's data folder (<c>driver</c> not <c>local</c>, or <c>driver_opts</c>, such as a
    /// <c>device</c> bound by the local driver).</summary>
    private static ComposeVolumeDeclaration Declaration(YamlNode value, ComposeVolumeDeclaration? earlier)
    {
        var declared = earlier ?? new ComposeVolumeDeclaration(null, false, false);
        if (value is not YamlMappingNode body)
        {
            return declared;
        }

        var name = Child(body, "name") is YamlScalarNode { Value: { Length: > 0 } written } ? written : declared.Name;
        var external = declared.External;
        switch (Child(body, "external"))
        {
            case YamlScalarNode { Value: { } flag }:
                external = flag is "true" or "True" or "yes";
                break;
            case YamlMappingNode legacy:
                external = true;
                name = Child(legacy, "name") is YamlScalarNode { Value: { Length: > 0 } legacyName } ? legacyName : name;
                break;
        }

        var other = declared.OtherStorage || Child(body, "driver_opts") is not null
            || Child(body, "driver") is YamlScalarNode { Value: { Length: > 0 } driver } && driver != "local";
        return new ComposeVolumeDeclaration(name, external, other);
    }

    /// <summary>Whether a file's YAML has a top-level <c>services</c> mapping (what makes it a Compose file).</summary>
    internal static bool HasServices(string text) => Root(text) is { } root && Child(root, "services") is YamlMappingNode;

    /// <summary>The document's top mapping, or null when it has none or YamlDotNet cannot read it.</summary>
    internal static YamlMappingNode? Root(string text)
    {
        try
        {
            if (YamlLimits.Check(text) is not null)
            {
                return null;
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                return null;
            }

            YamlMerge.Resolve(root);
            return root;
        }
        catch (YamlException)
        {
            return null;
        }
    }

    internal static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static void Apply(ComposeService service, YamlMappingNode body, ConfigFile file, string folder, string? mountsFrom)
    {
        var variables = service.Variables;
        foreach (var (keyNode, value) in body.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                continue;
            }

            var at = new ComposeNode(value, file);
            var reset = at.ComposeTag == "!reset";
            var replace = reset || at.ComposeTag == "!override";
            switch (key)
            {
                case "image":
                    service.Image = reset ? null : Scalar(at, variables);
                    break;
                case "build":
                    service.Build = !reset;
                    var context = value is YamlMappingNode build ? Child(build, "context") as YamlScalarNode : value as YamlScalarNode;
                    var contextPath = value is YamlMappingNode && context is null ? "." : context?.Value is { } c ? variables.Interpolate(c) : null;
                    service.BuildContext = reset || contextPath is null || contextPath.Contains("://", StringComparison.Ordinal) ? null
                        : ComposeProject.SourcePath(contextPath, folder);
                    service.Dockerfile = value is YamlMappingNode withFile && Child(withFile, "dockerfile") is YamlScalarNode { Value: { Length: > 0 } named } ? variables.Interpolate(named)
                        : value is YamlMappingNode inline && Child(inline, "dockerfile_inline") is not null ? null
                        : "Dockerfile";
                    service.BuildTarget = value is YamlMappingNode staged && Child(staged, "target") is YamlScalarNode { Value: { Length: > 0 } stage } ? variables.Interpolate(stage) ?? "$" : null;
                    break;
                case "command":
                    service.Command = reset ? null : ComposeValues.Command(at, variables);
                    service.CommandWritten = !reset;
                    break;
                case "entrypoint":
                    service.Entrypoint = reset ? null : ComposeValues.Command(at, variables);
                    service.EntrypointWritten = !reset;
                    break;
                case "working_dir":
                    service.WorkingDirWritten = !reset;
                    break;
                case "extends":
                    service.Extends = !reset;
                    break;
                case "restart":
                    service.Restart = reset ? null : Scalar(at, variables);
                    break;
                case "user":
                    service.User = reset ? null : Scalar(at, variables);
                    break;
                case "container_name":
                    service.ContainerName = reset ? null : Scalar(at, variables);
                    break;
                case "hostname":
                    service.Hostname = reset ? null : Scalar(at, variables);
                    break;
                case "network_mode":
                    service.NetworkMode = reset ? null : Scalar(at, variables);
                    break;
                case "healthcheck":
                    service.HasHealthcheck = !reset && !(value is YamlMappingNode h && Child(h, "disable") is YamlScalarNode { Value: "true" });
                    break;
                case "scale":
                    service.ScaledToZero = !reset && value is YamlScalarNode { Value: "0" };
                    break;
                case "extra_hosts":
                    if (replace)
                    {
                        service.ExtraHosts.Clear();
                    }

                    foreach (var entry in reset ? [] : ExtraHosts(value))
                    {
                        if (variables.Interpolate(entry) is { } host && host.Split([':', '='], 2)[0].Trim() is { Length: > 0 } name)
                        {
                            service.ExtraHosts.Add(name);
                        }
                        else
                        {
                            service.ExtraHostsUnknown = true;
                        }
                    }

                    break;
                case "links":
                    if (replace)
                    {
                        service.Links.Clear();
                        service.LinksUnknown = false;
                    }

                    foreach (var entry in reset ? [] : Strings(value))
                    {
                        // SERVICE or SERVICE:ALIAS (the Compose specification's 'links'): the alias is one more name of
                        // that service, for this container only.
                        if (variables.Interpolate(entry) is { } link && link.Split(':', 2) is var parts && parts[0].Trim() is { Length: > 0 } linked)
                        {
                            service.Links.Add((linked, parts.Length > 1 && parts[1].Trim() is { Length: > 0 } alias ? alias : linked));
                        }
                        else
                        {
                            service.LinksUnknown = true;
                        }
                    }

                    break;
                case "external_links":
                    service.HasExternalLinks = !reset;
                    break;
                case "env_file":
                    service.HasEnvFile = !reset;
                    if (replace)
                    {
                        service.EnvFiles.Clear();
                    }

                    service.EnvFiles.AddRange(reset ? [] : EnvFiles(value, folder, variables));
                    break;
                case "profiles":
                    service.Profiles.Clear();
                    service.Profiles.AddRange(reset ? [] : Strings(value));
                    break;
                case "depends_on":
                    if (replace)
                    {
                        service.DependsOn.Clear();
                        service.RestartsWith.Clear();
                    }

                    service.DependsOn.AddRange(value is YamlMappingNode deps ? deps.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value!).Where(v => v is not null) : Strings(value));
                    if (value is YamlMappingNode withOptions)
                    {
                        foreach (var (dependency, options) in withOptions.Children)
                        {
                            if (dependency is YamlScalarNode { Value: { } dependencyName } && options is YamlMappingNode map && Child(map, "restart") is YamlScalarNode { Value: "true" })
                            {
                                service.RestartsWith.Add(dependencyName);
                            }
                        }
                    }

                    break;
                case "environment":
                    if (replace)
                    {
                        service.Environment.Clear();
                    }

                    ComposeValues.Environment(value, service.Environment, variables);
                    break;
                case "ports":
                    if (replace)
                    {
                        service.Ports.Clear();
                    }

                    ComposeValues.Ports(service, value, file);
                    break;
                case "expose":
                    if (replace)
                    {
                        service.Expose.Clear();
                    }

                    ComposeValues.Expose(service, value, file);
                    break;
                case "volumes":
                    if (replace)
                    {
                        service.Volumes.Clear();
                    }

                    ComposeValues.Volumes(service, value, file, mountsFrom);
                    break;
                case "networks":
                    if (replace)
                    {
                        service.Networks.Clear();
                    }

                    ComposeValues.Networks(service, value);
                    break;
                case "deploy" when value is YamlMappingNode deploy:
                    if (Child(deploy, "restart_policy") is YamlMappingNode policy && Child(policy, "condition") is { } condition)
                    {
                        service.DeployRestart = Scalar(new ComposeNode(condition, file), variables);
                    }

                    if (Child(deploy, "replicas") is YamlScalarNode { Value: "0" })
                    {
                        service.ScaledToZero = true;
                    }

                    break;
            }
        }
    }

    internal static ComposeScalar Scalar(ComposeNode at, ComposeVariables variables) =>
        new(at.Scalar is { } text ? variables.Interpolate(text) : null, at, at.Scalar is { } written && written.Contains('$', StringComparison.Ordinal));

    /// <summary><c>env_file</c>: a path, a list of paths, or of <c>{path, required}</c> mappings; a path with a variable is null.</summary>
    private static IEnumerable<ComposeEnvFile> EnvFiles(YamlNode node, string folder, ComposeVariables variables)
    {
        foreach (var item in node is YamlSequenceNode list ? list.Children : [node])
        {
            var (path, required) = item is YamlMappingNode map
                ? ((Child(map, "path") as YamlScalarNode)?.Value, Child(map, "required") is not YamlScalarNode { Value: "false" })
                : ((item as YamlScalarNode)?.Value, true);
            yield return new ComposeEnvFile(path is null || variables.Interpolate(path) is not { } text ? null : ComposeProject.SourcePath(text, folder), required);
        }
    }

    /// <summary>The entries of <c>extra_hosts</c>: a list of <c>NAME:ADDRESS</c> or <c>NAME=ADDRESS</c>, or a mapping of
    /// names to addresses (given as <c>NAME:ADDRESS</c>).</summary>
    private static IEnumerable<string> ExtraHosts(YamlNode node) => node is YamlMappingNode map
        ? map.Children.Select(c => $"{(c.Key as YamlScalarNode)?.Value}:{(c.Value as YamlScalarNode)?.Value}")
        : Strings(node);

    private static IEnumerable<string> Strings(YamlNode node) => node switch
    {
        YamlSequenceNode list => list.Children.OfType<YamlScalarNode>().Select(s => s.Value).OfType<string>(),
        YamlScalarNode { Value: { } one } => [one],
        _ => [],
    };
}

/// <summary>One Compose file as a layer of a project: the folder its relative paths start from and the variables it is
/// interpolated with; <see cref="IncludedBy"/> is the file whose <c>include:</c> brought it in (null for the project's own
/// files: the main file, its override, the <c>-f</c> or <c>COMPOSE_FILE</c> files).</summary>
internal sealed record ComposeLayer(ConfigFile File, string Folder, ComposeVariables Variables, ConfigFile? IncludedBy);
