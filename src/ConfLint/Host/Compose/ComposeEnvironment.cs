using ConfLint.Workspace;
using ConfLint.Workspace.Compose;

namespace ConfLint.Host.Compose;

/// <summary>A service's environment as Compose gives it to the container (<see cref="ServiceEnvironment"/>), read from the
/// host's files; incomplete where a name or a value is not known.</summary>
internal static class ComposeEnvironment
{
    public static (IReadOnlyDictionary<string, string?> Environment, bool Incomplete) Of(ComposeService service, HostModel? host)
    {
        var (environment, namesUnknown) = ServiceEnvironment.Of(service, host?.Workspace.Options.Root is null ? null : host.Files.FileSystem);
        return (environment, namesUnknown || environment.Values.Any(v => v is null));
    }
}
