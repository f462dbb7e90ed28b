using ConfLint.Syntax;
using ConfLint.Workspace;

namespace ConfLint.Tests.Workspace;

/// <summary>A variable where nginx takes none is an envsubst placeholder unless the file gives it a value itself: then it
/// is nginx's own variable put in the wrong place, a mistake for CL000 to report, not a template to skip.</summary>
public sealed class TemplateTextTests
{
    [Theory]
    [InlineData("server {\n    fastcgi_read_timeout $FASTCGI_READ_TIMEOUT;\n}\n", "$FASTCGI_READ_TIMEOUT", 2)]
    [InlineData("server {\n    client_max_body_size ${client_max_body_size};\n}\n", "${client_max_body_size}", 2)]
    [InlineData("server {\n    set $other 1;\n    proxy_read_timeout $timeout;\n}\n", "$timeout", 3)]
    public void A_variable_in_a_value_slot_that_the_file_defines_nowhere_is_a_placeholder(string text, string marker, int line) =>
        Assert.Equal((marker, line), TemplateText.Find(text, ConfigKind.Nginx));

    [Theory]
    [InlineData("server {\n    set $timeout 20s;\n    proxy_read_timeout $timeout;\n}\n")]
    [InlineData("stream {\n    server { listen 5353; proxy_pass 127.0.0.1:9; set $t 20s;\n    proxy_timeout $t; }\n}\n")]
    [InlineData("map $host $size {\n    default 1m;\n}\nserver {\n    client_max_body_size ${size};\n}\n")]
    public void A_variable_the_file_gives_a_value_is_nginx_s_own(string text) =>
        Assert.Null(TemplateText.Find(text, ConfigKind.Nginx));
}
