using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.PhpFpm;
using ConfLint.Rules.Support;

namespace ConfLint.Rules;

public sealed partial class CL006ShortUpstreamTimeout
{
    /// <summary>
    /// A pool that kills its own requests before PHP's limit: its <c>request_terminate_timeout</c> (wall-clock time from the
    /// request's accept: fpm_request_check_timed_out in fpm_request.c sends the child SIGTERM, "execution timed out ...,
    /// terminating") is shorter than the <c>max_execution_time</c> its scripts are given. That limit counts the script's CPU
    /// time on Linux (zend_set_timeout arms <c>setitimer(ITIMER_PROF)</c>), never more than the wall-clock time, so every
    /// request PHP would let run past the kill limit is killed first, and the front end meets a connection closed without
    /// a response (nginx: "upstream prematurely closed connection while reading response header from upstream", 502;
    /// Apache's mod_proxy_fcgi: AH01075, 503). PHP's manual meant the kill limit for scripts <c>max_execution_time</c>
    /// "does not stop ... for some reason", not to come first.
    /// The <c>max_execution_time</c> is the one each front end's requests get (<see cref="ExecutionLimit"/>: a
    /// <c>fastcgi_param PHP_VALUE</c> of the location, else the pool's <c>php_admin_value</c>, <c>php_value</c>, the
    /// master's php.ini, PHP's 30 s); 0 (none) leaves the kill limit the only limit, and an unknown one is not judged
    /// (<c>--verbose</c> says so). Only pools a front end reaches: a pool nothing sends requests to answers no proxy.
    /// One finding per pool, at its <c>request_terminate_timeout</c>, with the longest such limit. The fix raises the kill
    /// limit to the script limit; lowering the script limit fits the evidence as well, so it is for review (unsafe).
    /// </summary>
    private IEnumerable<Diagnostic> KilledBeforeScriptLimit(RuleContext context)
    {
        var host = context.Host;
        foreach (var pool in host.BackEndsOf<FpmPool>())
        {
            if (host.Shared("CL006.TerminateLimit", pool, TerminateLimit) is not { } terminate
                || pool.Entry("request_terminate_timeout") is not var (entry, file))
            {
                continue;
            }

            var (longest, reaching, frontEnds) = LongestScriptLimit(context, pool);
            if (frontEnds.Count == 0)
            {
                continue; // nothing sends requests to this pool
            }

            if (longest is null || longest.Value <= terminate.Value)
            {
                continue;
            }

            context.Notes.Add($"{file.DisplayPath}:{entry.Position.Line}: CL006 compares request_terminate_timeout with the max_execution_time of {pool.Describe()}; a script's own set_time_limit() call, which changes its limit, is not seen");
            yield return KilledReport(pool, entry, file, terminate, longest, reaching!, frontEnds);
        }
    }

    /// <summary>The longest <c>max_execution_time</c> (none for 0 or unknown) the requests of the front ends that reach
    /// <paramref name="pool"/> get, the front end whose requests get it, and those front ends (ping and status locations
    /// left out: php-fpm answers them without a script).</summary>
    private static (Limit? Longest, FrontEnd? Reaching, List<FrontEnd> FrontEnds) LongestScriptLimit(RuleContext context, FpmPool pool)
    {
        var host = context.Host;
        Limit? longest = null;
        FrontEnd? reaching = null;
        var frontEnds = new List<FrontEnd>();
        var reachedBy = host.ReachedBy(pool);
        for (var i = 0; i < reachedBy.Count; i++)
        {
            var frontEnd = reachedBy[i];
            if (!UnmatchedTargets.Compatible(frontEnd.Protocol, pool) || FpmHealthLocations.ServesOnlyHealthPages(host, frontEnd))
            {
                continue;
            }

            frontEnds.Add(frontEnd);
            var (execution, _) = ExecutionLimit(context, frontEnd, pool, noteUnknown: true);
            if (execution is not null && (longest is null || execution.Value > longest.Value))
            {
                (longest, reaching) = (execution, frontEnd);
            }
        }

        if (frontEnds.Count > 0 && longest is null && pool.Php("max_execution_time") is null)
        {
            context.Notes.Add($"{pool.File.DisplayPath}: CL006 does not compare the request_terminate_timeout of {pool.Describe()} with its max_execution_time, which is not known (the php.ini its master loads is not, or a value in it cannot be resolved)");
        }

        return (longest, reaching, frontEnds);
    }

    private Diagnostic KilledReport(FpmPool pool, Syntax.PhpFpm.PhpFpmEntry entry, Workspace.ConfigFile file, Limit terminate, Limit script, FrontEnd reaching, List<FrontEnd> frontEnds)
    {
        var seconds = (long)Math.Ceiling(script.Value.TotalSeconds);
        var status = ProxyStatus.Unreachable(frontEnds);
        var closed = status == "503" ? "Apache: AH01075" : "nginx: 'upstream prematurely closed connection'";
        var message = $"request_terminate_timeout = {entry.Value} of {pool.Describe()} kills a request after {terminate.Value} of wall-clock time, before its scripts' own limit of {script.Value} "
            + $"({script.Setting}; CPU time, never more than wall-clock time): every request that runs longer than {terminate.Value} is killed, and {reaching.DirectiveName} {reaching.Target.Text} gets no response ({closed}), a {status}";
        var related = new List<RelatedLocation>();
        if (script.Location is { } at)
        {
            related.Add(Related(at, $"max_execution_time lets a script run {script.Value}"));
        }

        related.Add(Related(reaching.Directive, $"{reaching.DirectiveName} sends requests to {pool.Describe()}"));
        List<FileEdit> edits = entry.ValueToken is { } token
            ? [Edits.ReplaceValue(file, token, char.IsAsciiDigit(token.Value[^1]) ? $"{seconds}" : $"{seconds}s")]
            : [];
        var fix = new Fix($"Raise request_terminate_timeout of {pool.Describe()} to {seconds}s, the max_execution_time (or lower max_execution_time to {(long)terminate.Value.TotalSeconds}: either fits)",
            edits.Count > 0 ? Applicability.Unsafe : Applicability.DisplayOnly, edits);
        return Report(entry.ValueToken?.Location ?? entry.Location, message, related, fix);
    }
}
