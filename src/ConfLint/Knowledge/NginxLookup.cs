namespace ConfLint.Knowledge;

/// <summary>What nginx makes of a directive name in a context (<c>ngx_conf_handler</c>).</summary>
public enum NginxLookupStatus
{
    /// <summary>A module that is there takes the directive here.</summary>
    Allowed,

    /// <summary>A module that is there has the name, but none takes it here: "directive is not allowed here".</summary>
    NotAllowedHere,

    /// <summary>No module that is there has the name: "unknown directive".</summary>
    Unknown,
}

/// <summary>The answer for one directive: the status and the definition that applies (or the nearest one).</summary>
public readonly record struct NginxLookup(NginxLookupStatus Status, NginxDirectiveInfo? Info);
