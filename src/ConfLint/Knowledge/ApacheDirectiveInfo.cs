namespace ConfLint.Knowledge;

/// <summary>One line of the Apache table: a directive as one module defines it.</summary>
public sealed class ApacheDirectiveInfo
{
    internal ApacheDirectiveInfo(string name, string module, bool inServer, bool inDirectory, ArgumentCount arguments, bool argumentsKnown, string checks)
    {
        Name = name;
        Module = module;
        InServer = inServer;
        InDirectory = inDirectory;
        Arguments = arguments;
        ArgumentsKnown = argumentsKnown;
        Checks = checks;
    }

    /// <summary>The name as the module spells it (Apache compares names without case); sections start with <c>&lt;</c>.</summary>
    public string Name { get; }

    /// <summary>The module's source file without <c>.c</c>: <c>mod_proxy</c>, <c>core</c>, <c>mpm_event</c>.</summary>
    public string Module { get; }

    /// <summary>Allowed outside <c>&lt;Directory&gt;</c>, <c>&lt;Location&gt;</c>, <c>&lt;Files&gt;</c> and <c>&lt;If&gt;</c>
    /// (server config and virtual hosts: <c>RSRC_CONF</c> or an override class).</summary>
    public bool InServer { get; }

    /// <summary>Allowed inside those sections (<c>ACCESS_CONF</c> or an override class).</summary>
    public bool InDirectory { get; }

    public ArgumentCount Arguments { get; }

    /// <summary>False where the table does not know the count (the module reads its arguments itself).</summary>
    public bool ArgumentsKnown { get; }

    /// <summary>The handler's <c>ap_check_cmd_context</c> flags (<c>GLOBAL_ONLY</c>, <c>NOT_IN_DIR_CONTEXT</c>...), or <c>-</c>.</summary>
    public string Checks { get; }

    /// <summary>Whether httpd runs the command while it reads the file (<c>EXEC_ON_READ</c>): with the top level's rights
    /// wherever it stands (the handler's own context check then sees no section), and passed over when the sections are
    /// walked, so no section refuses it.</summary>
    public bool ExecOnRead => Checks.Contains("EXEC_ON_READ", StringComparison.Ordinal);

    /// <summary>Whether the directive may not stand in a <c>&lt;VirtualHost&gt;</c>.</summary>
    public bool NotInVirtualHost => !ExecOnRead && (Checks.Contains("GLOBAL_ONLY", StringComparison.Ordinal) || Checks.Contains("NOT_IN_VIRTUALHOST", StringComparison.Ordinal));

    public override string ToString() => $"{Name} ({Module})";
}
