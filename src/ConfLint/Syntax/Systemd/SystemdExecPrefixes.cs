namespace ConfLint.Syntax.Systemd;

/// <summary>The special prefixes of an executable in <c>ExecStart=</c> and kin (systemd.service(5), "Table 1.
/// Special executable prefixes").</summary>
[Flags]
public enum SystemdExecPrefixes
{
    None = 0,

    /// <summary><c>-</c>: a failing exit status is recorded but ignored.</summary>
    IgnoreFailure = 1,

    /// <summary><c>@</c>: the second word is passed as <c>argv[0]</c>.</summary>
    SeparateArgv0 = 2,

    /// <summary><c>:</c>: no environment variable substitution.</summary>
    NoEnvironmentExpansion = 4,

    /// <summary><c>+</c>: run with full privileges, no sandboxing.</summary>
    FullyPrivileged = 8,

    /// <summary><c>!</c>: sandboxing applies, but user and group credentials are left to the process.</summary>
    NoSetuid = 16,

    /// <summary><c>!!</c>: like <c>!</c>, only on systems without ambient capabilities.</summary>
    AmbientMagic = 32,
}
