// Written by tools/GenDocs from the rule classes of this folder: do not edit, run `dotnet run --project tools/GenDocs`.
namespace ConfLint.Rules;

public static partial class RuleRegistry
{
    private static Rule[] Listed() =>
    [
        new CL001BackendEndpointMismatch(),
        new CL002SocketPathViaSymlink(),
        new CL003FpmSocketPermissions(),
        new CL004ProxyHostnameWithoutResolver(),
        new CL005SmallProxyBuffer(),
        new CL006ShortUpstreamTimeout(),
        new CL007MissingRestartPolicy(),
        new CL008UndersizedMaxChildren(),
        new CL009OversizedMaxChildren(),
        new CL010FpmPmInconsistent(),
        new CL011FpmMaxRequestsUnset(),
        new CL012UpstreamKeepaliveWithoutHttp11(),
        new CL013ProxySslMisconfig(),
        new CL014FastcgiParamsMissing(),
        new CL015UnknownUpstream(),
        new CL016FpmAllowedClients(),
        new CL018AjpSecretMismatch(),
        new CL019UnpublishedContainerPort(),
    ];
}
