using System.Runtime.CompilerServices;
using ConfLint.Host.Nginx;
using ConfLint.Knowledge;
using ConfLint.Validation;
using ConfLint.Workspace;

namespace ConfLint.Rules.Support;

/// <summary>The release one nginx is taken to run, for a rule that asks whether it is older than some release.</summary>
/// <param name="Version">The release judged (for a tag of a minor release, its first: <c>1.27.0</c> for <c>nginx:1.27</c>).</param>
/// <param name="Known">Whether the evidence places the release on one side of the release asked about.</param>
/// <param name="Name">The release for messages (<c>1.30.1</c>, or <c>1.27.x</c> for a minor release's tag).</param>
/// <param name="Source">Where it comes from, for messages (the image of a Compose service); null for .conflint.yml or the
/// installed package.</param>
public sealed record NginxReleaseFact(NginxVersion Version, bool Known, string Name, string? Source);

/// <summary>The nginx release a rule judges: the one CL000 judges (<c>host.nginx-version</c> of .conflint.yml, else
/// the version of Debian's nginx package installed under the root, else the newest the tables know), and whether
/// the root says so or it is only assumed; for an nginx in a Compose container of the official image, the release its
/// tag names (<see cref="Of(RuleContext, NginxInstance, NginxVersion)"/>).</summary>
public static class NginxRelease
{
    private static readonly ConditionalWeakTable<ConfigWorkspace, StrongBox<(NginxVersion, bool)>> HostReleases = new();

    public static (NginxVersion Version, bool Known) Of(RuleContext context)
    {
        var environment = NginxEnvironment.For(context.Workspace, context.Config, [], fromRealMain: false);
        return (environment.Version, environment.VersionKnown);
    }

    /// <summary>
    /// The release <paramref name="nginx"/> runs, as far as it is on one side of <paramref name="since"/>. An nginx in a
    /// Compose container whose service runs the official image (<c>nginx</c>, <c>docker.io/library/nginx</c>, no
    /// <c>build</c>) runs the release its tag names: <c>1.30.1</c>, <c>1.30.1-alpine</c>, <c>1.27.3-perl</c> name one (the
    /// image's tags are the release and a variant: https://hub.docker.com/_/nginx); <c>1.27</c> or <c>1.27-alpine</c>
    /// is the newest 1.27.x when it was pulled, so it tells only where every 1.27.x is on the same side of
    /// <paramref name="since"/>; <c>latest</c>, <c>stable</c>, <c>mainline</c>, <c>alpine</c>, <c>1</c>, a digest alone or a
    /// variable left unset tell nothing: then a container's release is only what .conflint.yml says (the package
    /// installed under the root is the host's nginx, not the container's), and a host's is <see cref="Of(RuleContext)"/>.
    /// </summary>
    public static NginxReleaseFact Of(RuleContext context, NginxInstance nginx, NginxVersion since)
    {
        var (version, known) = HostReleases.GetValue(context.Workspace, _ => new StrongBox<(NginxVersion, bool)>(Of(context))).Value!;
        if (nginx.MainFile.Container is not { } container)
        {
            return new NginxReleaseFact(version, known, version.ToString(), null);
        }

        var host = context.Config.NginxVersion is { } configured
            ? new NginxReleaseFact(configured, true, configured.ToString(), null)
            : new NginxReleaseFact(NginxVersion.Newest, false, NginxVersion.Newest.ToString(), null);
        if (NginxEnvironment.ImageTag(container) is not { } tag)
        {
            return host;
        }

        var source = $"the image {tag.Image} of Compose service '{tag.Service}'";
        var (major, minor) = (tag.Major, tag.Minor);
        if (tag.Patch is { } patch)
        {
            var exact = new NginxVersion(major, minor, patch);
            return new NginxReleaseFact(exact, true, exact.ToString(), source);
        }

        // Every x.y.z of the tag's minor release is on one side of `since` unless `since` falls inside it (after x.y.0).
        var first = new NginxVersion(major, minor, 0);
        return (since.Major, since.Minor) != (major, minor) || since.Patch == 0
            ? new NginxReleaseFact(first, true, $"{major}.{minor}.x", source)
            : host;
    }
}
