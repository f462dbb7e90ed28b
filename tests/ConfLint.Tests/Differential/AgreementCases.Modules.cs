namespace ConfLint.Tests.Differential;

/// <summary>
/// Third-party modules (libapache2-mod-wsgi-py3 is installed wherever these run): loading one kept CL000 from calling
/// any directive unknown, so a typo httpd refuses ("Invalid command 'Alais'") went unreported. mod_wsgi's own
/// directives, with the options of daemon mode, are accepted; its server-only ones are refused in a section.
/// </summary>
internal static partial class AgreementCases
{
    private const string WsgiModule = "LoadModule wsgi_module /usr/lib/apache2/modules/mod_wsgi.so\n";

    private static IEnumerable<AgreementCase> ThirdPartyModules()
    {
        yield return Apache("#@TOP@", WsgiModule + "Alais /media/ /srv/shop/media/", refused: true);
        yield return Apache("#@TOP@", WsgiModule + "WSGIDaemonProces shop processes=2", refused: true);
        yield return Apache("#@TOP@", WsgiModule + "<Directory /srv/shop>\nWSGIDaemonProcess shop processes=2\n</Directory>", refused: true);
        yield return Apache("#@TOP@", WsgiModule + "WSGISocketPrefix /var/run/apache2/wsgi\nWSGIRestrictEmbedded On\n"
            + "WSGIDaemonProcess shop processes=2 threads=15 display-name=%{GROUP} python-home=/srv/shop/venv python-path=/srv/shop maximum-requests=1000\n"
            + "WSGIProcessGroup shop\nWSGIApplicationGroup %{GLOBAL}\n"
            + "WSGIScriptAlias /app /srv/shop/wsgi.py process-group=shop application-group=%{GLOBAL}\n"
            + "<Directory /srv/shop>\nWSGIProcessGroup shop\n<Files wsgi.py>\nRequire all granted\n</Files>\n</Directory>", refused: false);
    }
}
