namespace ConfLint.Rules;

/// <summary>Every rule ConfLint runs, in code order. A convention test checks each against rules/ and fixtures/.</summary>
public static class RuleRegistry
{
    public static readonly IReadOnlyList<Rule> All =
    [
        new CL001BackendEndpointMismatch(),
        new CL003FpmSocketPermissions(),
        new CL004ProxyHostnameWithoutResolver(),
        new CL005SmallProxyBuffer(),
        new CL006ShortUpstreamTimeout(),
        new CL007MissingRestartPolicy(),
        new CL008UndersizedMaxChildren(),
    ];
}
