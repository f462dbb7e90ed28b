using ConfLint.Syntax.Systemd;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// <c>rails server</c> (<c>bin/rails s</c>, <c>bundle exec rails server</c>) as railties' <c>Rails::Command::ServerCommand</c>
/// starts puma: the port is <c>-p</c>/<c>--port</c>, else <c>PORT</c>, else 3000; the host <c>-b</c>/<c>--binding</c>, else
/// <c>BINDING</c>, else <c>localhost</c> in development and <c>0.0.0.0</c> in any other environment (<c>-e</c>/
/// <c>--environment</c>, else <c>RAILS_ENV</c>, else <c>RACK_ENV</c>, else development). Rails tells puma which of them the
/// user gave (<c>user_supplied_options</c>: the flags, and <c>PORT</c>, <c>HOST</c> or <c>BINDING</c> in the environment);
/// puma's Rack handler then binds that host and port in place of its configuration file's binds. Otherwise puma reads
/// <c>config/puma/ENV.rb</c> or <c>config/puma.rb</c> (<see cref="PumaReader"/>), whose <c>port N</c> takes Rails' host,
/// and without a bind there listens on Rails' host and port. puma is the server when <c>-u puma</c> says so or the
/// application has puma's configuration file (Rails' generator writes it with puma in the Gemfile); another Rack
/// server (<c>-u thin</c>, <c>RACK_HANDLER</c>), an option Rails does not have, or a value that is not known leaves the
/// binds unknown.
/// </summary>
internal sealed class RailsServerReader : AppServerReader
{
    /// <summary>Rails' server options that take a value (Thor's class options of ServerCommand).</summary>
    private static readonly Dictionary<string, string> Valued = new(StringComparer.Ordinal)
    {
        ["-p"] = "port", ["--port"] = "port", ["-b"] = "binding", ["--binding"] = "binding", ["-c"] = "config", ["--config"] = "config",
        ["-u"] = "using", ["--using"] = "using", ["-P"] = "pid", ["--pid"] = "pid", ["-e"] = "environment", ["--environment"] = "environment",
    };

