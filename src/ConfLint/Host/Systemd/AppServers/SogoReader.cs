using System.Globalization;
using ConfLint.Diagnostics;
using ConfLint.Syntax.Systemd;
using ConfLint.Text;
using ConfLint.Units;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// SOGo's <c>sogod</c>, read as its user defaults are looked up (SOGoSystemDefaults.m <c>prepareUserDefaults</c>, first
/// match wins): the command line (GNUstep's argument domain, <c>-KEY VALUE</c> pairs: <c>-WOPort</c>,
/// <c>-WOWorkersCount ${PREFORK}</c> of the package's unit and init script), then the <c>sogod</c> domain of the user's
/// <c>~/GNUstep/Defaults/.GNUstepDefaults</c> (not read here: where it exists, what it may set is unknown), then
/// <c>/etc/sogo/sogo.conf</c> over <c>/etc/sogo/debconf.conf</c> (OpenStep property lists), then SOGoDefaults.plist.
/// SOPE's watchdog (WOWatchDogApplicationMain.m <c>_listeningAddress</c>) listens on <c>p</c>, else <c>WOPort</c>
/// (<c>127.0.0.1:20000</c> in SOGoDefaults.plist): <c>HOST:PORT</c> as written, a bare port on 127.0.0.1 (on every
/// address only with <c>WOHttpAllowHost</c>). For CL006: SOGo holds an ActiveSync Ping up to
/// <c>SOGoMaximumPingInterval</c> (10 s when unset) and a Sync up to <c>SOGoMaximumSyncInterval</c> (30 s), on the
/// <c>/SOGo/Microsoft-Server-ActiveSync</c> path only, and the watchdog kills a child busy longer than
/// <c>WOWatchDogRequestTimeout</c> minutes (10): the longer interval, within the watchdog's time, is how long a request
/// on that path may run. The watchdog alone is a backstop for stuck children, not a limit on other requests.
/// </summary>
internal sealed class SogoReader : AppServerReader
{
    /// <summary>The path SOGo serves ActiveSync under (its application name and EAS's request handler).</summary>
    internal const string ActiveSyncPath = "/SOGo/Microsoft-Server-ActiveSync";

    /// <summary>A user default as sogod ends up with it: its value, what set it (for messages), where it is written.</summary>
    private sealed record Setting(string Value, string Source, Location? At, SystemdWord? Word = null, bool IsDefault = false, bool NotString = false);

    private static readonly string[] Keys = ["p", "WOPort", "WOHttpAllowHost", "WOWorkersCount", "SOGoMaximumPingInterval", "SOGoMaximumSyncInterval", "WOWatchDogRequestTimeout"];

    public override void Read(AppServer server, AppServerContext context)
    {
        var settings = new Dictionary<string, Setting>(StringComparer.Ordinal)
        {
            ["WOPort"] = new("127.0.0.1:20000", "SOGo's default WOPort (SOGoDefaults.plist)", null, IsDefault: true),
            ["WOWorkersCount"] = new("1", "SOGo's default WOWorkersCount of 1", null, IsDefault: true),
            ["SOGoMaximumPingInterval"] = new("10", "SOGo's default SOGoMaximumPingInterval of 10 s", null, IsDefault: true),
            ["SOGoMaximumSyncInterval"] = new("30", "SOGo's default SOGoMaximumSyncInterval of 30 s", null, IsDefault: true),
            ["WOWatchDogRequestTimeout"] = new("10", "SOPE's default WOWatchDogRequestTimeout of 10 min", null, IsDefault: true),
        };

        if (context.Files is not { } files)
        {
            server.Unknown("sogod reads /etc/sogo/sogo.conf, which ConfLint cannot see");
            return;
        }

        // The property lists, lowest first: debconf.conf, then sogo.conf over it.
        foreach (var path in new[] { "/etc/sogo/debconf.conf", "/etc/sogo/sogo.conf" })
        {
            if (files.Read(path) is not { } source)
            {
                if (context.UnseenFiles)
                {
                    server.Unknown($"sogod reads {path}, which ConfLint cannot see");
                    return;
                }

                continue;
            }

            server.ConfigFiles.Add(source.File);
            if (OpenStepPlist.TopLevel(source) is not { } entries)
            {
                server.Unknown($"{path} is not a property list ConfLint reads (sogod refuses to start on one it cannot parse)");
                return;
            }

            foreach (var (key, value, at) in entries)
            {
                if (Keys.Contains(key, StringComparer.Ordinal))
                {
                    settings[key] = value is null
                        ? new Setting(string.Empty, $"{key} in {path}", at, NotString: true)
                        : new Setting(value, $"{key} = {value} in {path}", at);
                }
            }
        }

        // The user's GNUstep defaults (the sogod domain) win over the files.
        var home = context.Environment.GetValueOrDefault("HOME") ?? context.Home;
        if (home is null || !home.StartsWith('/') || home.Contains('$'))
        {
            server.Unknown("sogod's user's home is not known: its ~/GNUstep/Defaults/.GNUstepDefaults may set WOPort");
            return;
        }

        var userDefaults = home.TrimEnd('/') + "/GNUstep/Defaults/.GNUstepDefaults";
        if (files.Exists(userDefaults) || context.UnseenFiles)
        {
            server.Unknown($"sogod reads the sogod domain of {userDefaults}, which ConfLint does not read (it may set WOPort)");
            return;
        }

        // The command line, over everything: -KEY VALUE pairs.
        var arguments = context.Command.Arguments;
        for (var i = 0; i + 1 < arguments.Count; i++)
        {
            var word = arguments[i].Value;
            if (word.Length > 1 && word[0] == '-')
            {
                var key = word[1..];
                if (Keys.Contains(key, StringComparer.Ordinal))
                {
                    settings[key] = new Setting(arguments[i + 1].Value, $"-{key} {arguments[i + 1].Value} on the command line", null, arguments[i + 1]);
                }

                i++;
            }
        }

        AddBind(server, settings);
        ReadActiveSync(server, settings);
    }

