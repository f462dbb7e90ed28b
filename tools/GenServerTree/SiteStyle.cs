namespace ConfLint.Tools.GenServerTree;

/// <summary>What a generated site serves.</summary>
public enum SiteStyle
{
    /// <summary>A PHP application (WordPress-like) behind a PHP-FPM pool.</summary>
    Php,

    /// <summary>A PHP front end with an <c>/api/</c> served by an app behind an upstream.</summary>
    PhpWithApi,

    /// <summary>An app (gunicorn, uvicorn, node, puma) behind an upstream.</summary>
    App,

    /// <summary>Static files only.</summary>
    Static,
}
