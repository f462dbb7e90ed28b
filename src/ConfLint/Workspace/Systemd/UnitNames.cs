namespace ConfLint.Workspace.Systemd;

/// <summary>
/// Unit names as systemd reads them (src/basic/unit-name.c): <c>PREFIX.TYPE</c> for a plain unit,
/// <c>PREFIX@.TYPE</c> for a template, <c>PREFIX@INSTANCE.TYPE</c> for an instance. Letters, digits and
/// <c>:-_.\</c> are allowed, plus <c>@</c>; the first <c>@</c> starts the instance.
/// </summary>
public static class UnitNames
{
    /// <summary>The unit types, which are also the suffixes of unit file names.</summary>
    public static readonly IReadOnlyList<string> Types =
    [
        "service", "socket", "target", "device", "mount", "automount", "swap", "timer", "path", "slice", "scope",
    ];

    private const int MaxLength = 255;

    /// <summary>Whether <paramref name="name"/> is a valid unit name of any form (<c>unit_name_is_valid(UNIT_NAME_ANY)</c>).</summary>
    public static bool IsValid(string name)
    {
        if (name.Length == 0 || name.Length > MaxLength)
        {
            return false;
        }

        var dot = name.LastIndexOf('.');
        if (dot <= 0 || !Types.Contains(name[(dot + 1)..], StringComparer.Ordinal))
        {
            return false;
        }

        for (var i = 0; i < dot; i++)
        {
            if (!IsValidChar(name[i]) && name[i] != '@')
            {
                return false;
            }
        }

        var at = name.IndexOf('@');
        return at != 0 && (at < 0 || at < dot);
    }

    /// <summary>The type of a unit name, <c>service</c> for <c>nginx.service</c>, or null.</summary>
    public static string? TypeOf(string name)
    {
        var dot = name.LastIndexOf('.');
        return dot > 0 && Types.Contains(name[(dot + 1)..], StringComparer.Ordinal) ? name[(dot + 1)..] : null;
    }

    /// <summary>Whether the name is a template, <c>getty@.service</c>.</summary>
    public static bool IsTemplate(string name)
    {
        var at = name.IndexOf('@');
        return at > 0 && at + 1 == name.LastIndexOf('.');
    }

    /// <summary>Whether the name is an instance of a template, <c>getty@tty1.service</c>.</summary>
    public static bool IsInstance(string name)
    {
        var at = name.IndexOf('@');
        return at > 0 && at + 1 < name.LastIndexOf('.');
    }

    /// <summary>The instance of <c>getty@tty1.service</c>: <c>tty1</c>; null for other names.</summary>
    public static string? Instance(string name) =>
        IsInstance(name) ? name[(name.IndexOf('@') + 1)..name.LastIndexOf('.')] : null;

    /// <summary>The template of an instance: <c>getty@.service</c> for <c>getty@tty1.service</c>.</summary>
    public static string Template(string name) => name[..(name.IndexOf('@') + 1)] + name[name.LastIndexOf('.')..];

    /// <summary>A template's instance <paramref name="instance"/>: <c>getty@tty1.service</c>.</summary>
    public static string WithInstance(string template, string instance) =>
        template[..(template.IndexOf('@') + 1)] + instance + template[template.LastIndexOf('.')..];

    /// <summary>
    /// The names whose <c>NAME.d/</c> folders hold drop-ins for <paramref name="name"/>, most specific first, in
    /// the order of <c>unit_file_find_dirs()</c> (src/shared/dropin.c): the name; for an instance, its template
    /// (recursively); then the name cut after each dash, <c>foo-bar-.service</c> then <c>foo-.service</c> for
    /// <c>foo-bar-baz.service</c>. The type-wide <c>service.d/</c> is not included.
    /// </summary>
    public static IReadOnlyList<string> DropInNames(string name)
    {
        var names = new List<string>();
        AddDropInNames(name, names);
        return names;
    }

    private static void AddDropInNames(string name, List<string> names)
    {
        names.Add(name);
        var instance = Instance(name);
        if (instance is not null)
        {
            AddDropInNames(Template(name), names);
        }

        var type = TypeOf(name);
        var at = name.IndexOf('@');
        var prefix = at >= 0 ? name[..at] : name[..name.LastIndexOf('.')];
        var chopped = false;
        while (true)
        {
            var dash = prefix.LastIndexOf('-');
            if (dash <= 0)
            {
                return;
            }

            if (dash + 1 < prefix.Length || chopped)
            {
                prefix = prefix[..(dash + 1)];
                break;
            }

            prefix = prefix[..dash];
            chopped = true;
        }

        if (type is null || !prefix.All(IsValidChar))
        {
            return;
        }

        AddDropInNames(instance is null ? $"{prefix}.{type}" : $"{prefix}@{instance}.{type}", names);
    }

    private static bool IsValidChar(char c) => char.IsAsciiLetterOrDigit(c) || c is ':' or '-' or '_' or '.' or '\\';
}
