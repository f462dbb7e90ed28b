using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Haproxy;
using ConfLint.Rules.Support;
using ConfLint.Units;

namespace ConfLint.Rules.Haproxy;

/// <summary>
/// CL005 for HAProxy: a response's headers must fit in <c>tune.bufsize</c> less <c>tune.maxrewrite</c> (1024 by
/// default, at most half the buffer); a larger header is refused with a 502 (<c>PH</c> in the log). Checked with
/// haproxy 2.6.12: <c>tune.bufsize 8192</c> passes a 6000-byte header and answers 502 for a 7500-byte one. Both values
/// are read as <c>atol</c> reads them: <c>16k</c> is 16 bytes (haproxy then fails every request or crashes).
/// Judged for instances with an HTTP-mode server.
/// </summary>
internal static class HaproxyBuffers
{
    private const long DefaultBufsize = 16384;
    private const long DefaultMaxRewrite = 1024;

    public static IEnumerable<Finding> Check(RuleContext context, ByteSize min, string against)
    {
        foreach (var instance in context.Host.Haproxy)
        {
            var servers = context.Host.FrontEnds.Where(f => f.Details is HaproxyPass pass && pass.Instance == instance && f.Protocol == BackendProtocol.Http).ToList();
            if (servers.Count == 0)
            {
                continue;
            }

            var bufsizeSetting = instance.GlobalSetting("tune.bufsize");
            var bufsize = Align(bufsizeSetting?.Arg(0) is { } text ? HaproxyValues.LeadingInteger(text) ?? DefaultBufsize : DefaultBufsize);
            var rewriteSetting = instance.GlobalSetting("tune.maxrewrite");
            var rewrite = rewriteSetting?.Arg(0) is { } r ? HaproxyValues.LeadingInteger(r) ?? DefaultMaxRewrite : DefaultMaxRewrite;
            var reserved = Math.Min(rewrite, bufsize / 2);
            var room = bufsize - reserved;
            if (room >= min.Bytes)
            {
                continue;
            }

            var related = servers.Take(5).Select(f => new RelatedLocation(f.Directive.Location, $"{f.DirectiveName} {f.Target.Text} sends response headers into this buffer")).ToList();
            var what = bufsizeSetting is null
                ? $"HAProxy's default tune.bufsize of {DefaultBufsize}"
                : bufsizeSetting.Arg(0)!.All(char.IsAsciiDigit) ? $"tune.bufsize {bufsizeSetting.Arg(0)}" : $"tune.bufsize {bufsizeSetting.Arg(0)} (read as {bufsize} bytes: HAProxy takes a size's leading digits)";
            var message = $"{what} leaves {room} bytes for a response's headers (tune.maxrewrite keeps {reserved} of each buffer), below {against}: " +
                          "a larger header is refused and the client gets 502 Bad Gateway ('PH' in HAProxy's log)";
            var location = bufsizeSetting?.Line.KeywordArguments[0].Location ?? servers[0].Directive.Location;
            yield return new Finding(location, message, bufsizeSetting is null ? related.Skip(1).ToList() : related, CreateFix(instance, bufsizeSetting, min, rewrite));
        }
    }

    /// <summary>tune.bufsize raised to the smallest power of two, at least HAProxy's default, that leaves the minimum
    /// for headers beside tune.maxrewrite; set where it is written, else added to global. Safe: it adds memory per
    /// connection only.</summary>
    private static Fix? CreateFix(HaproxyInstance instance, HaproxySetting? setting, ByteSize min, long rewrite)
    {
        var size = DefaultBufsize;
        while (size - Math.Min(rewrite, size / 2) < min.Bytes)
        {
            size *= 2;
        }

        var text = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (setting is not null)
        {
            return new Fix($"Raise tune.bufsize to {text}", Applicability.Safe, [Edits.ReplaceToken(setting.File, setting.Line.KeywordArguments[0], text)]);
        }

        if (instance.GlobalSections.Count == 0)
        {
            return null;
        }

        var (section, file) = instance.GlobalSections[^1];
        return HaproxyEdits.AppendToSection(file, section, "tune.bufsize " + text) is { } edit
            ? new Fix($"Set tune.bufsize {text} in global", Applicability.Safe, [edit])
            : null;
    }

    /// <summary>HAProxy rounds the size up to a multiple of two pointers (16 bytes).</summary>
    private static long Align(long size) => (size + 15) & ~15L;
}
