using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using ConfLint.Diagnostics;
using ConfLint.Syntax.Systemd;
using ConfLint.Text;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// Collabora Online's <c>coolwsd</c> (and its older name <c>loolwsd</c>), read as COOLWSD.cpp reads its settings: the
/// XML file <c>/etc/coolwsd/coolwsd.xml</c> (<c>--config-file=PATH</c> names another), each setting a dotted path of
/// elements (<c>ssl.enable</c> is <c>&lt;config&gt;&lt;ssl&gt;&lt;enable&gt;</c>), then the command line over it:
/// <c>--o:PATH=VALUE</c> (Poco's partial match of <c>--override</c>), <c>--disable-ssl</c> (<c>ssl.enable</c> false) and
/// <c>--port=N</c> (9980 without it). It listens on that port, with TLS where <c>ssl.enable</c> is true (its default;
/// <c>ssl.termination</c> only changes the URLs it writes), on every address for <c>net.listen</c> <c>any</c> (the
/// default, and what an unknown value falls back to) and on loopback for <c>loopback</c>: 127.0.0.1 with <c>net.proto</c>
/// IPv4, ::1 with IPv6. Loopback with <c>all</c> is left unplaced (an IPv6 socket on ::1; whether IPv4 reaches it is not
/// judged), and so is a value ConfLint cannot read: nothing is judged against a guess.
/// </summary>
internal sealed class CoolwsdReader(string name) : AppServerReader
{
    private const int DefaultPort = 9980;

    /// <summary>A setting as coolwsd ends up with it: its value, what set it (for messages), where it is written.</summary>
    private sealed record Setting(string Value, string Source, Location? At, SystemdWord? Word = null, bool IsDefault = false);

    private static readonly string[] Keys = ["ssl.enable", "net.listen", "net.proto"];

