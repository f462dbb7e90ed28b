namespace ConfLint.Tools.GenServerTree;

/// <summary>
/// The files Debian's nginx package lays out around the sites: nginx.conf (tab-indented, as Debian ships
/// it), mime.types, fastcgi_params, fastcgi.conf, proxy_params, the snippets and a few conf.d files.
/// </summary>
public static class NginxBaseFiles
{
    private static readonly (string Type, string Extensions)[] MimeTypes =
    [
        ("text/html", "html htm shtml"), ("text/css", "css"), ("text/xml", "xml"), ("text/plain", "txt"),
        ("text/csv", "csv"), ("text/markdown", "md"), ("text/calendar", "ics"), ("text/javascript", "mjs"),
        ("application/javascript", "js"), ("application/json", "json"), ("application/ld+json", "jsonld"),
        ("application/manifest+json", "webmanifest"), ("application/atom+xml", "atom"), ("application/rss+xml", "rss"),
        ("application/xhtml+xml", "xhtml"), ("application/pdf", "pdf"), ("application/rtf", "rtf"),
        ("application/zip", "zip"), ("application/gzip", "gz tgz"), ("application/x-7z-compressed", "7z"),
        ("application/x-tar", "tar"), ("application/x-bzip2", "bz2"), ("application/vnd.rar", "rar"),
        ("application/wasm", "wasm"), ("application/msword", "doc"), ("application/vnd.ms-excel", "xls"),
        ("application/vnd.ms-powerpoint", "ppt"),
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
        ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
        ("application/vnd.oasis.opendocument.text", "odt"), ("application/vnd.oasis.opendocument.spreadsheet", "ods"),
        ("application/epub+zip", "epub"), ("application/java-archive", "jar war ear"), ("application/x-sh", "sh"),
        ("application/octet-stream", "bin exe dll deb dmg iso img msi msp msm"), ("application/x-x509-ca-cert", "der pem crt"),
        ("image/gif", "gif"), ("image/jpeg", "jpeg jpg"), ("image/png", "png"), ("image/webp", "webp"), ("image/avif", "avif"),
        ("image/svg+xml", "svg svgz"), ("image/x-icon", "ico"), ("image/bmp", "bmp"), ("image/tiff", "tif tiff"),
        ("font/woff", "woff"), ("font/woff2", "woff2"), ("font/ttf", "ttf"), ("font/otf", "otf"),
        ("audio/mpeg", "mp3"), ("audio/ogg", "ogg oga"), ("audio/wav", "wav"), ("audio/aac", "aac"), ("audio/flac", "flac"),
        ("video/mp4", "mp4 m4v"), ("video/webm", "webm"), ("video/mpeg", "mpeg mpg"), ("video/quicktime", "mov"),
        ("video/x-msvideo", "avi"), ("video/mp2t", "ts"), ("application/vnd.apple.mpegurl", "m3u8"),
    ];

    private static readonly (string Name, string Value)[] FastCgiParams =
    [
        ("QUERY_STRING", "$query_string"), ("REQUEST_METHOD", "$request_method"), ("CONTENT_TYPE", "$content_type"),
        ("CONTENT_LENGTH", "$content_length"), ("SCRIPT_NAME", "$fastcgi_script_name"), ("REQUEST_URI", "$request_uri"),
        ("DOCUMENT_URI", "$document_uri"), ("DOCUMENT_ROOT", "$document_root"), ("SERVER_PROTOCOL", "$server_protocol"),
        ("REQUEST_SCHEME", "$scheme"), ("HTTPS", "$https if_not_empty"), ("GATEWAY_INTERFACE", "CGI/1.1"),
        ("SERVER_SOFTWARE", "nginx/$nginx_version"), ("REMOTE_ADDR", "$remote_addr"), ("REMOTE_PORT", "$remote_port"),
        ("REMOTE_USER", "$remote_user"), ("SERVER_ADDR", "$server_addr"), ("SERVER_PORT", "$server_port"),
        ("SERVER_NAME", "$server_name"),
    ];

    public static IEnumerable<GeneratedFile> Write(GeneratorOptions options)
    {
        yield return new GeneratedFile("etc/nginx/nginx.conf", NginxConf(options.Servers));
        yield return new GeneratedFile("etc/nginx/mime.types", MimeTypesFile());
        yield return new GeneratedFile("etc/nginx/fastcgi_params", FastCgiParamsFile(withScriptFilename: false));
        yield return new GeneratedFile("etc/nginx/fastcgi.conf", FastCgiParamsFile(withScriptFilename: true));
        yield return new GeneratedFile("etc/nginx/proxy_params", ProxyParams());
        yield return new GeneratedFile("etc/nginx/snippets/fastcgi-php.conf", FastCgiPhp());
        yield return new GeneratedFile("etc/nginx/snippets/snakeoil.conf",
            "# The ssl-cert package's self-signed pair: every HTTPS site shares it on this box.\n"
            + "ssl_certificate /etc/ssl/certs/ssl-cert-snakeoil.pem;\n"
            + "ssl_certificate_key /etc/ssl/private/ssl-cert-snakeoil.key;\n");
        foreach (var file in NginxConfD.Write())
        {
            yield return file;
        }
    }

