namespace ConfLint.Tools.GenServerTree;

/// <summary>One site: its main server block and, with HTTPS, a port-80 redirect block before it.</summary>
/// <param name="Index">0-based site number.</param>
/// <param name="File">The sites-enabled file it is written to.</param>
/// <param name="Pool">The PHP-FPM pool it passes PHP to, if any.</param>
/// <param name="Unit">The app (and upstream) it proxies to, if any.</param>
public sealed record SitePlan(int Index, int File, string Domain, SiteStyle Style, bool Https, int? Pool, int? Unit)
{
    public int Blocks => Https ? 2 : 1;
}
