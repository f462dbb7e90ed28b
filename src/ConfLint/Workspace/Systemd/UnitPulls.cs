using System.Text;
using System.Text.RegularExpressions;

namespace ConfLint.Workspace.Systemd;

/// <summary>
/// One unit a unit names in a setting that starts it along (<see cref="UnitPulls"/>): the word as written, and the unit's
/// name with the specifiers expanded, or null where the word names no unit ConfLint can know (a specifier of the host or
/// the user, one systemd does not take in a unit name, a template, a name systemd refuses).
/// </summary>
public readonly record struct PulledUnit(string Written, string? Name)
{
    /// <summary>Whether the unit <paramref name="name"/> may be the one a word with a specifier of the host or the user names
    /// (<c>app@%H.service</c> may be <c>app@web1.service</c>): false for a word whose name is known, and for one systemd
    /// drops (<see cref="UnitSpecifiers.NameRefuses"/>).</summary>
    public bool MayBe(string name, string unitName)
    {
        if (Name is not null || UnitSpecifiers.NameRefuses(Written))
        {
            return false;
        }

        var expanded = UnitSpecifiers.ExpandName(Written, unitName, out var complete);
        if (complete)
        {
            return false;
        }

        var pattern = new StringBuilder("^");
        for (var i = 0; i < expanded.Length; i++)
        {
            if (expanded[i] == '%' && i + 1 < expanded.Length)
            {
                pattern.Append(".*");
                i++;
            }
            else
            {
                pattern.Append(Regex.Escape(expanded[i].ToString()));
            }
        }

        return Regex.IsMatch(name, pattern.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}

/// <summary>
/// What systemd starts along with a unit it starts: the units of its <c>[Unit]</c> <c>Wants=</c>, <c>Requires=</c>,
/// <c>Upholds=</c> and <c>BindsTo=</c> (<c>config_parse_unit_deps()</c>), a service's <c>Sockets=</c>
/// (<c>config_parse_service_sockets()</c>: Wants= and After=), a socket's service (<c>Service=</c>, else the service of
/// its own name), a timer's or path unit's <c>Unit=</c> (else the service of its own name). Each word's specifiers are
/// expanded as systemd expands them in unit names (<see cref="UnitSpecifiers.ExpandName"/>: <c>Requires=gerrit@%i.socket</c>
/// of <c>gerrit@main.service</c> is <c>gerrit@main.socket</c>); a word that keeps an unknown specifier names no unit.
/// </summary>
public static class UnitPulls
{
    /// <summary>What a unit pulls in (<c>[Unit]</c>).</summary>
    public static readonly IReadOnlyList<string> DependencyKeys = ["Wants", "Requires", "Upholds", "BindsTo"];

    /// <summary>The units the <c>[Unit]</c> dependency settings of <paramref name="unit"/> pull in.</summary>
    public static IEnumerable<PulledUnit> Dependencies(MergedUnit unit)
    {
        foreach (var key in DependencyKeys)
        {
            foreach (var pulled in Named(unit, "Unit", key))
            {
                yield return pulled;
            }
        }
    }

    /// <summary>Every unit that starting <paramref name="unit"/> starts along: its dependencies, a service's sockets, a
    /// socket's service, a timer's or path unit's unit.</summary>
    public static IEnumerable<PulledUnit> Of(MergedUnit unit)
    {
        foreach (var pulled in Dependencies(unit))
        {
            yield return pulled;
        }

        foreach (var pulled in Named(unit, "Service", "Sockets"))
        {
            yield return pulled;
        }

        var name = unit.Name;
        var dot = name.LastIndexOf('.');
        if (dot <= 0)
        {
            yield break;
        }

        var section = name[(dot + 1)..] switch
        {
            "socket" => "Socket",
            "timer" => "Timer",
            "path" => "Path",
            _ => null,
        };
        if (section is null)
        {
            yield break;
        }

        var written = unit.Get(section, section == "Socket" ? "Service" : "Unit")?.Trim();
        yield return written is { Length: > 0 } ? Pulled(unit, written) : new PulledUnit(name[..dot] + ".service", name[..dot] + ".service");
    }

    /// <summary>The units an <c>[Install]</c> <c>Also=</c> of <paramref name="unit"/> names (<c>install_name_printf()</c>
    /// expands the same specifiers).</summary>
    public static IEnumerable<PulledUnit> Also(MergedUnit unit) => Named(unit, "Install", "Also");

    private static IEnumerable<PulledUnit> Named(MergedUnit unit, string section, string key)
    {
        foreach (var value in unit.GetAll(section, key))
        {
            foreach (var word in value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                yield return Pulled(unit, word);
            }
        }
    }

    private static PulledUnit Pulled(MergedUnit unit, string written)
    {
        var name = UnitSpecifiers.ExpandName(written, unit.Name, out var complete);
        if (!complete || !UnitNames.IsValid(name) || UnitNames.IsTemplate(name) || LikelyRecursive(unit.Name, name, written))
        {
            return new PulledUnit(written, null);
        }

        return new PulledUnit(written, name);
    }

    /// <summary>
    /// systemd's guard against a template that pulls in another instance of itself named from its own instance
    /// (<c>unit_is_likely_recursive_template_dependency()</c>, src/core/load-fragment.c: <c>foo@.service</c> with
    /// <c>Requires=foo@%n.service</c> would instantiate without end): the word is dropped where the name has the unit's
    /// prefix and type and its instance is written with <c>%n</c>, <c>%N</c>, or <c>%i</c> among other text.
    /// </summary>
    private static bool LikelyRecursive(string unitName, string name, string written)
    {
        if (!UnitNames.IsInstance(name) || !UnitNames.IsInstance(unitName) || UnitNames.Template(name) != UnitNames.Template(unitName))
        {
            return false;
        }

        var at = written.IndexOf('@');
        if (at < 0)
        {
            return false;
        }

        var dot = written.LastIndexOf('.');
        var instance = dot > at ? written[(at + 1)..dot] : written[(at + 1)..];
        if (instance == "%i")
        {
            return false;
        }

        for (var i = 0; i + 1 < instance.Length; i++)
        {
            if (instance[i] == '%')
            {
                if (instance[i + 1] is 'n' or 'N' or 'i')
                {
                    return true;
                }

                i++;
            }
        }

        return false;
    }
}