    /// <summary>Its boolean options (Thor also takes <c>--no-NAME</c> and <c>--skip-NAME</c> for them).</summary>
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal)
    {
        "-d", "--daemon", "-C", "--dev-caching", "--restart", "--early-hints", "--log-to-stdout",
        "--no-daemon", "--no-dev-caching", "--no-early-hints", "--no-log-to-stdout", "--skip-dev-caching", "--skip-early-hints", "--skip-log-to-stdout",
    };

    public override void Read(AppServer server, AppServerContext context)
    {
        var options = new Dictionary<string, SystemdWord>(StringComparer.Ordinal);
        var arguments = context.Command.Arguments;
        for (var i = 0; i < arguments.Count; i++)
        {
            var word = arguments[i];
            var equals = word.Value.IndexOf('=');
            var name = word.Value.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? word.Value[..equals] : word.Value;
            if (Flags.Contains(word.Value))
            {
                continue;
            }

            if (Valued.TryGetValue(name, out var option))
            {
                if (name != word.Value)
                {
                    options[option] = new SystemdWord(word.Value[(equals + 1)..], word.End - word.Start == word.Value.Length ? word.Start + equals + 1 : word.Start, word.End);
                }
                else if (i + 1 < arguments.Count)
                {
                    options[option] = arguments[++i];
                }
                else
                {
                    server.Unknown($"rails server's {name} has no value");
                    return;
                }

                continue;
            }

            if (word.Value.Length > 2 && word.Value[0] == '-' && word.Value[1] != '-' && Valued.TryGetValue(word.Value[..2], out var attached))
            {
                // -p3000: Thor takes the rest of the word as the value.
                options[attached] = new SystemdWord(word.Value[2..], word.End - word.Start == word.Value.Length ? word.Start + 2 : word.Start, word.End);
                continue;
            }

            server.Unknown($"rails server is given {word.Value}, which ConfLint does not read (another Rack server, or an option Rails reads otherwise)");
            return;
        }

        if (options.TryGetValue("using", out var usingWord) && usingWord.Value != "puma")
        {
            server.Unknown($"rails server runs the Rack server {usingWord.Value}, not puma");
            return;
        }

        // Without -u, rackup's default handler is RACKUP_HANDLER's or RACK_HANDLER's when set.
        foreach (var variable in new[] { "RACKUP_HANDLER", "RACK_HANDLER" })
        {
            if (!options.ContainsKey("using") && (context.Variable(variable, out var handlerKnown) is { } handler && handler != "puma" || !handlerKnown))
            {
                server.Unknown($"{variable} may choose another Rack server than puma");
                return;
            }
        }

        // The environment: -e, else RAILS_ENV, else RACK_ENV (an empty one does not count), else development.
        string? environment = options.TryGetValue("environment", out var environmentWord) ? Resolve(environmentWord.Value, context, out var environmentKnown) : FromEnvironment(context, out environmentKnown, "RAILS_ENV", "RACK_ENV");
        environment ??= "development";

        // The port: -p, else PORT, else 3000; given by the user when -p or PORT is.
        var portWord = options.TryGetValue("port", out var p) ? p : (SystemdWord?)null;
        var portText = portWord is { } given ? Resolve(given.Value, context, out var portKnown) : context.Variable("PORT", out portKnown);
        var portSupplied = portWord is not null || portText is not null;
        int port;
        if (!portKnown)
        {
            server.Unknown(portWord is { } unread ? $"rails server's port {unread.Value} is not known" : "PORT may be set where ConfLint cannot see, and Rails would bind it");
            return;
        }

        if (portText is null)
        {
            port = 3000;
        }
        else if (!int.TryParse(RubyInteger(portText), out port) || port <= 0)
        {
            server.Unknown($"rails server's port {portText} is not a port");
            return;
        }

        // The host: -b, else BINDING, else localhost in development and 0.0.0.0 otherwise; given by the user when -b,
        // HOST or BINDING is.
        var bindingWord = options.TryGetValue("binding", out var b) ? b : (SystemdWord?)null;
        var host = bindingWord is { } bound ? Resolve(bound.Value, context, out var hostKnown) : context.Variable("BINDING", out hostKnown);
        var hostVariable = context.Variable("HOST", out var hostVariableKnown);
        var hostSupplied = bindingWord is not null || host is not null || hostVariable is not null;
        if (!hostKnown || !hostVariableKnown && bindingWord is null)
        {
            server.Unknown(bindingWord is { } unread ? $"rails server's binding {unread.Value} is not known" : "BINDING or HOST may be set where ConfLint cannot see, and Rails would bind it");
            return;
        }

        if (host is null && !environmentKnown)
        {
            server.Unknown("rails server binds localhost in development and 0.0.0.0 otherwise, and its environment (RAILS_ENV, RACK_ENV) is not known");
            return;
        }

        host ??= environment == "development" ? "localhost" : "0.0.0.0";
        if (host.StartsWith('/') || host.StartsWith('.') || host.StartsWith("ssl://", StringComparison.Ordinal) || host.StartsWith('@'))
        {
            server.Unknown($"rails server binds {host}, which ConfLint does not read as an address");
            return;
        }

        var endpoint = Endpoint.Tcp(host, port);
        var note = $"rails server binds {host}:{port} ({Why(portWord, portText, bindingWord, host, environment)})";
        if (portSupplied || hostSupplied)
        {
            // puma's Rack handler clears its file's binds for what the user gave Rails.
            server.AddBind(endpoint, portWord ?? bindingWord, BackendProtocol.Http, note);
            return;
        }

        if (!options.ContainsKey("using") && (context.WorkingDirectory is null || context.Files is null || context.UnseenFiles || !HasPumaConfig(context, environment)))
        {
            if (context.WorkingDirectory is null || context.Files is null || context.UnseenFiles)
            {
                server.Unknown("rails server runs puma with config/puma.rb of a working folder ConfLint cannot see");
                return;
            }

            // No puma file: whatever Rack server the bundle has binds Rails' host and port.
            server.AddBind(endpoint, null, BackendProtocol.Http, note);
            return;
        }

        PumaReader.ReadFile(server, context, configured: false, option: null, environment, host, endpoint, note);
    }

    private static bool HasPumaConfig(AppServerContext context, string environment) =>
        new[] { $"config/puma/{environment}.rb", "config/puma.rb" }.Any(f => context.Files!.Exists(HostFiles.Absolute(f, context.WorkingDirectory)));

    private static string Why(SystemdWord? portWord, string? portText, SystemdWord? bindingWord, string host, string environment) =>
        string.Join(", ", new[]
        {
            portWord is not null ? "-p" : portText is not null ? "PORT" : "Rails' default port",
            bindingWord is not null ? "-b" : host is "localhost" or "0.0.0.0" ? $"Rails' default host in {environment}" : "BINDING",
        });

    /// <summary>The first variable of <paramref name="names"/> set to a non-empty value (Rails' <c>presence</c>).</summary>
    private static string? FromEnvironment(AppServerContext context, out bool known, params string[] names)
    {
        known = true;
        foreach (var name in names)
        {
            var value = context.Variable(name, out var one);
            if (!one)
            {
                known = false;
                return null;
            }

            if (value is { Length: > 0 })
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>A word as the shell left it: <c>$NAME</c> or <c>${NAME}</c> is the variable's value (not known where the
    /// environment does not tell it); any other <c>$</c> is not known.</summary>
    private static string? Resolve(string value, AppServerContext context, out bool known)
    {
        if (!value.Contains('$', StringComparison.Ordinal))
        {
            known = true;
            return value;
        }

        var name = value.StartsWith("${", StringComparison.Ordinal) && value.EndsWith('}') ? value[2..^1] : value[1..];
        if (value[0] != '$' || name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            known = false;
            return null;
        }

        var found = context.Variable(name, out known);
        known = known && found is not null;
        return found;
    }

    /// <summary>Ruby's <c>to_i</c> of a port: its leading digits.</summary>
    private static string RubyInteger(string text) => new(text.Trim().TakeWhile(char.IsAsciiDigit).ToArray());
}