    private static string NginxConf(int servers)
    {
        var w = new ConfigWriter("\t");
        w.Line("user www-data;").Line("worker_processes auto;").Line("pid /run/nginx.pid;");
        w.Line("error_log /var/log/nginx/error.log;").Line("include /etc/nginx/modules-enabled/*.conf;");
        w.Line("worker_rlimit_nofile 65535;").Line();
        w.Open("events").Line("worker_connections 4096;").Line("# multi_accept on;").Close().Line();
        w.Open("http");
        w.Line("##").Line("# Basic Settings").Line("##").Line();
        w.Line("sendfile on;").Line("tcp_nopush on;").Line("types_hash_max_size 2048;").Line("server_tokens off;").Line();
        // Up to four names a server block and one redirect map a site: hashes sized so nginx -t does not warn.
        w.Line("# Thousands of server names and map variables: the hashes need room.");
        w.Line("server_names_hash_bucket_size 128;").Line($"server_names_hash_max_size {PowerOfTwoAtLeast(4 * servers)};");
        w.Line("variables_hash_bucket_size 128;").Line($"variables_hash_max_size {PowerOfTwoAtLeast(servers + 1024)};").Line();
        w.Line("include /etc/nginx/mime.types;").Line("default_type application/octet-stream;").Line();
        w.Line("##").Line("# SSL Settings").Line("##").Line();
        w.Line("ssl_protocols TLSv1.2 TLSv1.3; # Dropping SSLv3, TLSv1 and TLSv1.1");
        w.Line("ssl_prefer_server_ciphers on;").Line("ssl_session_cache shared:SSL:50m;").Line("ssl_session_timeout 1d;").Line();
        w.Line("##").Line("# Logging Settings").Line("##").Line();
        w.Line("log_format main '$remote_addr - $remote_user [$time_local] \"$request\" '");
        w.Line("                '$status $body_bytes_sent \"$http_referer\" '");
        w.Line("                '\"$http_user_agent\" \"$http_x_forwarded_for\" rt=$request_time';");
        w.Line("access_log /var/log/nginx/access.log;").Line();
        w.Line("##").Line("# Gzip Settings").Line("##").Line();
        w.Line("gzip on;").Line("gzip_vary on;").Line("gzip_proxied any;").Line("gzip_comp_level 6;");
        w.Line("gzip_types text/plain text/css application/json application/javascript text/xml application/xml image/svg+xml;").Line();
        w.Line("##").Line("# Virtual Host Configs").Line("##").Line();
        w.Line("include /etc/nginx/conf.d/*.conf;").Line("include /etc/nginx/sites-enabled/*;");
        w.Close();
        return w.ToString();
    }

    private static string MimeTypesFile()
    {
        var w = new ConfigWriter();
        w.Open("types");
        foreach (var (type, extensions) in MimeTypes)
        {
            w.Line($"{type.PadRight(76)}{extensions};");
        }

        w.Close();
        return w.ToString();
    }

    private static string FastCgiParamsFile(bool withScriptFilename)
    {
        var w = new ConfigWriter();
        if (withScriptFilename)
        {
            w.Line("fastcgi_param  SCRIPT_FILENAME    $document_root$fastcgi_script_name;");
        }

        foreach (var (name, value) in FastCgiParams)
        {
            w.Line($"fastcgi_param  {name.PadRight(18)} {value};");
        }

        w.Line().Line("# PHP only, required if PHP was built with --enable-force-cgi-redirect");
        w.Line("fastcgi_param  REDIRECT_STATUS    200;");
        return w.ToString();
    }

    private static string ProxyParams() =>
        "proxy_set_header Host $http_host;\n"
        + "proxy_set_header X-Real-IP $remote_addr;\n"
        + "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
        + "proxy_set_header X-Forwarded-Proto $scheme;\n";

    private static string FastCgiPhp()
    {
        var w = new ConfigWriter();
        w.Line("# Split $uri into $fastcgi_script_name and $fastcgi_path_info.");
        w.Line(@"fastcgi_split_path_info ^(.+?\.php)(/.*)$;").Line();
        w.Line("# Only pass scripts that exist.").Line("try_files $fastcgi_script_name =404;").Line();
        w.Line("# try_files resets $fastcgi_path_info: keep a copy.");
        w.Line("set $path_info $fastcgi_path_info;").Line("fastcgi_param PATH_INFO $path_info;").Line();
        w.Line("fastcgi_index index.php;").Line("include fastcgi.conf;");
        return w.ToString();
    }

    private static int PowerOfTwoAtLeast(int value) => (int)Math.Max(512, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)value));
}