    private static void AddBind(AppServer server, Dictionary<string, Setting> settings)
    {
        var port = settings.TryGetValue("p", out var p) ? p : settings["WOPort"];
        var value = port.Value.Trim();
        if (value.Contains('$') || port.NotString)
        {
            server.Unknown($"sogod's {(port == p ? "p" : "WOPort")} ({port.Source}) is not a value ConfLint reads");
            return;
        }

        Endpoint? endpoint;
        string note;
        if (value == "auto")
        {
            server.Unknown($"sogod's WOPort auto ({port.Source}) takes a free port on 127.0.0.1");
            return;
        }

        if (!value.Contains(':'))
        {
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            {
                server.Unknown($"sogod's WOPort {value} ({port.Source}) is not a port ConfLint reads");
                return;
            }

            if (settings.TryGetValue("WOHttpAllowHost", out var allow))
            {
                // With WOHttpAllowHost set, a bare port is every address.
                endpoint = Endpoint.Tcp("*", number);
                note = $"{port.Source}, every address ({allow.Source})";
            }
            else
            {
                endpoint = Endpoint.Tcp("127.0.0.1", number);
                note = $"{port.Source}, on 127.0.0.1 (a bare port)";
            }
        }
        else
        {
            var host = value[..value.LastIndexOf(':')];
            endpoint = host == "*" && int.TryParse(value[(value.LastIndexOf(':') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var any) && any is > 0 and <= 65535
                ? Endpoint.Tcp("*", any)
                : Endpoint.IsIpAddress(host.Trim('[', ']')) ? AppServer.ParseAddress(value) : null;
            note = port.Source;
        }

        if (endpoint is null)
        {
            server.Unknown($"sogod's WOPort {value} ({port.Source}) is not an address ConfLint can place");
            return;
        }

        if (port.At is { } at)
        {
            server.AddBindAt(endpoint, at, BackendProtocol.Http, "SOGo: " + note);
        }
        else
        {
            server.AddBind(endpoint, port.Word, BackendProtocol.Http, "SOGo: " + note);
        }
    }

    /// <summary>How long SOGo may hold a request on its ActiveSync path: the longer of the Ping and Sync intervals, within
    /// the watchdog's minutes. A value that is not a number leaves it unjudged.</summary>
    private static void ReadActiveSync(AppServer server, Dictionary<string, Setting> settings)
    {
        static int? Number(Setting setting) =>
            int.TryParse(setting.Value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

        var ping = settings["SOGoMaximumPingInterval"];
        var sync = settings["SOGoMaximumSyncInterval"];
        var watchdog = settings["WOWatchDogRequestTimeout"];
        if (Number(ping) is not { } pingSeconds || Number(sync) is not { } syncSeconds || Number(watchdog) is not { } minutes)
        {
            server.Unknowns.Add("SOGo's ActiveSync intervals or WOWatchDogRequestTimeout are not numbers ConfLint reads: how long it holds a Ping or Sync is not judged");
            return;
        }

        // SOGoSystemDefaults: 0 (or unset) is the default.
        pingSeconds = pingSeconds == 0 ? 10 : pingSeconds;
        syncSeconds = syncSeconds == 0 ? 30 : syncSeconds;
        var (held, by, name) = syncSeconds > pingSeconds ? (syncSeconds, sync, "SOGoMaximumSyncInterval") : (pingSeconds, ping, "SOGoMaximumPingInterval");
        if (minutes > 0 && minutes * 60 < held)
        {
            // The watchdog kills a child still busy after the timeout (WOWatchDogApplicationMain.m, WOWatchDogChild's kill timer): the
            // connection it held closes without a response: the front end's 502 (CL006's watchdog check).
            server.KillsBeforeHold = new AppServer.KillBeforeHold(ActiveSyncPath, Duration.FromSeconds(minutes * 60), watchdog.Source, watchdog.At ?? Locate(server, watchdog),
                Duration.FromSeconds(held), by.Source, by.At ?? Locate(server, by), "WOWatchDogRequestTimeout");
            server.PathRequestTimeouts.Add(new AppServer.PathRequestTimeout(ActiveSyncPath, Duration.FromSeconds(minutes * 60),
                $"{watchdog.Source} (minutes): the watchdog ends an ActiveSync Ping or Sync that {by.Source} would hold longer", watchdog.At ?? Locate(server, watchdog)));
            return;
        }

        var workers = settings["WOWorkersCount"];
        server.PathRequestTimeouts.Add(new AppServer.PathRequestTimeout(ActiveSyncPath, Duration.FromSeconds(held),
            $"{by.Source}: SOGo holds an ActiveSync {(name.Contains("Ping", StringComparison.Ordinal) ? "Ping" : "Sync")} open that long, each one keeping one of its workers busy ({workers.Source})", by.At ?? Locate(server, by)));
    }

    private static Location? Locate(AppServer server, Setting setting) => setting.Word is { } word ? server.LocationOf(word) : null;
}
