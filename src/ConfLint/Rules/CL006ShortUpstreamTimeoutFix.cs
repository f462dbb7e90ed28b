using ConfLint.Diagnostics;
using ConfLint.Rules.Support;
using ConfLint.Host;
using ConfLint.Host.Nginx;
using ConfLint.Units;

namespace ConfLint.Rules;

/// <summary>CL006's fix: the read timeout raised to cover the back end's limit (or the minimum), where it is set, or
/// set beside the pass. Written in seconds, the unit the back ends' limits are read in.</summary>
internal static class CL006ShortUpstreamTimeoutFix
{
    public static Fix Create(FrontEnd frontEnd, NginxSettings.Effective<Duration> effective, string name, Duration required)
    {
        var value = (long)Math.Ceiling(required.TotalSeconds) + "s";
        var edit = effective.Directive is { } directive
            ? Edits.ReplaceToken(effective.File!, directive.Arguments[0], value)
            : Edits.InsertLineAfter(frontEnd.File, frontEnd.Directive, $"{name} {value};");
        return new Fix($"Raise {name} to {value}", Applicability.Safe, [edit]);
    }
}
