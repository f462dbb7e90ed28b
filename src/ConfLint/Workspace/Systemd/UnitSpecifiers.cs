using System.Globalization;
using System.Text;

namespace ConfLint.Workspace.Systemd;

/// <summary>
/// systemd's specifiers in unit settings (systemd.unit(5), "Specifiers"), for a system unit: <c>%n</c> the full name,
/// <c>%N</c> without the type, <c>%p</c>/<c>%P</c> the prefix, <c>%i</c>/<c>%I</c> the instance (escaped and
/// unescaped), <c>%j</c>/<c>%J</c> the last dash-separated part of the prefix, <c>%f</c> the unescaped instance (or
/// prefix) as a path, the fixed folders of a system manager (<c>%t</c> /run, <c>%S</c> /var/lib, <c>%C</c> /var/cache,
/// <c>%L</c> /var/log, <c>%E</c> /etc, <c>%T</c> /tmp, <c>%V</c> /var/tmp) and <c>%%</c>. Anything else (the host
/// name, the user, the boot id) is not known from files: the value is then incomplete.
/// </summary>
public static class UnitSpecifiers
{
    /// <summary>The value with the specifiers expanded; <paramref name="complete"/> is false when one could not be.</summary>
    public static string Expand(string value, string unitName, out bool complete)
    {
        complete = true;
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }

        var dot = unitName.LastIndexOf('.');
        var withoutType = dot > 0 ? unitName[..dot] : unitName;
        var at = withoutType.IndexOf('@');
        var prefix = at >= 0 ? withoutType[..at] : withoutType;
        var instance = at >= 0 ? withoutType[(at + 1)..] : string.Empty;
        var lastDash = prefix.LastIndexOf('-');
        var last = lastDash >= 0 ? prefix[(lastDash + 1)..] : prefix;
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '%' || i + 1 >= value.Length)
            {
                builder.Append(value[i]);
                continue;
            }

            var expansion = value[++i] switch
            {
                '%' => "%",
                'n' => unitName,
                'N' => withoutType,
                'p' => prefix,
                'P' => Unescape(prefix),
                'i' => instance,
                'I' => Unescape(instance),
                'j' => last,
                'J' => Unescape(last),
                'f' => "/" + Unescape(instance.Length > 0 ? instance : prefix).TrimStart('/'),
                't' => "/run",
                'S' => "/var/lib",
                'C' => "/var/cache",
                'L' => "/var/log",
                'E' => "/etc",
                'T' => "/tmp",
                'V' => "/var/tmp",
                _ => null,
            };
            if (expansion is null)
            {
                complete = false;
                builder.Append('%').Append(value[i]);
            }
            else
            {
                builder.Append(expansion);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// A unit name written in a setting that names units (<c>Wants=</c>, <c>Requires=</c>, <c>BindsTo=</c>, <c>Upholds=</c>,
    /// <c>Sockets=</c>, a socket's <c>Service=</c>, a timer's or path unit's <c>Unit=</c>, <c>[Install]</c>'s <c>Also=</c>),
    /// with the specifiers expanded as systemd's <c>unit_name_printf()</c> (src/core/unit-printf.c) and
    /// <c>install_name_printf()</c> expand them: only <c>%i</c>, <c>%j</c>, <c>%n</c>, <c>%N</c>, <c>%p</c> and <c>%%</c>,
    /// the ones safe in a unit name. The host's (<c>%H</c>, <c>%m</c>, <c>%b</c>...) and the user's (<c>%u</c>, <c>%g</c>)
    /// are not known from files; the unescaping and path ones (<c>%I</c>, <c>%P</c>, <c>%f</c>, <c>%t</c>...) are not in
    /// that table, and systemd drops the word ("Failed to resolve unit specifiers"). Either way
    /// <paramref name="complete"/> is false and the word names no unit ConfLint can know; the specifier is kept as written.
    /// </summary>
    public static string ExpandName(string value, string unitName, out bool complete)
    {
        complete = true;
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '%' || i + 1 >= value.Length)
            {
                builder.Append(value[i]);
                continue;
            }

            var specifier = value[++i];
            if (specifier is '%' or 'i' or 'j' or 'n' or 'N' or 'p')
            {
                builder.Append(Expand("%" + specifier, unitName, out _));
            }
            else
            {
                complete = false;
                builder.Append('%').Append(specifier);
            }
        }

        return builder.ToString();
    }

    /// <summary>Whether a unit name written with specifiers has one that systemd does not take in a unit name at all (not
    /// <c>%i %j %n %N %p %%</c>, nor the host's and the user's <c>%a %A %b %B %H %l %m %M %o %v %w %W %g %G %u %U</c>):
    /// systemd drops such a word (<c>specifier_printf()</c> refuses an unknown specifier), so it names no unit.</summary>
    public static bool NameRefuses(string value)
    {
        for (var i = 0; i + 1 < value.Length; i++)
        {
            if (value[i] == '%')
            {
                if (!"%ijnNpaAbBHlmMovwWgGuU".Contains(value[i + 1], StringComparison.Ordinal))
                {
                    return true;
                }

                i++;
            }
        }

        return false;
    }

    /// <summary>systemd-escape's inverse: <c>-</c> is <c>/</c>, <c>\xNN</c> a byte.</summary>
    public static string Unescape(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '-')
            {
                bytes.Add((byte)'/');
            }
            else if (text[i] == '\\' && i + 3 < text.Length && text[i + 1] == 'x'
                     && byte.TryParse(text.AsSpan(i + 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