    public override void Read(AppServer server, AppServerContext context)
    {
        var settings = new Dictionary<string, Setting>(StringComparer.Ordinal)
        {
            ["ssl.enable"] = new("true", $"{name}'s default ssl.enable true", null, IsDefault: true),
            ["net.listen"] = new("any", $"{name}'s default net.listen any", null, IsDefault: true),
            ["net.proto"] = new("all", $"{name}'s default net.proto all", null, IsDefault: true),
        };

        // The command line first: it names the file, and its overrides win over it.
        var configFile = $"/etc/{name}/{name}.xml";
        Setting? port = null;
        var overrides = new List<(string Key, Setting Setting)>();
        foreach (var word in context.Command.Arguments)
        {
            var text = word.Value;
            if (!text.StartsWith("--", StringComparison.Ordinal))
            {
                continue;
            }

            var split = text.IndexOfAny([':', '=']);
            var option = split < 0 ? text[2..] : text[2..split];
            var value = split < 0 ? null : text[(split + 1)..];
            if (option.Length > 0 && "override".StartsWith(option, StringComparison.Ordinal) && value is not null)
            {
                var equals = value.IndexOf('=');
                var key = equals < 0 ? value : value[..equals];
                if (Keys.Contains(key, StringComparer.Ordinal))
                {
                    overrides.Add((key, new Setting(equals < 0 ? string.Empty : value[(equals + 1)..], $"{text} on the command line", null, word)));
                }
            }
            else if (option == "disable-ssl")
            {
                overrides.Add(("ssl.enable", new Setting("false", "--disable-ssl on the command line", null, word)));
            }
            else if (option == "port")
            {
                if (value is null)
                {
                    server.Unknown($"{name}'s --port is given without a value ConfLint can place");
                    return;
                }

                port = new Setting(value, $"{text} on the command line", null, word);
            }
            else if (option == "config-file")
            {
                if (value is not { Length: > 0 } || value.Contains('$'))
                {
                    server.Unknown($"{name}'s {text} names no file ConfLint can place");
                    return;
                }

                configFile = HostFiles.Absolute(value, context.WorkingDirectory);
            }
        }

        if (!ReadFile(server, context, configFile, settings))
        {
            return;
        }

        foreach (var (key, setting) in overrides)
        {
            settings[key] = setting;
        }

        if (Place(server, settings) is not { } host)
        {
            return;
        }

        var number = DefaultPort;
        if (port is not null && (!int.TryParse(port.Value, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 65535))
        {
            server.Unknown($"{name}'s port ({port.Source}) is not a port ConfLint can place");
            return;
        }

        var ssl = settings["ssl.enable"];
        if (PocoBool(ssl.Value) is not { } tls)
        {
            server.Unknown($"{name}'s ssl.enable ({ssl.Source}) is not a boolean ConfLint reads: whether it speaks TLS is not known");
            return;
        }

        var listen = settings["net.listen"];
        var note = $"{name}: {(port is null ? $"its default port {DefaultPort}" : port.Source)}, {(listen.IsDefault ? "every address (net.listen unset)" : listen.Source)}";
        if (port?.Word is { } portWord)
        {
            server.AddBind(host(number), portWord, BackendProtocol.Http, note);
        }
        else
        {
            server.AddBind(host(number), null, BackendProtocol.Http, note);
        }

        server.SetTls(tls ? TlsFact.Yes : TlsFact.No, ssl.Source, server.Binds.Count - 1);
    }

    /// <summary>The address for <c>net.listen</c> and <c>net.proto</c>, as a function of the port; null (unknown, said) where
    /// it cannot be placed.</summary>
    private Func<int, Endpoint>? Place(AppServer server, Dictionary<string, Setting> settings)
    {
        var listen = settings["net.listen"];
        var proto = settings["net.proto"];
        var protoValue = proto.Value.Trim();
        var family = protoValue.Equals("ipv4", StringComparison.OrdinalIgnoreCase) ? 4
            : protoValue.Equals("ipv6", StringComparison.OrdinalIgnoreCase) ? 6
            : protoValue.Equals("all", StringComparison.OrdinalIgnoreCase) ? 0
            : -1;
        if (family < 0)
        {
            server.Unknown($"{name}'s net.proto ({proto.Source}) is not IPv4, IPv6 or all: the family it listens on is not known");
            return null;
        }

        // An unknown listen value falls back to any (COOLWSD.cpp logs "Falling back to default: 'any'").
        if (!listen.Value.Trim().Equals("loopback", StringComparison.OrdinalIgnoreCase))
        {
            return family == 4 ? p => Endpoint.Tcp("0.0.0.0", p) : p => Endpoint.Tcp("::", p);
        }

        if (family == 0)
        {
            server.Unknown($"{name} listens on loopback with net.proto all ({proto.Source}): an IPv6 socket on ::1, which IPv4 clients of 127.0.0.1 may not reach; not placed");
            return null;
        }

        return family == 4 ? p => Endpoint.Tcp("127.0.0.1", p) : p => Endpoint.Tcp("::1", p);
    }

    /// <summary>Reads the settings of <see cref="Keys"/> from the XML file; false (unknown, said) where it cannot be read.</summary>
    private bool ReadFile(AppServer server, AppServerContext context, string path, Dictionary<string, Setting> settings)
    {
        if (context.Files is not { } files)
        {
            server.Unknown($"{name} reads {path}, which ConfLint cannot see");
            return false;
        }

        if (files.Read(path) is not { } source)
        {
            if (context.UnseenFiles || files.Exists(path))
            {
                server.Unknown($"{name} reads {path}, which ConfLint cannot read");
                return false;
            }

            // Without its file coolwsd does not start (Poco cannot load the configuration): nothing to place.
            server.Unknown($"{name}'s {path} is not in the root: it would not start without it");
            return false;
        }

        server.ConfigFiles.Add(source.File);
        XDocument document;
        try
        {
            var options = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Ignore,
                XmlResolver = null,
                IgnoreProcessingInstructions = true,
                MaxCharactersFromEntities = 1024,
                MaxCharactersInDocument = 4 * 1024 * 1024,
            };
            using var reader = XmlReader.Create(new StringReader(source.Text.TrimStart('\uFEFF')), options);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException)
        {
            server.Unknown($"{path} is not XML ConfLint reads ({name} would not start on it)");
            return false;
        }

        foreach (var key in Keys)
        {
            var element = document.Root;
            foreach (var part in key.Split('.'))
            {
                // Poco's XMLConfiguration takes the first element of a name.
                element = element?.Elements(part).FirstOrDefault();
            }

            if (element is null)
            {
                continue;
            }

            if (element.HasElements)
            {
                server.Unknown($"{key} in {path} holds elements, not a value ConfLint reads");
                return false;
            }

            var info = (IXmlLineInfo)element;
            var line = Math.Clamp(info.LineNumber, 1, source.LineCount);
            var start = Math.Min(source.GetLineSpan(line).Start + Math.Max(info.LinePosition - 1, 0), source.Text.Length);
            var at = HostFiles.At(source, start, Math.Min(element.Name.LocalName.Length, source.Text.Length - start));
            settings[key] = new Setting(element.Value, $"{key} {element.Value.Trim()} in {path}:{line}", at);
        }

        return true;
    }

    /// <summary>Poco's <c>NumberParser::tryParseBool</c>: true, yes, on or a number other than 0; false, no, off or 0; any
    /// case. Null for anything else (an empty value among them).</summary>
    private static bool? PocoBool(string value)
    {
        var text = value.Trim();
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return number != 0;
        }

        return text.ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => null,
        };
    }
}
