using System.Runtime.InteropServices;
using System.Text;

namespace ConfLint.Validation;

/// <summary>
/// Whether a regular expression compiles, asked of PCRE2, the library nginx and httpd compile theirs with (Debian builds
/// both against libpcre2-8): <c>pcre2_compile</c> on the pattern's bytes, nothing matched, the compiled code freed at
/// once. .NET's Regex is a different dialect (possessive quantifiers, <c>\Q...\E</c>, <c>(?|...)</c>, <c>(?P&lt;n&gt;...)</c>,
/// recursion are PCRE's alone), so it is never asked. Where the library cannot be loaded, or the pattern is larger than
/// a configuration's regular expressions are, only what PCRE surely refuses is judged (<see cref="ApacheRegex"/>: a
/// parenthesis or class left open), with a message that says so.
/// </summary>
internal static unsafe class Pcre
{
    /// <summary>PCRE2_CASELESS: nginx's <c>~*</c>, httpd's NoCase forms. It changes no verdict; passed as the daemons do.</summary>
    public const uint Caseless = 0x00000008;

    /// <summary>PCRE2_DOLLAR_ENDONLY: httpd's default compile flag (AP_REG_DOLLAR_ENDONLY).</summary>
    public const uint DollarEndOnly = 0x00000010;

    private const int MaxPattern = 16 * 1024;

    private static readonly Lazy<Functions?> Library = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    // A tree repeats its patterns (every PHP site's `location ~ \.php$`): each is compiled once, up to this many of them.
    private const int RememberedPatterns = 4096;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Pattern, uint Options), (string Message, int Offset)?> Verdicts = new();

    /// <summary>Whether the machine's PCRE2 is there to be asked (else the fallback judges).</summary>
    public static bool Available => Library.Value is not null;

    /// <summary>PCRE2's message for a pattern it refuses (with the offset it names), or null where it compiles or
    /// cannot be judged.</summary>
    public static (string Message, int Offset)? Error(string pattern, uint options = 0)
    {
        if (Library.Value is not { } functions || pattern.Length > MaxPattern || pattern.Contains('\0', StringComparison.Ordinal))
        {
            return ApacheRegex.IsUnbalanced(pattern) ? ("missing closing parenthesis or bracket", pattern.Length) : null;
        }

        if (Verdicts.TryGetValue((pattern, options), out var known))
        {
            return known;
        }

        var verdict = Compile(functions, pattern, options);
        if (Verdicts.Count < RememberedPatterns)
        {
            Verdicts.TryAdd((pattern, options), verdict);
        }

        return verdict;
    }

    private static (string Message, int Offset)? Compile(Functions functions, string pattern, uint options)
    {
        var bytes = Encoding.UTF8.GetBytes(pattern);
        int code;
        nuint offset;
        nint compiled;
        fixed (byte* start = bytes)
        {
            compiled = functions.Compile(start == null ? (byte*)&code : start, (nuint)bytes.Length, options, &code, &offset, 0);
        }

        if (compiled != 0)
        {
            functions.Free(compiled);
            return null;
        }

        var buffer = stackalloc byte[256];
        var length = functions.Message(code, buffer, 256);
        var message = length > 0 ? Encoding.UTF8.GetString(buffer, length) : $"error {code}";
        return (message, (int)Math.Min(offset, (nuint)bytes.Length));
    }

    /// <summary>The pattern's text after PCRE2's error offset: nginx prints it as <c>at "..."</c>.</summary>
    public static string Rest(string pattern, int offset)
    {
        var bytes = Encoding.UTF8.GetBytes(pattern);
        return Encoding.UTF8.GetString(bytes, Math.Min(offset, bytes.Length), bytes.Length - Math.Min(offset, bytes.Length));
    }

    private static Functions? Load()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsFreeBSD() && !OperatingSystem.IsMacOS())
        {
            return null;
        }

        foreach (var name in new[] { "libpcre2-8.so.0", "libpcre2-8.so", "libpcre2-8.0.dylib" })
        {
            if (NativeLibrary.TryLoad(name, out var handle)
                && NativeLibrary.TryGetExport(handle, "pcre2_compile_8", out var compile)
                && NativeLibrary.TryGetExport(handle, "pcre2_code_free_8", out var free)
                && NativeLibrary.TryGetExport(handle, "pcre2_get_error_message_8", out var message))
            {
                return new Functions(
                    (delegate* unmanaged<byte*, nuint, uint, int*, nuint*, nint, nint>)compile,
                    (delegate* unmanaged<nint, void>)free,
                    (delegate* unmanaged<int, byte*, nuint, int>)message);
            }
        }

        return null;
    }

    private sealed class Functions(
        delegate* unmanaged<byte*, nuint, uint, int*, nuint*, nint, nint> compile,
        delegate* unmanaged<nint, void> free,
        delegate* unmanaged<int, byte*, nuint, int> message)
    {
        public nint Compile(byte* pattern, nuint length, uint options, int* code, nuint* offset, nint context) => compile(pattern, length, options, code, offset, context);

        public void Free(nint code) => free(code);

        public int Message(int code, byte* buffer, nuint length) => message(code, buffer, length);
    }
}
