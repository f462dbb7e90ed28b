// Written by tools/GenDocs from data/directives/*.txt and data/images/*.txt: do not edit, run `dotnet run --project tools/GenDocs`.
namespace ConfLint.Knowledge;

public static partial class EmbeddedTables
{
    /// <summary>A table's bytes by its folder and name (<c>directives/nginx.txt</c>); the final line break is not kept.</summary>
    internal static ReadOnlySpan<byte> Get(string name) => name switch
    {
        "directives/apache.txt" => """
# Apache 2.4 directives: every module Debian 12 ships (apache2 -L with all of them loaded) and the
# argument counts and context checks of httpd 2.4's source. Format: README.md in this folder.
# name module contexts args checks
# The modules Debian 12 ships (/usr/lib/apache2/modules), whether or not they define directives, and mod_systemd (httpd's
# modules/arch/unix/mod_systemd.c, no command table; RHEL and Fedora load it from conf.modules.d/00-systemd.conf):
@modules mod_access_compat mod_actions mod_alias mod_allowmethods mod_asis mod_auth_basic mod_auth_digest mod_auth_form mod_authn_anon mod_authn_core mod_authn_dbd mod_authn_dbm mod_authn_file mod_authn_socache mod_authnz_fcgi mod_authnz_ldap mod_authz_core mod_authz_dbd mod_authz_dbm mod_authz_groupfile mod_authz_host mod_authz_owner mod_authz_user mod_autoindex mod_brotli mod_bucketeer mod_buffer mod_cache mod_cache_disk mod_cache_socache mod_case_filter mod_case_filter_in mod_cern_meta mod_cgi mod_cgid mod_charset_lite mod_data mod_dav mod_dav_fs mod_dav_lock mod_dbd mod_deflate mod_dialup mod_dir mod_dumpio mod_echo mod_env mod_expires mod_ext_filter mod_file_cache mod_filter mod_headers mod_heartbeat mod_heartmonitor mod_http2 mod_ident mod_imagemap mod_include mod_info mod_lbmethod_bybusyness mod_lbmethod_byrequests mod_lbmethod_bytraffic mod_lbmethod_heartbeat mod_ldap mod_log_debug mod_log_forensic mod_lua mod_macro mod_md mod_mime mod_mime_magic mod_mpm_event mod_mpm_prefork mod_mpm_worker mod_negotiation mod_proxy mod_proxy_ajp mod_proxy_balancer mod_proxy_connect mod_proxy_express mod_proxy_fcgi mod_proxy_fdpass mod_proxy_ftp mod_proxy_hcheck mod_proxy_html mod_proxy_http mod_proxy_http2 mod_proxy_scgi mod_proxy_uwsgi mod_proxy_wstunnel mod_ratelimit mod_reflector mod_remoteip mod_reqtimeout mod_request mod_rewrite mod_sed mod_session mod_session_cookie mod_session_crypto mod_session_dbd mod_setenvif mod_slotmem_plain mod_slotmem_shm mod_socache_dbm mod_socache_memcache mod_socache_redis mod_socache_shmcb mod_speling mod_ssl mod_status mod_substitute mod_suexec mod_systemd mod_unique_id mod_userdir mod_usertrack mod_vhost_alias mod_xml2enc
<AuthnProviderAlias mod_authn_core s * GLOBAL_ONLY
<AuthzProviderAlias mod_authz_core s * GLOBAL_ONLY
<Directory core s * NOT_IN_DIR_CONTEXT
<DirectoryMatch core s * NOT_IN_DIR_CONTEXT
<Else core sd * NOT_IN_LIMIT
<ElseIf core sd * NOT_IN_LIMIT
<Files core sd * NOT_IN_LIMIT|NOT_IN_LOCATION
<FilesMatch core sd * NOT_IN_LIMIT|NOT_IN_LOCATION
<If core sd * NOT_IN_LIMIT
<IfDefine core sd * EXEC_ON_READ
<IfDirective core sd * EXEC_ON_READ
<IfFile core sd * EXEC_ON_READ
<IfModule core sd * EXEC_ON_READ
<IfSection core sd * EXEC_ON_READ
<IfVersion mod_version sd * EXEC_ON_READ
<Limit core d * -
<LimitExcept core d * -
<Location core s * NOT_IN_DIR_CONTEXT
<LocationMatch core s * NOT_IN_DIR_CONTEXT
<LuaHookAccessChecker mod_lua sd * -
<LuaHookAuthChecker mod_lua sd * -
<LuaHookCheckUserID mod_lua sd * -
<LuaHookFixups mod_lua sd * -
<LuaHookMapToStorage mod_lua sd * -
<LuaHookPreTranslateName mod_lua sd * -
<LuaHookTranslateName mod_lua sd * -
<LuaHookTypeChecker mod_lua sd * -
<LuaQuickHandler mod_lua sd * -
<Macro mod_macro sd * EXEC_ON_READ
<MDomain mod_md s * -
<MDomainSet mod_md s * -
<Proxy mod_proxy s * NOT_IN_DIR_CONTEXT
<ProxyMatch mod_proxy s * NOT_IN_DIR_CONTEXT
<RequireAll mod_authz_core d * -
<RequireAny mod_authz_core d * -
<RequireNone mod_authz_core d * -
<VirtualHost core s * GLOBAL_ONLY
AcceptFilter core s 2 GLOBAL_ONLY
AcceptPathInfo core sd 1 -
AccessFileName core s * NOT_IN_DIR_CONTEXT
Action mod_actions sd 23 -
AddAlt mod_autoindex sd 2+ -
AddAltByEncoding mod_autoindex sd 2+ -
AddAltByType mod_autoindex sd 2+ -
AddCharset mod_mime sd 2+ -
AddDefaultCharset core sd 1 -
AddDescription mod_autoindex sd 2+ -
AddEncoding mod_mime sd 2+ -
AddHandler mod_mime sd 2+ -
AddIcon mod_autoindex sd 2+ -
AddIconByEncoding mod_autoindex sd 2+ -
AddIconByType mod_autoindex sd 2+ -
AddInputFilter mod_mime sd 2+ -
AddLanguage mod_mime sd 2+ -
AddModuleInfo mod_info s 2 -
AddOutputFilter mod_mime sd 2+ -
AddOutputFilterByType mod_filter sd 2+ -
AddType mod_mime sd 2+ -
Alias mod_alias sd 12 NOT_IN_DIRECTORY|NOT_IN_FILES
AliasMatch mod_alias s 2 -
AliasPreservePath mod_alias sd flag -
allow mod_access_compat d 2+ -
AllowCONNECT mod_proxy_connect s 1+ -
AllowEncodedSlashes core s 1 -
AllowMethods mod_allowmethods d * -
AllowOverride core d * USELESS_IN_FILES|USELESS_IN_LOCATION
AllowOverrideList core d * USELESS_IN_FILES|USELESS_IN_LOCATION
Anonymous mod_authn_anon d 1+ -
Anonymous_LogEmail mod_authn_anon d flag -
Anonymous_MustGiveEmail mod_authn_anon d flag -
Anonymous_NoUserId mod_authn_anon d flag -
Anonymous_VerifyEmail mod_authn_anon d flag -
AsyncRequestWorkerFactor mpm_event s 1 GLOBAL_ONLY
AuthBasicAuthoritative mod_auth_basic d flag -
AuthBasicFake mod_auth_basic d 12 -
AuthBasicProvider mod_auth_basic d 1+ -
AuthBasicUseDigestAlgorithm mod_auth_basic d 1 -
AuthDBDUserPWQuery mod_authn_dbd d 1 NOT_IN_HTACCESS
AuthDBDUserRealmQuery mod_authn_dbd d 1 NOT_IN_HTACCESS
AuthDBMGroupFile mod_authz_dbm d 1 -
AuthDBMType mod_authn_dbm d 1 -
AuthDBMUserFile mod_authn_dbm d 1 -
AuthDigestAlgorithm mod_auth_digest d 1 -
AuthDigestDomain mod_auth_digest d 1+ -
AuthDigestNcCheck mod_auth_digest d flag -
AuthDigestNonceLifetime mod_auth_digest d 1 -
AuthDigestProvider mod_auth_digest d 1+ -
AuthDigestQop mod_auth_digest d 1+ -
AuthDigestShmemSize mod_auth_digest s 1 -
AuthFormAuthoritative mod_auth_form d flag -
AuthFormBody mod_auth_form d 1 -
AuthFormDisableNoStore mod_auth_form d flag -
AuthFormFakeBasicAuth mod_auth_form d flag -
AuthFormLocation mod_auth_form d 1 -
AuthFormLoginRequiredLocation mod_auth_form d 1 -
AuthFormLoginSuccessLocation mod_auth_form d 1 -
AuthFormLogoutLocation mod_auth_form d 1 -
AuthFormMethod mod_auth_form d 1 -
AuthFormMimetype mod_auth_form d 1 -
AuthFormPassword mod_auth_form d 1 -
AuthFormProvider mod_auth_form d 1+ -
AuthFormSitePassphrase mod_auth_form d 1 -
AuthFormSize mod_auth_form d 1 -
AuthFormUsername mod_auth_form d 1 -
AuthGroupFile mod_authz_groupfile d 1 -
AuthLDAPAuthorizePrefix mod_authnz_ldap d 1 -
AuthLDAPBindAuthoritative mod_authnz_ldap d flag -
AuthLDAPBindDN mod_authnz_ldap d 1 -
AuthLDAPBindPassword mod_authnz_ldap d 1 -
AuthLDAPCharsetConfig mod_authnz_ldap s 1 -
AuthLDAPCompareAsUser mod_authnz_ldap d flag -
AuthLDAPCompareDNOnServer mod_authnz_ldap d flag -
AuthLDAPDereferenceAliases mod_authnz_ldap d 1 -
AuthLDAPGroupAttribute mod_authnz_ldap d 1+ -
AuthLDAPGroupAttributeIsDN mod_authnz_ldap d flag -
AuthLDAPInitialBindAsUser mod_authnz_ldap d flag -
AuthLDAPInitialBindPattern mod_authnz_ldap d 2 -
AuthLDAPMaxSubGroupDepth mod_authnz_ldap d 1 -
AuthLDAPRemoteUserAttribute mod_authnz_ldap d 1 -
AuthLDAPRemoteUserIsDN mod_authnz_ldap d flag -
AuthLDAPSearchAsUser mod_authnz_ldap d flag -
AuthLDAPSubGroupAttribute mod_authnz_ldap d 1+ -
AuthLDAPSubGroupClass mod_authnz_ldap d 1+ -
AuthLDAPURL mod_authnz_ldap d 12 -
AuthMerging mod_authz_core d 1 -
AuthName mod_authn_core d 1 -
AuthnCacheContext mod_authn_socache d 1 -
AuthnCacheEnable mod_authn_socache s 0 GLOBAL_ONLY
AuthnCacheProvideFor mod_authn_socache d 1+ -
AuthnCacheSOCache mod_authn_socache s 1 GLOBAL_ONLY
AuthnCacheTimeout mod_authn_socache d 1 -
AuthnzFcgiCheckAuthnProvider mod_authnz_fcgi sd * -
AuthnzFcgiDefineProvider mod_authnz_fcgi s * GLOBAL_ONLY
AuthType mod_authn_core d 1 -
AuthUserFile mod_authn_file d 1 -
AuthzDBDLoginToReferer mod_authz_dbd d flag -
AuthzDBDQuery mod_authz_dbd d 1 NOT_IN_HTACCESS
AuthzDBDRedirectQuery mod_authz_dbd d 1 NOT_IN_HTACCESS
AuthzDBMType mod_authz_dbm d 1 -
AuthzSendForbiddenOnFailure mod_authz_core d flag -
BalancerGrowth mod_proxy s 1 -
BalancerInherit mod_proxy s flag -
BalancerMember mod_proxy sd * NOT_IN_HTACCESS
BalancerPersist mod_proxy s flag -
BrotliAlterETag mod_brotli s 1 -
BrotliCompressionMaxInputBlock mod_brotli s 1 -
BrotliCompressionQuality mod_brotli s 1 -
BrotliCompressionWindow mod_brotli s 1 -
BrotliFilterNote mod_brotli s 12 -
BrowserMatch mod_setenvif sd * -
BrowserMatchNoCase mod_setenvif sd * -
BufferedLogs mod_log_config s flag -
BufferSize mod_buffer d 1 -
CacheDefaultExpire mod_cache sd 1 -
CacheDetailHeader mod_cache sd flag -
CacheDirLength mod_cache_disk s 1 -
CacheDirLevels mod_cache_disk s 1 -
CacheDisable mod_cache sd 1 NOT_IN_DIRECTORY|NOT_IN_FILES|NOT_IN_LIMIT
CacheEnable mod_cache sd 12 NOT_IN_DIRECTORY|NOT_IN_FILES|NOT_IN_LIMIT
cachefile mod_file_cache s 1+ -
CacheHeader mod_cache sd flag -
CacheIgnoreCacheControl mod_cache s flag -
CacheIgnoreHeaders mod_cache s 1+ -
CacheIgnoreNoLastMod mod_cache sd flag -
CacheIgnoreQueryString mod_cache s flag -
CacheIgnoreURLSessionIdentifiers mod_cache s 1+ -
CacheKeyBaseURL mod_cache s 1 -
CacheLastModifiedFactor mod_cache sd 1 -
CacheLock mod_cache s flag -
CacheLockMaxAge mod_cache s 1 -
CacheLockPath mod_cache s 1 -
CacheMaxExpire mod_cache sd 1 -
CacheMaxFileSize mod_cache_disk sd 1 -
CacheMinExpire mod_cache sd 1 -
CacheMinFileSize mod_cache_disk sd 1 -
CacheNegotiatedDocs mod_negotiation s flag -
CacheQuickHandler mod_cache s flag -
CacheReadSize mod_cache_disk sd 1 -
CacheReadTime mod_cache_disk sd 1 -
CacheRoot mod_cache_disk s 1 -
CacheSocache mod_cache_socache s 1 -
CacheSocacheMaxSize mod_cache_socache sd 1 -
CacheSocacheMaxTime mod_cache_socache sd 1 -
CacheSocacheMinTime mod_cache_socache sd 1 -
CacheSocacheReadSize mod_cache_socache sd 1 -
CacheSocacheReadTime mod_cache_socache sd 1 -
CacheStaleOnError mod_cache sd flag -
CacheStoreExpired mod_cache sd flag -
CacheStoreNoStore mod_cache sd flag -
CacheStorePrivate mod_cache sd flag -
CaseFilter mod_case_filter s flag -
CaseFilterIn mod_case_filter_in s flag -
CGIDScriptTimeout mod_cgid sd 1 -
CGIPassAuth core d flag -
CGIScriptTimeout mod_cgi sd 1 -
CGIVar core sd 2 -
CharsetDefault mod_charset_lite sd 1 -
CharsetOptions mod_charset_lite sd 1+ -
CharsetSourceEnc mod_charset_lite sd 1 -
CheckBasenameMatch mod_speling sd flag -
CheckCaseOnly mod_speling sd flag -
CheckSpelling mod_speling sd flag -
ChrootDir mod_unixd s 1 GLOBAL_ONLY
ContentDigest core sd flag -
CookieDomain mod_usertrack sd 1 -
CookieExpires mod_usertrack sd 1 -
CookieHttpOnly mod_usertrack sd flag -
CookieName mod_usertrack sd 1 -
CookieSameSite mod_usertrack sd 1 -
CookieSecure mod_usertrack sd flag -
CookieStyle mod_usertrack sd 1 -
CookieTracking mod_usertrack sd flag -
CoreDumpDirectory core s 1 GLOBAL_ONLY
CustomLog mod_log_config s 23 -
DAV mod_dav d 1 -
DAVBasePath mod_dav d 1 -
DAVDepthInfinity mod_dav sd flag -
DAVGenericLockDB mod_dav_lock d 1 -
DAVLockDB mod_dav_fs s 1 -
DAVLockDiscovery mod_dav sd flag -
DAVMinTimeout mod_dav sd 1 -
DBDExptime mod_dbd s 1 -
DBDInitSQL mod_dbd s 1 -
DBDKeep mod_dbd s 1 -
DBDMax mod_dbd s 1 -
DBDMin mod_dbd s 1 -
DBDParams mod_dbd s 1 -
DBDPersist mod_dbd s flag -
DBDPrepareSQL mod_dbd s 12 -
DBDriver mod_dbd s 1 -
DefaultIcon mod_autoindex sd 1 -
DefaultLanguage mod_mime sd 1 -
DefaultRuntimeDir core s 1 GLOBAL_ONLY|EXEC_ON_READ
DefaultType core sd 1 -
Define core sd 12 NOT_IN_HTACCESS|EXEC_ON_READ
DeflateAlterEtag mod_deflate s 1 -
DeflateBufferSize mod_deflate s 1 -
DeflateCompressionLevel mod_deflate s 1 -
DeflateFilterNote mod_deflate s 12 -
DeflateInflateLimitRequestBody mod_deflate sd 1 -
DeflateInflateRatioBurst mod_deflate sd 1 -
DeflateInflateRatioLimit mod_deflate sd 1 -
DeflateMemLevel mod_deflate s 1 -
DeflateWindowSize mod_deflate s 1 -
deny mod_access_compat d 2+ -
DirectoryCheckHandler mod_dir sd flag -
DirectoryIndex mod_dir sd * -
DirectoryIndexRedirect mod_dir sd 1 -
DirectorySlash mod_dir sd flag -
DocumentRoot core s 1 NOT_IN_DIR_CONTEXT
DumpIOInput mod_dumpio s flag -
DumpIOOutput mod_dumpio s flag -
EnableMMAP core sd 1 -
EnableSendfile core sd 1 -
Error core sd * -
ErrorDocument core sd 2 -
ErrorLog core s 1 NOT_IN_DIR_CONTEXT
ErrorLogFormat core s 12 -
ExpiresActive mod_expires sd flag -
ExpiresByType mod_expires sd 2 -
ExpiresDefault mod_expires sd 1 -
ExtendedStatus core s flag GLOBAL_ONLY
ExtFilterDefine mod_ext_filter s * -
ExtFilterOptions mod_ext_filter d 1+ -
FallbackResource mod_dir sd 1 -
FancyIndexing mod_autoindex sd * -
FileETag core sd * -
FilterChain mod_filter sd 1+ -
FilterDeclare mod_filter sd 12 -
FilterProtocol mod_filter sd 23 -
FilterProvider mod_filter sd 3 -
FilterTrace mod_filter sd 2 -
FlushMaxPipelined core s 1 -
FlushMaxThreshold core s 1 -
ForceLanguagePriority mod_negotiation sd 1+ -
ForceType core sd 1 -
ForensicLog mod_log_forensic s 1 -
GlobalLog mod_log_config s 23 GLOBAL_ONLY
GracefulShutdownTimeout mpm_event s 1 GLOBAL_ONLY
GracefulShutdownTimeout mpm_prefork s 1 GLOBAL_ONLY
GracefulShutdownTimeout mpm_worker s 1 GLOBAL_ONLY
Group mod_unixd s 1 GLOBAL_ONLY
H2CopyFiles mod_http2 sd 1 -
H2Direct mod_http2 s 1 -
H2EarlyHint mod_http2 sd 2 -
H2EarlyHints mod_http2 s 1 -
H2MaxDataFrameLen mod_http2 s 1 -
H2MaxHeaderBlockLen mod_http2 s ? -
H2MaxSessionStreams mod_http2 s 1 -
H2MaxStreamErrors mod_http2 s ? -
H2MaxWorkerIdleSeconds mod_http2 s 1 -
H2MaxWorkers mod_http2 s 1 -
H2MinWorkers mod_http2 s 1 -
H2ModernTLSOnly mod_http2 s 1 -
H2OutputBuffering mod_http2 s 1 -
H2Padding mod_http2 s 1 -
H2ProxyRequests mod_http2 sd 1 -
H2Push mod_http2 sd 1 -
H2PushDiarySize mod_http2 s 1 -
H2PushPriority mod_http2 s 23 -
H2PushResource mod_http2 sd 123 -
H2SerializeHeaders mod_http2 s 1 -
H2SessionExtraFiles mod_http2 s 1 -
H2StreamMaxMemSize mod_http2 s 1 -
H2StreamTimeout mod_http2 s 1 -
H2TLSCoolDownSecs mod_http2 s 1 -
H2TLSWarmUpSize mod_http2 s 1 -
H2Upgrade mod_http2 sd 1 -
H2WebSockets mod_http2 s 1 -
H2WindowSize mod_http2 s 1 -
Header mod_headers sd * -
HeaderName mod_autoindex sd 1 -
HeartbeatAddress mod_heartbeat s 1 GLOBAL_ONLY
HeartbeatListen mod_heartmonitor s 1 GLOBAL_ONLY
HeartbeatMaxServers mod_heartmonitor s 1 GLOBAL_ONLY
HeartbeatStorage mod_heartmonitor s 1 GLOBAL_ONLY
HeartbeatStorage mod_lbmethod_heartbeat s 1 GLOBAL_ONLY
HostnameLookups core sd 1 -
HttpProtocolOptions core s 1+ -
IdentityCheck mod_ident sd flag -
IdentityCheckTimeout mod_ident sd 1 -
ImapBase mod_imagemap sd 1 -
ImapDefault mod_imagemap sd 1 -
ImapMenu mod_imagemap sd 1 -
Include core sd 1 EXEC_ON_READ
IncludeOptional core sd 1 EXEC_ON_READ
IndexHeadInsert mod_autoindex sd 1 -
IndexIgnore mod_autoindex sd 1+ -
IndexIgnoreReset mod_autoindex sd flag -
IndexOptions mod_autoindex sd * -
IndexOrderDefault mod_autoindex sd 2 -
IndexStyleSheet mod_autoindex sd 1 -
InputSed mod_sed d 1 -
KeepAlive http_core s flag NOT_IN_DIR_CONTEXT
KeepAliveTimeout http_core s 1 NOT_IN_DIR_CONTEXT
KeptBodySize mod_request d 1 -
LanguagePriority mod_negotiation sd 1+ -
LDAPCacheEntries util_ldap s 1 GLOBAL_ONLY
LDAPCacheTTL util_ldap s 1 GLOBAL_ONLY
LDAPConnectionPoolTTL util_ldap s 1 -
LDAPConnectionTimeout util_ldap s 1 GLOBAL_ONLY
LDAPLibraryDebug util_ldap s 1 GLOBAL_ONLY
LDAPOpCacheEntries util_ldap s 1 GLOBAL_ONLY
LDAPOpCacheTTL util_ldap s 1 GLOBAL_ONLY
LDAPReferralHopLimit util_ldap d 1 -
LDAPReferrals util_ldap d 1 -
LDAPRetries util_ldap s 1 GLOBAL_ONLY
LDAPRetryDelay util_ldap s 1 GLOBAL_ONLY
LDAPSharedCacheFile util_ldap s 1 GLOBAL_ONLY
LDAPSharedCacheSize util_ldap s 1 GLOBAL_ONLY
LDAPTimeout util_ldap s 1 GLOBAL_ONLY
LDAPTrustedClientCert util_ldap d 23 -
LDAPTrustedGlobalCert util_ldap s 23 GLOBAL_ONLY
LDAPTrustedMode util_ldap s 1 -
LDAPVerifyServerCert util_ldap s flag GLOBAL_ONLY
LimitInternalRecursion core s 12 -
LimitRequestBody core sd 1 -
LimitRequestFields core s 1 NOT_IN_DIR_CONTEXT
LimitRequestFieldsize core s 1 NOT_IN_DIR_CONTEXT
LimitRequestLine core s 1 NOT_IN_DIR_CONTEXT
LimitXMLRequestBody core sd 1 -
Listen mpm_event s * GLOBAL_ONLY
Listen mpm_prefork s * GLOBAL_ONLY
Listen mpm_worker s * GLOBAL_ONLY
ListenBacklog mpm_event s 1 GLOBAL_ONLY
ListenBacklog mpm_prefork s 1 GLOBAL_ONLY
ListenBacklog mpm_worker s 1 GLOBAL_ONLY
ListenCoresBucketsRatio mpm_event s 1 GLOBAL_ONLY
ListenCoresBucketsRatio mpm_prefork s 1 GLOBAL_ONLY
ListenCoresBucketsRatio mpm_worker s 1 GLOBAL_ONLY
ListenTCPDeferAccept mpm_event s ? -
ListenTCPDeferAccept mpm_prefork s ? -
ListenTCPDeferAccept mpm_worker s ? -
LoadFile mod_so s 1+ EXEC_ON_READ
LoadModule mod_so s 2 EXEC_ON_READ
LogFormat mod_log_config s 12 -
LogIOTrackTTFB mod_logio sd flag -
LogLevel core sd 1+ -
LogMessage mod_log_debug sd 123 -
Lua_____ByteCodeHack mod_lua sd * -
LuaAuthzProvider mod_lua s 3 GLOBAL_ONLY
LuaCodeCache mod_lua sd 1 -
LuaHookAccessChecker mod_lua sd 23 -
LuaHookAuthChecker mod_lua sd 23 -
LuaHookCheckUserID mod_lua sd 23 -
LuaHookFixups mod_lua sd 2 -
LuaHookInsertFilter mod_lua sd 2 -
LuaHookLog mod_lua sd 2 -
LuaHookMapToStorage mod_lua sd 2 -
LuaHookPreTranslateName mod_lua sd 2 -
LuaHookTranslateName mod_lua sd 23 NOT_IN_DIRECTORY|NOT_IN_FILES|NOT_IN_HTACCESS
LuaHookTypeChecker mod_lua sd 2 -
LuaInherit mod_lua sd 1 -
LuaInputFilter mod_lua sd 3 NOT_IN_DIRECTORY|NOT_IN_FILES|NOT_IN_HTACCESS
LuaMapHandler mod_lua sd 23 NOT_IN_DIRECTORY|NOT_IN_FILES|NOT_IN_HTACCESS
LuaOutputFilter mod_lua sd 3 NOT_IN_DIRECTORY|NOT_IN_FILES|NOT_IN_HTACCESS
LuaPackageCPath mod_lua sd 1 -
LuaPackagePath mod_lua sd 1 -
LuaQuickHandler mod_lua sd 2 NOT_IN_DIRECTORY|NOT_IN_FILES|NOT_IN_HTACCESS
LuaRoot mod_lua sd 1 -
LuaScope mod_lua sd 123 -
MacroIgnoreBadNesting mod_macro sd 0 -
MacroIgnoreEmptyArgs mod_macro sd 0 -
MaxClients mpm_event s 1 GLOBAL_ONLY
MaxClients mpm_prefork s 1 GLOBAL_ONLY
MaxClients mpm_worker s 1 GLOBAL_ONLY
MaxConnectionsPerChild core s 1 GLOBAL_ONLY
MaxKeepAliveRequests http_core s 1 NOT_IN_DIR_CONTEXT
MaxMemFree core s 1 GLOBAL_ONLY
MaxRangeOverlaps core sd 1 -
MaxRangeReversals core sd 1 -
MaxRanges core sd 1 -
MaxRequestsPerChild core s 1 GLOBAL_ONLY
MaxRequestWorkers mpm_event s 1 GLOBAL_ONLY
MaxRequestWorkers mpm_prefork s 1 GLOBAL_ONLY
MaxRequestWorkers mpm_worker s 1 GLOBAL_ONLY
MaxSpareServers mpm_prefork s 1 GLOBAL_ONLY
MaxSpareThreads mpm_event s 1 GLOBAL_ONLY
MaxSpareThreads mpm_worker s 1 GLOBAL_ONLY
MDActivationDelay mod_md s 1 -
MDBaseServer mod_md s 1 -
MDCACertificateFile mod_md s 1 -
MDCAChallenges mod_md s * -
MDCertificateAgreement mod_md s 1 -
MDCertificateAuthority mod_md s * -
MDCertificateCheck mod_md s 2 -
MDCertificateFile mod_md s 1 -
MDCertificateKeyFile mod_md s 1 -
MDCertificateProtocol mod_md s 1 -
MDCertificateStatus mod_md s 1 -
MDChallengeDns01 mod_md s * -
MDChallengeDns01Version mod_md s 1 -
MDCheckInterval mod_md s 1 -
MDContactEmail mod_md s 1 -
MDDriveMode mod_md s 1 -
MDExternalAccountBinding mod_md s 12 -
MDHttpProxy mod_md s 1 -
MDHttpProxyCACertificateFile mod_md s ? -
MDInitialDelay mod_md s ? -
MDMatchNames mod_md s 1 -
MDMember mod_md s * -
MDMembers mod_md s * -
MDMessageCmd mod_md s * -
MDMustStaple mod_md s 1 -
MDNotifyCmd mod_md s * -
MDomain mod_md s * -
MDPortMap mod_md s 12 -
MDPrivateKeys mod_md s * -
MDProfile mod_md s ? -
MDProfileMandatory mod_md s ? -
MDRenewMode mod_md s 1 -
MDRenewViaARI mod_md s ? -
MDRenewWindow mod_md s 1 -
MDRequireHttps mod_md sd 1 -
MDRetryDelay mod_md s 1 -
MDRetryFailover mod_md s 1 -
MDServerStatus mod_md s 1 -
MDStapleOthers mod_md s 1 -
MDStapling mod_md s 1 -
MDStaplingKeepResponse mod_md s 1 -
MDStaplingRenewWindow mod_md s 1 -
MDStoreDir mod_md s 1 -
MDStoreLocks mod_md s 1 -
MDWarnWindow mod_md s 1 -
MemcacheConnTTL mod_socache_memcache s 1 -
MergeSlashes core s flag -
MergeTrailers core s flag -
MetaDir mod_cern_meta sd 1 -
MetaFiles mod_cern_meta sd flag -
MetaSuffix mod_cern_meta sd 1 -
MimeMagicFile mod_mime_magic s 1 -
MinSpareServers mpm_prefork s 1 GLOBAL_ONLY
MinSpareThreads mpm_event s 1 GLOBAL_ONLY
MinSpareThreads mpm_worker s 1 GLOBAL_ONLY
mmapfile mod_file_cache s 1+ -
ModemStandard mod_dialup d 1 -
ModMimeUsePathInfo mod_mime d flag -
MultiviewsMatch mod_mime sd 1+ NOT_IN_LOCATION
Mutex core s * GLOBAL_ONLY
NameVirtualHost core s 1 -
NoProxy mod_proxy s 1+ -
Options core sd * -
order mod_access_compat d 1 -
OutputSed mod_sed d 1 -
PassEnv mod_env sd 1+ -
PidFile core s 1 GLOBAL_ONLY
Port core s 1 -
Protocol core s 1 NOT_IN_DIR_CONTEXT
ProtocolEcho mod_echo s flag -
Protocols core s 1+ NOT_IN_DIR_CONTEXT
ProtocolsHonorOrder core s 1 NOT_IN_DIR_CONTEXT
Proxy100Continue mod_proxy sd flag -
ProxyAddHeaders mod_proxy sd flag -
ProxyBadHeader mod_proxy s 1 -
ProxyBlock mod_proxy s 1+ -
ProxyDomain mod_proxy s 1 -
ProxyErrorOverride mod_proxy sd 1+ -
ProxyExpressDBMFile mod_proxy_express sd 1 -
ProxyExpressDBMType mod_proxy_express sd 1 -
ProxyExpressEnable mod_proxy_express sd flag -
ProxyFCGIBackendType mod_proxy_fcgi sd 1 -
ProxyFCGISetEnvIf mod_proxy_fcgi sd 23 -
ProxyFtpDirCharset mod_proxy_ftp sd 1 -
ProxyFtpEscapeWildcards mod_proxy_ftp sd flag -
ProxyFtpListOnWildcard mod_proxy_ftp sd flag -
ProxyHCExpr mod_proxy_hcheck sd * NOT_IN_HTACCESS
ProxyHCTemplate mod_proxy_hcheck sd * NOT_IN_HTACCESS
ProxyHCTPsize mod_proxy_hcheck s 1 GLOBAL_ONLY
ProxyHTMLBufSize mod_proxy_html sd 1 -
ProxyHTMLCharsetOut mod_proxy_html sd 1 -
ProxyHTMLDoctype mod_proxy_html sd 12 -
ProxyHTMLEnable mod_proxy_html sd flag -
ProxyHTMLEvents mod_proxy_html sd 1+ -
ProxyHTMLExtended mod_proxy_html sd flag -
ProxyHTMLFixups mod_proxy_html sd 1+ -
ProxyHTMLInterp mod_proxy_html sd flag -
ProxyHTMLLinks mod_proxy_html sd 2+ -
ProxyHTMLMeta mod_proxy_html sd flag -
ProxyHTMLStripComments mod_proxy_html sd flag -
ProxyHTMLURLMap mod_proxy_html sd * -
ProxyIOBufferSize mod_proxy s 1 -
ProxyMaxForwards mod_proxy s 1 -
ProxyPass mod_proxy sd * -
ProxyPassInherit mod_proxy s flag -
ProxyPassInterpolateEnv mod_proxy sd flag -
ProxyPassMatch mod_proxy sd * -
ProxyPassReverse mod_proxy sd 123 NOT_IN_DIRECTORY|NOT_IN_FILES
ProxyPassReverseCookieDomain mod_proxy sd 23 -
ProxyPassReverseCookiePath mod_proxy sd 23 -
ProxyPreserveHost mod_proxy sd flag -
ProxyReceiveBufferSize mod_proxy s 1 -
ProxyRemote mod_proxy s 23 -
ProxyRemoteMatch mod_proxy s 23 -
ProxyRequests mod_proxy s flag -
ProxySCGIInternalRedirect mod_proxy_scgi sd 1 -
ProxySCGISendfile mod_proxy_scgi sd 1 -
ProxySet mod_proxy sd * NOT_IN_HTACCESS
ProxySourceAddress mod_proxy s 1 -
ProxyStatus mod_proxy s 1 -
ProxyTimeout mod_proxy s 1 -
ProxyVia mod_proxy s 1 -
ProxyWebsocketFallbackToProxyHttp mod_proxy_wstunnel sd flag -
QualifyRedirectURL core sd flag -
ReadBufferSize core sd 1 -
ReadmeName mod_autoindex sd 1 -
ReceiveBufferSize mpm_event s 1 GLOBAL_ONLY
ReceiveBufferSize mpm_prefork s 1 GLOBAL_ONLY
ReceiveBufferSize mpm_worker s 1 GLOBAL_ONLY
Redirect mod_alias sd 123 -
RedirectMatch mod_alias sd 23 -
RedirectPermanent mod_alias sd 2 -
RedirectRelative mod_alias sd flag -
RedirectTemp mod_alias sd 2 -
RedisConnPoolTTL mod_socache_redis s 1 -
RedisTimeout mod_socache_redis s 1 -
ReflectorHeader mod_reflector sd 12 -
RegexDefaultOptions core s * GLOBAL_ONLY
RegisterHttpMethod core s 1+ GLOBAL_ONLY
RemoteIPHeader mod_remoteip s 1 -
RemoteIPInternalProxy mod_remoteip s 1+ -
RemoteIPInternalProxyList mod_remoteip s 1 -
RemoteIPProxiesHeader mod_remoteip s 1 -
RemoteIPProxyProtocol mod_remoteip s flag -
RemoteIPProxyProtocolExceptions mod_remoteip s * -
RemoteIPTrustedProxy mod_remoteip s 1+ -
RemoteIPTrustedProxyList mod_remoteip s 1 -
RemoveCharset mod_mime sd 1+ -
RemoveEncoding mod_mime sd 1+ -
RemoveHandler mod_mime sd 1+ -
RemoveInputFilter mod_mime sd 1+ -
RemoveLanguage mod_mime sd 1+ -
RemoveOutputFilter mod_mime sd 1+ -
RemoveType mod_mime sd 1+ -
RequestHeader mod_headers sd * -
RequestReadTimeout mod_reqtimeout s * -
Require mod_authz_core d * -
RewriteBase mod_rewrite sd 1 -
RewriteCond mod_rewrite sd * -
RewriteEngine mod_rewrite sd flag -
RewriteMap mod_rewrite s 23 -
RewriteOptions mod_rewrite sd 1+ -
RewriteRule mod_rewrite sd * -
RLimitCPU core sd 12 -
RLimitMEM core sd 12 -
RLimitNPROC core sd 12 -
Satisfy mod_access_compat d 1 -
ScoreBoardFile core s 1 GLOBAL_ONLY
Script mod_actions sd 2 -
ScriptAlias mod_alias sd 12 NOT_IN_DIRECTORY|NOT_IN_FILES
ScriptAliasMatch mod_alias s 2 -
ScriptLog mod_cgi s 1 -
ScriptLog mod_cgid s 1 -
ScriptLogBuffer mod_cgi s 1 -
ScriptLogBuffer mod_cgid s 1 -
ScriptLogLength mod_cgi s 1 -
ScriptLogLength mod_cgid s 1 -
ScriptSock mod_cgid s 1 GLOBAL_ONLY
SeeRequestTail core s flag GLOBAL_ONLY
SendBufferSize mpm_event s 1 GLOBAL_ONLY
SendBufferSize mpm_prefork s 1 GLOBAL_ONLY
SendBufferSize mpm_worker s 1 GLOBAL_ONLY
ServerAdmin core s 1 NOT_IN_DIR_CONTEXT
ServerAlias core s * -
ServerLimit mpm_event s 1 GLOBAL_ONLY
ServerLimit mpm_prefork s 1 GLOBAL_ONLY
ServerLimit mpm_worker s 1 GLOBAL_ONLY
ServerName core s 1 NOT_IN_DIR_CONTEXT
ServerPath core s 1 NOT_IN_DIR_CONTEXT
ServerRoot core s 1 GLOBAL_ONLY|EXEC_ON_READ
ServerSignature core sd 1 -
ServerTokens core s 1 GLOBAL_ONLY
Session mod_session sd flag -
SessionCookieName mod_session_cookie sd * -
SessionCookieName2 mod_session_cookie sd * -
SessionCookieRemove mod_session_cookie sd flag -
SessionCryptoCipher mod_session_crypto sd 1 -
SessionCryptoDriver mod_session_crypto s * -
SessionCryptoPassphrase mod_session_crypto sd 1+ -
SessionCryptoPassphraseFile mod_session_crypto sd 1 -
SessionDBDCookieName mod_session_dbd sd * -
SessionDBDCookieName2 mod_session_dbd sd * -
SessionDBDCookieRemove mod_session_dbd sd flag -
SessionDBDDeleteLabel mod_session_dbd sd 1 -
SessionDBDInsertLabel mod_session_dbd sd 1 -
SessionDBDPerUser mod_session_dbd sd flag -
SessionDBDSelectLabel mod_session_dbd sd 1 -
SessionDBDUpdateLabel mod_session_dbd sd 1 -
SessionEnv mod_session sd flag -
SessionExclude mod_session sd 1 -
SessionExpiryUpdateInterval mod_session sd 1 -
SessionHeader mod_session sd 1 -
SessionInclude mod_session sd 1 -
SessionMaxAge mod_session sd 1 -
SetEnv mod_env sd 12 -
SetEnvIf mod_setenvif sd * -
SetEnvIfExpr mod_setenvif sd * -
SetEnvIfNoCase mod_setenvif sd * -
SetHandler core sd 1 -
SetInputFilter core sd 1 -
SetOutputFilter core sd 1 -
SSIEndTag mod_include s 1 -
SSIErrorMsg mod_include sd 1 -
SSIEtag mod_include d flag -
SSILastModified mod_include d flag -
SSILegacyExprParser mod_include d flag -
SSIStartTag mod_include s 1 -
SSITimeFormat mod_include sd 1 -
SSIUndefinedEcho mod_include sd 1 -
SSLCACertificateFile mod_ssl sd 1 -
SSLCACertificatePath mod_ssl sd 1 -
SSLCADNRequestFile mod_ssl s 1 -
SSLCADNRequestPath mod_ssl s 1 -
SSLCARevocationCheck mod_ssl s * -
SSLCARevocationFile mod_ssl s 1 -
SSLCARevocationPath mod_ssl s 1 -
SSLCertificateChainFile mod_ssl s 1 -
SSLCertificateFile mod_ssl s 1 -
SSLCertificateKeyFile mod_ssl s 1 -
SSLCipherSuite mod_ssl sd 12 -
SSLCompression mod_ssl s flag -
SSLCryptoDevice mod_ssl s 1 -
SSLEngine mod_ssl s 1 -
SSLFIPS mod_ssl s flag -
SSLHonorCipherOrder mod_ssl s flag -
SSLInsecureRenegotiation mod_ssl s flag -
SSLLog mod_ssl sd * -
SSLLogLevel mod_ssl sd * -
SSLOCSPDefaultResponder mod_ssl s 1 -
SSLOCSPEnable mod_ssl s * -
SSLOCSPNoVerify mod_ssl s flag -
SSLOCSPOverrideResponder mod_ssl s flag -
SSLOCSPProxyURL mod_ssl s 1 -
SSLOCSPResponderCertificateFile mod_ssl s 1 -
SSLOCSPResponderTimeout mod_ssl s 1 -
SSLOCSPResponseMaxAge mod_ssl s 1 -
SSLOCSPResponseTimeSkew mod_ssl s 1 -
SSLOCSPUseRequestNonce mod_ssl s flag -
SSLOpenSSLConfCmd mod_ssl s 2 -
SSLOptions mod_ssl sd * -
SSLPassPhraseDialog mod_ssl s 1 -
SSLProtocol mod_ssl s * -
SSLProxyCACertificateFile mod_ssl s 1 -
SSLProxyCACertificatePath mod_ssl s 1 -
SSLProxyCARevocationCheck mod_ssl s * -
SSLProxyCARevocationFile mod_ssl s 1 -
SSLProxyCARevocationPath mod_ssl s 1 -
SSLProxyCheckPeerCN mod_ssl s flag -
SSLProxyCheckPeerExpire mod_ssl s flag -
SSLProxyCheckPeerName mod_ssl s flag -
SSLProxyCipherSuite mod_ssl s 12 -
SSLProxyEngine mod_ssl s flag -
SSLProxyMachineCertificateChainFile mod_ssl s 1 -
SSLProxyMachineCertificateFile mod_ssl s 1 -
SSLProxyMachineCertificatePath mod_ssl s 1 -
SSLProxyProtocol mod_ssl s * -
SSLProxyVerify mod_ssl s 1 -
SSLProxyVerifyDepth mod_ssl s 1 -
SSLRandomSeed mod_ssl s 23 -
SSLRenegBufferSize mod_ssl d 1 -
SSLRequire mod_ssl d * -
SSLRequireSSL mod_ssl d 0 -
SSLSessionCache mod_ssl s 1 -
SSLSessionCacheTimeout mod_ssl s 1 -
SSLSessionTicketKeyFile mod_ssl s 1 -
SSLSessionTickets mod_ssl s flag -
SSLSRPUnknownUserSeed mod_ssl s 1 -
SSLSRPVerifierFile mod_ssl s 1 -
SSLStaplingCache mod_ssl s 1 -
SSLStaplingErrorCacheTimeout mod_ssl s 1 -
SSLStaplingFakeTryLater mod_ssl s flag -
SSLStaplingForceURL mod_ssl s 1 -
SSLStaplingResponderTimeout mod_ssl s 1 -
SSLStaplingResponseMaxAge mod_ssl s 1 -
SSLStaplingResponseTimeSkew mod_ssl s 1 -
SSLStaplingReturnResponderErrors mod_ssl s flag -
SSLStaplingStandardCacheTimeout mod_ssl s 1 -
SSLStrictSNIVHostCheck mod_ssl s flag -
SSLUserName mod_ssl sd 1 -
SSLUseStapling mod_ssl s flag -
SSLVerifyClient mod_ssl sd 1 -
SSLVerifyDepth mod_ssl sd 1 -
SSLVHostSNIPolicy mod_ssl s ? -
StartServers mpm_event s 1 GLOBAL_ONLY
StartServers mpm_prefork s 1 GLOBAL_ONLY
StartServers mpm_worker s 1 GLOBAL_ONLY
StrictHostCheck core s flag -
Substitute mod_substitute sd 1 -
SubstituteInheritBefore mod_substitute sd flag -
SubstituteMaxLineLength mod_substitute sd 1 -
Suexec mod_unixd s flag GLOBAL_ONLY
SuexecUserGroup mod_suexec s 2 NOT_IN_DIR_CONTEXT
ThreadLimit mpm_event s 1 GLOBAL_ONLY
ThreadLimit mpm_worker s 1 GLOBAL_ONLY
ThreadsPerChild mpm_event s 1 GLOBAL_ONLY
ThreadsPerChild mpm_worker s 1 GLOBAL_ONLY
ThreadStackSize core s 1 GLOBAL_ONLY
Timeout core s 1 NOT_IN_DIR_CONTEXT
TraceEnable core s 1 -
TransferLog mod_log_config s 1 -
TypesConfig mod_mime s 1 -
UnDefine core sd 1 NOT_IN_HTACCESS|EXEC_ON_READ
UndefMacro mod_macro sd 1 EXEC_ON_READ
UnsetEnv mod_env sd 1+ -
Use mod_macro sd * EXEC_ON_READ
UseCanonicalName core sd 1 -
UseCanonicalPhysicalPort core sd 1 -
User mod_unixd s 1 GLOBAL_ONLY
UserDir mod_userdir s * -
VirtualDocumentRoot mod_vhost_alias s 1 -
VirtualDocumentRootIP mod_vhost_alias s 1 -
VirtualScriptAlias mod_vhost_alias s 1 -
VirtualScriptAliasIP mod_vhost_alias s 1 -
WatchdogInterval mod_watchdog s ? -
XBitHack mod_include sd 1 -
xml2EncAlias mod_xml2enc s 2+ -
xml2EncDefault mod_xml2enc sd 1 -
xml2StartParse mod_xml2enc sd 1+ -
# Third-party modules Debian packages outside apache2 (libapache2-mod-*), and mod_php. Loading one keeps CL000's
# unknown-directive check on. `@module SOURCE ID` names the module structure LoadModule reads (its first argument)
# and the source file httpd knows it by (<IfModule mod_php.c>); a .so named otherwise (libphp8.2.so) is matched by
# the identifier. Lines from each module's command table (AP_INIT_*): mod_wsgi 4.9.4 (Debian 12) and 6.0.5, mod_php
# (php-src sapi/apache2handler/apache_config.c; mod_php 8's php_module, 7's php7_module, 5's php5_module),
# ModSecurity 2.9.7 (apache2_config.c without HTACCESS_CONFIG), mod_auth_openidc 2.4.12.3 (Debian 12) and its
# current cfg/cmds.c (a count that differs between the two is `?`), mod_auth_mellon, mod_fcgid 2.3.9, mod_jk
# (tomcat-connectors native/apache-2.0), mod_evasive20, mod_ruid2, mod_xsendfile, mod_maxminddb, mod_cloudflare,
# Phusion Passenger's mod_passenger (src/apache2_module/ConfigGeneral/AutoGeneratedDefinitions.cpp of 6.0.24, whose
# names are those of Debian 12's libapache2-mod-passenger 6.0.17 but PassengerCustomErrorPage; the old Rails*, Rack*
# and UnionStation* names are still in its table; its server-wide options inside <VirtualHost> only warn, so `-`).
# Contexts from the override mask as httpd applies it: RSRC_CONF or OR_OPTIONS/OR_FILEINFO/OR_INDEXES allow `s`,
# ACCESS_CONF or any OR_* allow `d` (OR_AUTHCFG alone is `d`: the server level's override leaves it out); the
# handlers' own ap_check_cmd_context calls are not read (`-`).
@module mod_wsgi wsgi_module
@module mod_php php_module
@module mod_php7 php7_module
@module mod_php5 php5_module
@module mod_security2 security2_module
@module mod_auth_openidc auth_openidc_module
@module mod_auth_mellon auth_mellon_module
@module mod_fcgid fcgid_module
@module mod_jk jk_module
@module mod_evasive20 evasive20_module
@module mod_ruid2 ruid2_module
@module mod_xsendfile xsendfile_module
@module mod_maxminddb maxminddb_module
@module mod_cloudflare cloudflare_module
@module mod_passenger passenger_module
WSGIScriptAlias mod_wsgi s * -
WSGIScriptAliasMatch mod_wsgi s * -
WSGIDaemonProcess mod_wsgi s * -
WSGISocketPrefix mod_wsgi s 1 -
WSGISocketRotation mod_wsgi s 1 -
WSGIAcceptMutex mod_wsgi s 1 -
WSGIVerboseDebugging mod_wsgi s 1 -
WSGIDontWriteBytecode mod_wsgi s 1 -
WSGIPythonWarnings mod_wsgi s 1 -
WSGIPythonOptimize mod_wsgi s 1 -
WSGIPythonHome mod_wsgi s 1 -
WSGIPythonPath mod_wsgi s 1 -
WSGIPythonEggs mod_wsgi s 1 -
WSGIPythonHashSeed mod_wsgi s 1 -
WSGISwitchInterval mod_wsgi s 1 -
WSGIDestroyInterpreter mod_wsgi s 1 -
WSGIPerInterpreterGIL mod_wsgi s 1 -
WSGIFreeThreading mod_wsgi s 1 -
<WSGIInterpreterOptions mod_wsgi s * -
WSGIRestrictEmbedded mod_wsgi s 1 -
WSGIRestrictStdin mod_wsgi s 1 -
WSGIRestrictStdout mod_wsgi s 1 -
WSGIRestrictSignal mod_wsgi s 1 -
WSGICaseSensitivity mod_wsgi s 1 -
WSGIRestrictProcess mod_wsgi sd * -
WSGIProcessGroup mod_wsgi sd 1 -
WSGIApplicationGroup mod_wsgi sd 1 -
WSGICallableObject mod_wsgi sd 1 -
WSGIImportScript mod_wsgi s * -
WSGIDispatchScript mod_wsgi sd * -
WSGIPassApacheRequest mod_wsgi sd 1 -
WSGIPassAuthorization mod_wsgi sd 1 -
WSGIScriptReloading mod_wsgi sd 1 -
WSGIErrorOverride mod_wsgi sd 1 -
WSGIChunkedRequest mod_wsgi sd 1 -
WSGIMapHEADToGET mod_wsgi sd 1 -
WSGIIgnoreActivity mod_wsgi sd 1 -
WSGITrustedProxyHeaders mod_wsgi sd * -
WSGITrustedProxies mod_wsgi sd * -
WSGIEnableSendfile mod_wsgi sd 1 -
WSGIAccessScript mod_wsgi d * -
WSGIAuthUserScript mod_wsgi d * -
WSGIAuthGroupScript mod_wsgi d * -
WSGIGroupAuthoritative mod_wsgi d 1 -
WSGIHandlerScript mod_wsgi sd * -
WSGIServerMetrics mod_wsgi s 1 -
WSGITelemetryService mod_wsgi s 12 -
WSGISlowRequests mod_wsgi s 1 -
WSGITelemetryOptions mod_wsgi s * -
FcgidAccessChecker mod_fcgid sd 1 -
FcgidAccessCheckerAuthoritative mod_fcgid sd flag -
FcgidAuthenticator mod_fcgid sd 1 -
FcgidAuthenticatorAuthoritative mod_fcgid sd flag -
FcgidAuthorizer mod_fcgid sd 1 -
FcgidAuthorizerAuthoritative mod_fcgid sd flag -
FcgidBusyScanInterval mod_fcgid s 1 -
FcgidBusyTimeout mod_fcgid s 1 -
FcgidCmdOptions mod_fcgid s * -
FcgidInitialEnv mod_fcgid s 12 -
FcgidMaxProcessesPerClass mod_fcgid s 1 -
FcgidMinProcessesPerClass mod_fcgid s 1 -
FcgidErrorScanInterval mod_fcgid s 1 -
FcgidIdleScanInterval mod_fcgid s 1 -
FcgidIdleTimeout mod_fcgid s 1 -
FcgidIOTimeout mod_fcgid s 1 -
FcgidConnectTimeout mod_fcgid s 1 -
FcgidMaxProcesses mod_fcgid s 1 -
FcgidMaxRequestInMem mod_fcgid s 1 -
FcgidMaxRequestLen mod_fcgid s 1 -
FcgidMaxRequestsPerProcess mod_fcgid s 1 -
FcgidOutputBufferSize mod_fcgid s 1 -
FcgidPassHeader mod_fcgid s 1 -
FcgidFixPathinfo mod_fcgid s 1 -
FcgidProcessLifeTime mod_fcgid s 1 -
FcgidProcessTableFile mod_fcgid s 1 -
FcgidIPCDir mod_fcgid s 1 -
FcgidSpawnScore mod_fcgid s 1 -
FcgidSpawnScoreUpLimit mod_fcgid s 1 -
FcgidTerminationScore mod_fcgid s 1 -
FcgidTimeScore mod_fcgid s 1 -
FcgidWrapper mod_fcgid sd 123 -
FcgidZombieScanInterval mod_fcgid s 1 -
FcgidWin32PreventOrphans mod_fcgid s flag -
BusyScanInterval mod_fcgid s 1 -
BusyTimeout mod_fcgid s 1 -
DefaultInitEnv mod_fcgid s 12 -
DefaultMaxClassProcessCount mod_fcgid s 1 -
DefaultMinClassProcessCount mod_fcgid s 1 -
ErrorScanInterval mod_fcgid s 1 -
FastCgiAccessChecker mod_fcgid sd 1 -
FastCgiAccessCheckerAuthoritative mod_fcgid sd flag -
FastCgiAuthenticator mod_fcgid sd 1 -
FastCgiAuthenticatorAuthoritative mod_fcgid sd flag -
FastCgiAuthorizer mod_fcgid sd 1 -
FastCgiAuthorizerAuthoritative mod_fcgid sd flag -
FCGIWrapper mod_fcgid sd 123 -
IdleScanInterval mod_fcgid s 1 -
IdleTimeout mod_fcgid s 1 -
IPCCommTimeout mod_fcgid s 1 -
IPCConnectTimeout mod_fcgid s 1 -
MaxProcessCount mod_fcgid s 1 -
MaxRequestInMem mod_fcgid s 1 -
MaxRequestLen mod_fcgid s 1 -
MaxRequestsPerProcess mod_fcgid s 1 -
OutputBufferSize mod_fcgid s 1 -
PassHeader mod_fcgid s 1 -
PHP_Fix_Pathinfo_Enable mod_fcgid s 1 -
ProcessLifeTime mod_fcgid s 1 -
SharememPath mod_fcgid s 1 -
SocketPath mod_fcgid s 1 -
SpawnScore mod_fcgid s 1 -
SpawnScoreUpLimit mod_fcgid s 1 -
TerminationScore mod_fcgid s 1 -
TimeScore mod_fcgid s 1 -
ZombieScanInterval mod_fcgid s 1 -
JkWorkersFile mod_jk s 1 -
JkMountFile mod_jk s 1 -
JkMountFileReload mod_jk s 1 -
JkWatchdogInterval mod_jk s 1 -
JkMount mod_jk sd 12 -
JkUnMount mod_jk sd 12 -
JkMountCopy mod_jk s 1 -
JkStripSession mod_jk s 12 -
JkLogFile mod_jk s 1 -
JkShmFile mod_jk s 1 -
JkShmSize mod_jk s 1 -
JkLogLevel mod_jk s 1 -
JkLogStampFormat mod_jk s 1 -
JkRequestLogFormat mod_jk s 1 -
JkAutoAlias mod_jk s 1 -
JkWorkerIndicator mod_jk s 1 -
JkRequestIdIndicator mod_jk s 1 -
JkRemoteAddrIndicator mod_jk s 1 -
JkRemotePortIndicator mod_jk s 1 -
JkRemoteHostIndicator mod_jk s 1 -
JkRemoteUserIndicator mod_jk s 1 -
JkAuthTypeIndicator mod_jk s 1 -
JkLocalNameIndicator mod_jk s 1 -
JkLocalAddrIndicator mod_jk s 1 -
JkLocalPortIndicator mod_jk s 1 -
JkIgnoreCLIndicator mod_jk s 1 -
JkHTTPSIndicator mod_jk s 1 -
JkSSLPROTOCOLIndicator mod_jk s 1 -
JkCERTSIndicator mod_jk s 1 -
JkCIPHERIndicator mod_jk s 1 -
JkSESSIONIndicator mod_jk s 1 -
JkKEYSIZEIndicator mod_jk s 1 -
JkCERTCHAINPrefix mod_jk s 1 -
JkExtractSSL mod_jk s flag -
JkOptions mod_jk s * -
JkEnvVar mod_jk s 12 -
JkWorkerProperty mod_jk s * -
CloudFlareRemoteIPHeader mod_cloudflare s 1 -
CloudFlareRemoteIPTrustedProxy mod_cloudflare s 1+ -
DenyAllButCloudFlare mod_cloudflare s 0 -
DOSHashTableSize mod_evasive20 s 1 -
DOSPageCount mod_evasive20 s 1 -
DOSSiteCount mod_evasive20 s 1 -
DOSPageInterval mod_evasive20 s 1 -
DOSSiteInterval mod_evasive20 s 1 -
DOSBlockingPeriod mod_evasive20 s 1 -
DOSEmailNotify mod_evasive20 s 1 -
DOSLogDir mod_evasive20 s 1 -
DOSSystemCommand mod_evasive20 s 1 -
DOSWhitelist mod_evasive20 s 1+ -
MellonCacheSize mod_auth_mellon s 1 -
MellonCacheEntrySize mod_auth_mellon s 1 -
MellonLockFile mod_auth_mellon s 1 -
MellonPostDirectory mod_auth_mellon s 1 -
MellonPostTTL mod_auth_mellon s 1 -
MellonPostCount mod_auth_mellon s 1 -
MellonPostSize mod_auth_mellon s 1 -
MellonDiagnosticsFile mod_auth_mellon s 1 -
MellonDiagnosticsEnable mod_auth_mellon s 1+ -
MellonEnable mod_auth_mellon d 1 -
MellonDecoder mod_auth_mellon d 1 -
MellonVariable mod_auth_mellon d 1 -
MellonSecureCookie mod_auth_mellon d 1 -
MellonCookieDomain mod_auth_mellon d 1 -
MellonCookiePath mod_auth_mellon d 1 -
MellonCookieSameSite mod_auth_mellon d 1 -
MellonUser mod_auth_mellon d 1 -
MellonIdP mod_auth_mellon d 1 -
MellonSetEnv mod_auth_mellon d 2 -
MellonSetEnvNoPrefix mod_auth_mellon d 2 -
MellonEnvPrefix mod_auth_mellon d 1 -
MellonSessionDump mod_auth_mellon d flag -
MellonSamlResponseDump mod_auth_mellon d flag -
MellonRequire mod_auth_mellon d * -
MellonCond mod_auth_mellon d 23 -
MellonSessionLength mod_auth_mellon d 1 -
MellonSessionIdleTimeout mod_auth_mellon d 1 -
MellonNoCookieErrorPage mod_auth_mellon d 1 -
MellonNoSuccessErrorPage mod_auth_mellon d 1 -
MellonSPMetadataFile mod_auth_mellon d 1 -
MellonSPPrivateKeyFile mod_auth_mellon d 1 -
MellonSPCertFile mod_auth_mellon d 1 -
MellonIdPMetadataFile mod_auth_mellon d 12 -
MellonIdPMetadataGlob mod_auth_mellon d 12 -
MellonIdPPublicKeyFile mod_auth_mellon d 1 -
MellonIdPCAFile mod_auth_mellon d 1 -
MellonIdPIgnore mod_auth_mellon d * -
MellonSPentityId mod_auth_mellon d 1 -
MellonOrganizationName mod_auth_mellon d 12 -
MellonOrganizationDisplayName mod_auth_mellon d 12 -
MellonOrganizationURL mod_auth_mellon d 12 -
MellonDefaultLoginPath mod_auth_mellon d 1 -
MellonDiscoveryURL mod_auth_mellon d 1 -
MellonProbeDiscoveryTimeout mod_auth_mellon d 1 -
MellonProbeDiscoveryIdP mod_auth_mellon d 12 -
MellonEndpointPath mod_auth_mellon d 1 -
MellonAuthnContextClassRef mod_auth_mellon d 1 -
MellonAuthnContextComparisonType mod_auth_mellon d 1 -
MellonSubjectConfirmationDataAddressCheck mod_auth_mellon d flag -
MellonSendCacheControlHeader mod_auth_mellon d flag -
MellonDoNotVerifyLogoutSignature mod_auth_mellon d 1 -
MellonPostReplay mod_auth_mellon d flag -
MellonMergeEnvVars mod_auth_mellon d 12 -
MellonEnvVarsIndexStart mod_auth_mellon d 1 -
MellonEnvVarsSetCount mod_auth_mellon d flag -
MellonECPSendIDPList mod_auth_mellon d flag -
MellonRedirectDomains mod_auth_mellon d * -
MellonSignatureMethod mod_auth_mellon d 1 -
MellonEnabledInvalidateSessionEndpoint mod_auth_mellon d 1 -
MellonSendExpectHeader mod_auth_mellon d 1 -
MaxMindDBEnable mod_maxminddb sd flag -
MaxMindDBSetNotes mod_maxminddb sd flag -
MaxMindDBFile mod_maxminddb sd 2 -
MaxMindDBEnv mod_maxminddb sd 2 -
MaxMindDBNetworkEnv mod_maxminddb sd 2 -
RMode mod_ruid2 sd 1 -
RUidGid mod_ruid2 sd 2 -
RGroups mod_ruid2 sd 1+ -
RDefaultUidGid mod_ruid2 s 2 -
RMinUidGid mod_ruid2 s 2 -
RDocumentChRoot mod_ruid2 s 2 -
XSendFile mod_xsendfile sd flag -
XSendFileIgnoreEtag mod_xsendfile sd flag -
XSendFileIgnoreLastModified mod_xsendfile sd flag -
XSendFileUnescape mod_xsendfile sd flag -
XSendFilePath mod_xsendfile sd 12 -
WSGILazyInitialization mod_wsgi s 1 -
WSGIPy3kWarningFlag mod_wsgi s 1 -
WSGIUserAuthoritative mod_wsgi d 1 -
WSGINewRelicConfigFile mod_wsgi s 1 -
WSGINewRelicEnvironment mod_wsgi s 1 -
OIDCProviderMetadataURL mod_auth_openidc s 1 -
OIDCProviderIssuer mod_auth_openidc s 1 -
OIDCProviderAuthorizationEndpoint mod_auth_openidc s 1 -
OIDCProviderTokenEndpoint mod_auth_openidc s 1 -
OIDCProviderTokenEndpointAuth mod_auth_openidc s 1 -
OIDCProviderTokenEndpointParams mod_auth_openidc s 1 -
OIDCProviderRegistrationEndpointJson mod_auth_openidc s 1 -
OIDCProviderUserInfoEndpoint mod_auth_openidc s ? -
OIDCProviderRevocationEndpoint mod_auth_openidc s ? -
OIDCProviderCheckSessionIFrame mod_auth_openidc s 1 -
OIDCProviderEndSessionEndpoint mod_auth_openidc s 1 -
OIDCProviderBackChannelLogoutSupported mod_auth_openidc s ? -
OIDCProviderJwksUri mod_auth_openidc s 1 -
OIDCProviderVerifyCertFiles mod_auth_openidc s 1+ -
OIDCResponseType mod_auth_openidc s 1 -
OIDCResponseMode mod_auth_openidc s 1 -
OIDCPublicKeyFiles mod_auth_openidc s 1+ -
OIDCPrivateKeyFiles mod_auth_openidc s 1+ -
OIDCClientJwksUri mod_auth_openidc s 1 -
OIDCIDTokenSignedResponseAlg mod_auth_openidc s 1 -
OIDCIDTokenEncryptedResponseAlg mod_auth_openidc s 1 -
OIDCIDTokenEncryptedResponseEnc mod_auth_openidc s 1 -
OIDCUserInfoSignedResponseAlg mod_auth_openidc s 1 -
OIDCUserInfoEncryptedResponseAlg mod_auth_openidc s 1 -
OIDCUserInfoEncryptedResponseEnc mod_auth_openidc s 1 -
OIDCUserInfoTokenMethod mod_auth_openidc s 1 -
OIDCTokenBindingPolicy mod_auth_openidc s 1 -
OIDCSSLValidateServer mod_auth_openidc s 1 -
OIDCValidateIssuer mod_auth_openidc s 1 -
OIDCClientName mod_auth_openidc s 1 -
OIDCClientContact mod_auth_openidc s 1 -
OIDCScope mod_auth_openidc s 1 -
OIDCPathScope mod_auth_openidc sd 1 -
OIDCJWKSRefreshInterval mod_auth_openidc s 1 -
OIDCIDTokenIatSlack mod_auth_openidc s 1 -
OIDCSessionMaxDuration mod_auth_openidc s 1 -
OIDCAuthRequestParams mod_auth_openidc s 1 -
OIDCPathAuthRequestParams mod_auth_openidc sd 1 -
OIDCPKCEMethod mod_auth_openidc s 1 -
OIDCClientID mod_auth_openidc s 1 -
OIDCClientSecret mod_auth_openidc s 1 -
OIDCClientTokenEndpointCert mod_auth_openidc s 1 -
OIDCClientTokenEndpointKey mod_auth_openidc s 1 -
OIDCClientTokenEndpointKeyPassword mod_auth_openidc s 1 -
OIDCRedirectURI mod_auth_openidc s 1 -
OIDCDefaultURL mod_auth_openidc s 1 -
OIDCDefaultLoggedOutURL mod_auth_openidc s 1 -
OIDCCookieDomain mod_auth_openidc s 1 -
OIDCCookieHTTPOnly mod_auth_openidc s ? -
OIDCCookieSameSite mod_auth_openidc s ? -
OIDCOutgoingProxy mod_auth_openidc s ? -
OIDCCryptoPassphrase mod_auth_openidc s ? -
OIDCClaimDelimiter mod_auth_openidc s 1 -
OIDCClaimPrefix mod_auth_openidc s * -
OIDCRemoteUserClaim mod_auth_openidc s 123 -
OIDCPassIDTokenAs mod_auth_openidc sd ? -
OIDCPassUserInfoAs mod_auth_openidc sd ? -
OIDCOAuthClientID mod_auth_openidc s 1 -
OIDCOAuthClientSecret mod_auth_openidc s 1 -
OIDCOAuthIntrospectionEndpoint mod_auth_openidc s 1 -
OIDCOAuthIntrospectionEndpointMethod mod_auth_openidc s 1 -
OIDCOAuthIntrospectionEndpointParams mod_auth_openidc s 1 -
OIDCOAuthIntrospectionEndpointAuth mod_auth_openidc s 1 -
OIDCOAuthIntrospectionClientAuthBearerToken mod_auth_openidc s * -
OIDCOAuthIntrospectionEndpointCert mod_auth_openidc s 1 -
OIDCOAuthIntrospectionEndpointKey mod_auth_openidc s 1 -
OIDCOAuthIntrospectionTokenParamName mod_auth_openidc s 1 -
OIDCOAuthTokenExpiryClaim mod_auth_openidc s 123 -
OIDCOAuthSSLValidateServer mod_auth_openidc s 1 -
OIDCOAuthRemoteUserClaim mod_auth_openidc s 123 -
OIDCOAuthVerifyCertFiles mod_auth_openidc s 1+ -
OIDCOAuthVerifySharedKeys mod_auth_openidc s 1+ -
OIDCOAuthVerifyJwksUri mod_auth_openidc s 1 -
OIDCHTTPTimeoutLong mod_auth_openidc s ? -
OIDCHTTPTimeoutShort mod_auth_openidc s ? -
OIDCStateTimeout mod_auth_openidc s 1 -
OIDCStateMaxNumberOfCookies mod_auth_openidc s 12 -
OIDCSessionInactivityTimeout mod_auth_openidc s 1 -
OIDCMetadataDir mod_auth_openidc s 1 -
OIDCSessionType mod_auth_openidc s 1 -
OIDCSessionCacheFallbackToCookie mod_auth_openidc s ? -
OIDCSessionCookieChunkSize mod_auth_openidc s 1 -
OIDCCacheType mod_auth_openidc s 1 -
OIDCCacheEncrypt mod_auth_openidc s ? -
OIDCCacheDir mod_auth_openidc s 1 -
OIDCCacheFileCleanInterval mod_auth_openidc s 1 -
OIDCMemCacheServers mod_auth_openidc s 1 -
OIDCMemCacheConnectionsMin mod_auth_openidc s 1 -
OIDCMemCacheConnectionsSMax mod_auth_openidc s 1 -
OIDCMemCacheConnectionsHMax mod_auth_openidc s 1 -
OIDCMemCacheConnectionsTTL mod_auth_openidc s 1 -
OIDCCacheShmMax mod_auth_openidc s 1 -
OIDCCacheShmEntrySizeMax mod_auth_openidc s 1 -
OIDCRedisCacheServer mod_auth_openidc s 1 -
OIDCRedisCacheUsername mod_auth_openidc s 1 -
OIDCRedisCachePassword mod_auth_openidc s 1 -
OIDCRedisCacheDatabase mod_auth_openidc s 1 -
OIDCRedisCacheConnectTimeout mod_auth_openidc s 1 -
OIDCRedisCacheTimeout mod_auth_openidc s 1 -
OIDCHTMLErrorTemplate mod_auth_openidc s 1 -
OIDCDiscoverURL mod_auth_openidc sd 1 -
OIDCPassCookies mod_auth_openidc sd 1+ -
OIDCStripCookies mod_auth_openidc sd 1+ -
OIDCAuthNHeader mod_auth_openidc sd 1 -
OIDCCookiePath mod_auth_openidc sd 1 -
OIDCCookie mod_auth_openidc sd 1 -
OIDCUnAuthAction mod_auth_openidc sd 12 -
OIDCUnAutzAction mod_auth_openidc sd 12 -
OIDCPassClaimsAs mod_auth_openidc sd 12 -
OIDCOAuthAcceptTokenAs mod_auth_openidc sd 1+ -
OIDCUserInfoRefreshInterval mod_auth_openidc s ? -
OIDCOAuthTokenIntrospectionInterval mod_auth_openidc sd 1 -
OIDCPreservePost mod_auth_openidc sd 1 -
OIDCPassRefreshToken mod_auth_openidc sd ? -
OIDCRequestObject mod_auth_openidc sd 1 -
OIDCProviderMetadataRefreshInterval mod_auth_openidc s 1 -
OIDCProviderAuthRequestMethod mod_auth_openidc s 1 -
OIDCInfoHook mod_auth_openidc s 1+ -
OIDCBlackListedClaims mod_auth_openidc sd 1+ -
OIDCWhiteListedClaims mod_auth_openidc sd 1+ -
OIDCOAuthServerMetadataURL mod_auth_openidc s 1 -
OIDCOAuthAccessTokenBindingPolicy mod_auth_openidc s 1 -
OIDCRefreshAccessTokenBeforeExpiry mod_auth_openidc sd 12 -
OIDCStateInputHeaders mod_auth_openidc s 1 -
OIDCRedirectURLsAllowed mod_auth_openidc sd 1+ -
OIDCStateCookiePrefix mod_auth_openidc sd 1 -
OIDCCABundlePath mod_auth_openidc s 1 -
OIDCLogoutXFrameOptions mod_auth_openidc s 1 -
OIDCXForwardedHeaders mod_auth_openidc s 1+ -
OIDCDebugMaskSecrets mod_auth_openidc s 1 -
OIDCPreservePostTemplates mod_auth_openidc s 2 -
OIDCMetricsData mod_auth_openidc s 1+ -
OIDCMetricsPublish mod_auth_openidc s 1 -
OIDCTraceParent mod_auth_openidc s 1 -
OIDCDiscoverIssuersAllowed mod_auth_openidc s 1+ -
OIDCFilterClaimsExpr mod_auth_openidc s 1 -
OIDCProviderPushedAuthorizationRequestEndpoint mod_auth_openidc s 1 -
OIDCProviderSignedJwksUri mod_auth_openidc s 2 -
OIDCIDTokenAudValues mod_auth_openidc s 1+ -
OIDCLogoutRequestParams mod_auth_openidc s 1 -
OIDCDPoPMode mod_auth_openidc s 12 -
OIDCCertBoundAccessTokens mod_auth_openidc s 1 -
OIDCProfile mod_auth_openidc s 1 -
OIDCOAuthIntrospectionEndpointKeyPassword mod_auth_openidc s 1 -
OIDCOAuthDecryptSharedKeys mod_auth_openidc s 1+ -
OIDCOAuthVerifyAudience mod_auth_openidc s 1+ -
OIDCOAuthVerifyIssuer mod_auth_openidc s 1 -
OIDCPassAccessToken mod_auth_openidc sd 1 -
OIDCUserInfoClaimsExpr mod_auth_openidc sd 1 -
SecAction mod_security2 sd 1 -
SecArgumentSeparator mod_security2 sd 1 -
SecCookiev0Separator mod_security2 sd 1 -
SecAuditEngine mod_security2 sd 1 -
SecAuditLog mod_security2 sd 1 -
SecAuditLog2 mod_security2 sd 1 -
SecAuditLogParts mod_security2 sd 1 -
SecAuditLogRelevantStatus mod_security2 sd 1 -
SecAuditLogType mod_security2 sd 1 -
SecAuditLogFormat mod_security2 sd 1 -
SecAuditLogStorageDir mod_security2 sd 1 -
SecAuditLogDirMode mod_security2 sd 1 -
SecAuditLogFileMode mod_security2 sd 1 -
SecCacheTransformations mod_security2 sd 12 -
SecChrootDir mod_security2 s 1 -
SecComponentSignature mod_security2 s 1 -
SecContentInjection mod_security2 sd flag -
SecStreamOutBodyInspection mod_security2 sd flag -
SecStreamInBodyInspection mod_security2 sd flag -
SecCookieFormat mod_security2 sd 1 -
SecDataDir mod_security2 s 1 -
SecDebugLog mod_security2 sd 1 -
SecDebugLogLevel mod_security2 sd 1 -
SecCollectionTimeout mod_security2 sd 1 -
SecDefaultAction mod_security2 sd 1 -
SecDisableBackendCompression mod_security2 sd flag -
SecGsbLookupDB mod_security2 s 1 -
SecUnicodeCodePage mod_security2 s 1 -
SecUnicodeMapFile mod_security2 s 12 -
SecGeoLookupDB mod_security2 s 1 -
SecGuardianLog mod_security2 s 12 -
SecMarker mod_security2 sd 1 -
SecPcreMatchLimit mod_security2 s 1 -
SecPcreMatchLimitRecursion mod_security2 s 1 -
SecRequestBodyAccess mod_security2 sd 1 -
SecInterceptOnError mod_security2 sd 1 -
SecRulePerfTime mod_security2 sd 1 -
SecConnReadStateLimit mod_security2 sd 12 -
SecReadStateLimit mod_security2 sd 12 -
SecConnWriteStateLimit mod_security2 sd 12 -
SecWriteStateLimit mod_security2 sd 12 -
SecRequestBodyInMemoryLimit mod_security2 sd 1 -
SecRequestBodyLimit mod_security2 sd 1 -
SecRequestBodyNoFilesLimit mod_security2 sd 1 -
SecRequestBodyJsonDepthLimit mod_security2 sd 1 -
SecArgumentsLimit mod_security2 sd 1 -
SecRequestEncoding mod_security2 sd 1 -
SecResponseBodyAccess mod_security2 sd 1 -
SecResponseBodyLimit mod_security2 sd 1 -
SecResponseBodyLimitAction mod_security2 sd 1 -
SecRequestBodyLimitAction mod_security2 sd 1 -
SecResponseBodyMimeType mod_security2 sd 1+ -
SecResponseBodyMimeTypesClear mod_security2 sd 0 -
SecRule mod_security2 sd 23 -
SecRuleEngine mod_security2 sd 1 -
SecStatusEngine mod_security2 sd 1 -
SecConnEngine mod_security2 sd 1 -
SecRemoteRules mod_security2 sd 23 -
SecRemoteRulesFailAction mod_security2 sd 1 -
SecXmlExternalEntity mod_security2 sd 1 -
SecRuleInheritance mod_security2 sd flag -
SecRuleScript mod_security2 sd 12 -
SecRuleRemoveById mod_security2 sd 1+ -
SecRuleRemoveByTag mod_security2 sd 1+ -
SecRuleRemoveByMsg mod_security2 sd 1+ -
SecHashMethodPm mod_security2 sd 2 -
SecHashMethodRx mod_security2 sd 2 -
SecRuleUpdateActionById mod_security2 sd 2 -
SecRuleUpdateTargetById mod_security2 sd 23 -
SecRuleUpdateTargetByTag mod_security2 sd 23 -
SecRuleUpdateTargetByMsg mod_security2 sd 23 -
SecServerSignature mod_security2 s 1 -
SecTmpDir mod_security2 sd 1 -
SecUploadDir mod_security2 sd 1 -
SecUploadFileLimit mod_security2 sd 1 -
SecUploadFileMode mod_security2 sd 1 -
SecUploadKeepFiles mod_security2 sd 1 -
SecTmpSaveUploadedFiles mod_security2 sd 1 -
SecWebAppId mod_security2 sd 1 -
SecSensorId mod_security2 s 1 -
SecHttpBlKey mod_security2 sd 1 -
SecHashEngine mod_security2 sd 1 -
SecHashKey mod_security2 sd 2 -
SecHashParam mod_security2 sd 1 -
php_value mod_php sd 2 -
php_flag mod_php sd 2 -
php_admin_value mod_php sd 2 -
php_admin_flag mod_php sd 2 -
PHPINIDir mod_php s 1 -
php_value mod_php7 sd 2 -
php_flag mod_php7 sd 2 -
php_admin_value mod_php7 sd 2 -
php_admin_flag mod_php7 sd 2 -
PHPINIDir mod_php7 s 1 -
php_value mod_php5 sd 2 -
php_flag mod_php5 sd 2 -
php_admin_value mod_php5 sd 2 -
php_admin_flag mod_php5 sd 2 -
PHPINIDir mod_php5 s 1 -
PassengerAdminPanelAuthType mod_passenger s 1 -
PassengerAdminPanelPassword mod_passenger s 1 -
PassengerAdminPanelUrl mod_passenger s 1 -
PassengerAdminPanelUsername mod_passenger s 1 -
PassengerAllowEncodedSlashes mod_passenger sd flag -
PassengerAnalyticsLogGroup mod_passenger s 1 -
PassengerAnalyticsLogUser mod_passenger s 1 -
PassengerAnonymousTelemetryProxy mod_passenger s 1 -
PassengerAppEnv mod_passenger sd 1 -
PassengerAppGroupName mod_passenger sd 1 -
PassengerAppLogFile mod_passenger sd 1 -
PassengerAppRoot mod_passenger sd 1 -
PassengerAppStartCommand mod_passenger sd 1 -
PassengerAppType mod_passenger sd 1 -
PassengerBaseURI mod_passenger sd 1 -
PassengerBufferResponse mod_passenger sd flag -
PassengerBufferUpload mod_passenger sd flag -
PassengerConcurrencyModel mod_passenger sd 1 -
PassengerCtl mod_passenger s 2 -
PassengerCustomErrorPage mod_passenger sd 1 -
PassengerDataBufferDir mod_passenger s 1 -
PassengerDebugLogFile mod_passenger s 1 -
PassengerDebugger mod_passenger sd flag -
PassengerDefaultGroup mod_passenger s 1 -
PassengerDefaultRuby mod_passenger s 1 -
PassengerDefaultUser mod_passenger s 1 -
PassengerDirectInstanceRequestAddress mod_passenger sd 1 -
PassengerDisableAnonymousTelemetry mod_passenger s flag -
PassengerDisableLogPrefix mod_passenger s flag -
PassengerDisableSecurityUpdateCheck mod_passenger s flag -
PassengerDumpConfigManifest mod_passenger s 1 -
PassengerEnabled mod_passenger sd flag -
PassengerErrorOverride mod_passenger sd flag -
PassengerFileDescriptorLogFile mod_passenger s 1 -
PassengerFlyWith mod_passenger s 1 -
PassengerForceMaxConcurrentRequestsPerProcess mod_passenger sd 1 -
PassengerFriendlyErrorPages mod_passenger sd flag -
PassengerGroup mod_passenger sd 1 -
PassengerHighPerformance mod_passenger sd flag -
PassengerInstanceRegistryDir mod_passenger s 1 -
PassengerLoadShellEnvvars mod_passenger sd flag -
PassengerLogFile mod_passenger s 1 -
PassengerLogLevel mod_passenger s 1 -
PassengerLveMinUid mod_passenger sd 1 -
PassengerMaxInstances mod_passenger sd 1 -
PassengerMaxInstancesPerApp mod_passenger s 1 -
PassengerMaxPoolSize mod_passenger s 1 -
PassengerMaxPreloaderIdleTime mod_passenger sd 1 -
PassengerMaxRequestQueueSize mod_passenger sd 1 -
PassengerMaxRequestQueueTime mod_passenger sd 1 -
PassengerMaxRequestTime mod_passenger sd 1 -
PassengerMaxRequests mod_passenger sd 1 -
PassengerMemoryLimit mod_passenger sd 1 -
PassengerMeteorAppSettings mod_passenger sd 1 -
PassengerMinInstances mod_passenger sd 1 -
PassengerMonitorLogFile mod_passenger sd 1 -
PassengerNodejs mod_passenger sd 1 -
PassengerPoolIdleTime mod_passenger s 1 -
PassengerPreStart mod_passenger s 1 -
PassengerPreloadBundler mod_passenger sd flag -
PassengerPython mod_passenger sd 1 -
PassengerResistDeploymentErrors mod_passenger sd flag -
PassengerResponseBufferHighWatermark mod_passenger s 1 -
PassengerRestartDir mod_passenger sd 1 -
PassengerRollingRestarts mod_passenger sd flag -
PassengerRoot mod_passenger s 1 -
PassengerRuby mod_passenger sd 1 -
PassengerSecurityUpdateCheckProxy mod_passenger s 1 -
PassengerShowVersionInHeader mod_passenger s flag -
PassengerSocketBacklog mod_passenger s 1 -
PassengerSpawnDir mod_passenger s 1 -
PassengerSpawnMethod mod_passenger sd 1 -
PassengerStartTimeout mod_passenger sd 1 -
PassengerStartupFile mod_passenger sd 1 -
PassengerStatThrottleRate mod_passenger s 1 -
PassengerStickySessions mod_passenger sd flag -
PassengerStickySessionsCookieAttributes mod_passenger sd 1 -
PassengerStickySessionsCookieName mod_passenger sd 1 -
PassengerThreadCount mod_passenger sd 1 -
PassengerTurbocaching mod_passenger s flag -
PassengerUseGlobalQueue mod_passenger sd flag -
PassengerUser mod_passenger sd 1 -
PassengerUserSwitching mod_passenger s flag -
RackBaseURI mod_passenger sd 1 -
RackEnv mod_passenger sd 1 -
RailsAllowModRewrite mod_passenger s flag -
RailsAppSpawnerIdleTime mod_passenger sd 1 -
RailsBaseURI mod_passenger sd 1 -
RailsDefaultUser mod_passenger s 1 -
RailsEnv mod_passenger sd 1 -
RailsFrameworkSpawnerIdleTime mod_passenger s 1 -
RailsMaxInstancesPerApp mod_passenger s 1 -
RailsMaxPoolSize mod_passenger s 1 -
RailsPoolIdleTime mod_passenger s 1 -
RailsRuby mod_passenger sd 1 -
RailsSpawnMethod mod_passenger sd 1 -
RailsSpawnServer mod_passenger s 1 -
RailsUserSwitching mod_passenger s flag -
UnionStationFilter mod_passenger sd 1 -
UnionStationGatewayAddress mod_passenger s 1 -
UnionStationGatewayCert mod_passenger s 1 -
UnionStationGatewayPort mod_passenger s 1 -
UnionStationKey mod_passenger sd 1 -
UnionStationProxyAddress mod_passenger s 1 -
UnionStationSupport mod_passenger sd flag -
"""u8,
        "directives/haproxy.txt" => """
# HAProxy 2.6 keywords (Debian 12's haproxy 2.6.12): where each is accepted and how many arguments it takes.
# Keyword lists from HAProxy 2.6's configuration manual (the global keyword list of section 3, the proxy keyword
# matrix of section 4.1, the resolvers section of 5.3.2) and `haproxy -dKcfg`; every placement and every argument
# count checked against `haproxy -c` of the installed binary, one keyword and one section at a time.
# Format: README.md in this folder.
# sections args keyword
nflb ? acl
dnflB 1 backlog
dnFlb ? balance
flB ? bind
dnflb ? bind-process
g 0 busy-polling
g 1 ca-base
flB ? capture cookie
flB ? capture request header
flB ? capture response header
g 1 chroot
dnflb ? clitcpka-cnt
dnflb ? clitcpka-idle
dnflb ? clitcpka-intvl
dnflb ? clitimeout
g ? close-spread-time
g 1 cluster-secret
dnflb ? compression
dnflb ? contimeout
dnFlb ? cookie
g ? cpu-map
g 1 crt-base
g 0 daemon
dnflb ? declare
dnflb ? declare capture
g ? default-path
dnlb ? default-server
dnflB 1 default_backend
gflb ? description
dnflb 0 disabled
Flb 1 dispatch
dnflb ? email-alert from
dnflb ? email-alert level
dnflb ? email-alert mailers
dnflb ? email-alert myhostname
dnflb ? email-alert to
dnflb 0 enabled
dnflb 1 error-log-format
dnflb ? errorfile
dnflb ? errorfiles
dnflb ? errorloc
dnflb ? errorloc302
dnflb ? errorloc303
g ? expose-experimental-directives
gdnflb ? external-check
dnflb 1 external-check command
dnflb 1 external-check path
g 1 fd-hard-limit
flb ? filter
Flb ? force-persist
dnFlb 1 fullconn
g 1 gid
g ? grace
g 1 group
g 0 h1-accept-payload-with-any-method
g ? h1-case-adjust
g 1 h1-case-adjust-file
g 0 h2-workaround-bogus-websocket-clients
g ? hard-stop-after
dnflb ? hash-balance-factor
dnFlb ? hash-type
nflb ? http-after-response
dnFlb ? http-check
dnFlb ? http-check comment
dnFlb ? http-check connect
dnFlb 0 http-check disable-on-404
dnFlb ? http-check expect
dnFlb ? http-check send
dnFlb 0 http-check send-state
dnFlb ? http-check set-var
dnFlb ? http-check unset-var
dnflb ? http-error
nflb ? http-request
nflb ? http-response
dnFlb ? http-reuse
dnFlb ? http-send-name-header
g ? httpclient.resolvers.id
g ? httpclient.resolvers.prefer
g ? httpclient.ssl.ca-file
g ? httpclient.ssl.verify
flb 1 id
Flb ? ignore-persist
g 0 insecure-fork-wanted
g 0 insecure-setuid-wanted
g 1 issuers-chain-path
dnFlb ? load-server-state-from-file
g 1 localpeer
gdnflb ? log
dnflb 1 log-format
dnflb 1 log-format-sd
g ? log-send-hostname
gdnflb ? log-tag
g ? lua-load
g ? lua-load-per-thread
g ? lua-prepend-path
g ? master-worker
dnflb ? max-keep-alive-queue
dnflB ? max-session-srv-conns
g 1 max-spread-checks
g 1 maxcompcpuusage
g 1 maxcomprate
gdnflB 1 maxconn
g 1 maxconnrate
g 1 maxpipes
g 1 maxsessrate
g 1 maxsslconn
g 1 maxsslrate
g 1 maxzlibmem
dnflb 1 mode
flB ? monitor fail
dnflB 1 monitor-uri
g ? mworker-max-reloads
g 1 nbthread
g 0 no-memory-trimming
g 1 node
g 0 noepoll
g 0 noevports
g 0 nogetaddrinfo
g 0 nokqueue
g 0 nopoll
g 0 noreuseport
g 0 nosplice
g ? numa-cpu-mapping
dnflb ? option
dnFlb 0 option abortonclose
dnflB 0 option accept-invalid-http-request
dnFlb 0 option accept-invalid-http-response
dnFlb 0 option allbackups
dnFlb 0 option checkcache
dnflB 0 option clitcpka
dnflB 0 option contstats
dnflB 0 option disable-h2-upgrade
dnflB 0 option dontlog-normal
dnflB 0 option dontlognull
dnflb 0 option external-check
dnflb ? option forwardfor
dnflB 0 option h1-case-adjust-bogus-client
dnFlb 0 option h1-case-adjust-bogus-server
dnflb 0 option http-buffer-request
dnflB 0 option http-ignore-probes
dnflb 0 option http-keep-alive
dnflb 0 option http-no-delay
dnFlb 0 option http-pretend-keepalive
dnflb ? option http-restrict-req-hdr-names
dnflb 0 option http-server-close
dnflB 0 option http-use-proxy-header
dnFlb ? option httpchk
dnflb 0 option httpclose
dnflb ? option httplog
dnflb ? option httpslog
dnflB 0 option idle-close-on-response
dnflb 0 option independent-streams
dnFlb 0 option ldap-check
dnFlb 0 option log-health-checks
dnflB 0 option log-separate-errors
dnflB 0 option logasap
dnFlb ? option mysql-check
dnflb 0 option nolinger
dnflb ? option originalto
dnFlb 0 option persist
dnFlb ? option pgsql-check
dnFlb 0 option prefer-last-server
dnFlb 0 option redis-check
dnFlb ? option redispatch
dnFlb ? option smtpchk
dnflB 0 option socket-stats
dnflb 0 option splice-auto
dnflb 0 option splice-request
dnflb 0 option splice-response
dnFlb 0 option spop-check
dnFlb 0 option srvtcpka
dnFlb 0 option ssl-hello-chk
dnFlb 0 option tcp-check
dnflB 0 option tcp-smart-accept
dnFlb 0 option tcp-smart-connect
dnflb 0 option tcpka
dnflb 0 option tcplog
dnFlb 0 option transparent
dnflb ? persist rdp-cookie
g 1 pidfile
g 0 pp2-never-send-local
g ? presetenv
g 1 profiling.tasks
g 0 quiet
dnflb ? rate-limit
dnflb ? rate-limit sessions
flb ? redirect
g ? resetenv
dnFlb 1 retries
dnflb ? retry-on
lb 2+ server
g ? server-state-base
g ? server-state-file
dnFlb ? server-state-file-name
lb 3+ server-template
g 0 set-dumpable
g ? set-var
g ? set-var-fmt
g ? setenv
dnFlb ? source
g 1 spread-checks
dnflb ? srvtcpka-cnt
dnflb ? srvtcpka-idle
dnflb ? srvtcpka-intvl
dnflb ? srvtimeout
g 1 ssl-default-bind-ciphers
g 1 ssl-default-bind-ciphersuites
g 1 ssl-default-bind-curves
g ? ssl-default-bind-options
g 1 ssl-default-server-ciphers
g 1 ssl-default-server-ciphersuites
g ? ssl-default-server-options
g ? ssl-dh-param-file
g ? ssl-load-extra-del-ext
g ? ssl-load-extra-files
g ? ssl-mode-async
g ? ssl-propquery
g ? ssl-provider
g ? ssl-provider-path
g ? ssl-server-verify
g ? ssl-skip-self-issued-ca
g ? stats
flb ? stats admin
dnflb ? stats auth
dnflb ? stats enable
dnflb ? stats hide-version
flb ? stats http-request
dnflb ? stats realm
dnflb ? stats refresh
dnflb ? stats scope
dnflb ? stats show-desc
dnflb ? stats show-legends
dnflb ? stats show-node
dnflb ? stats uri
Flb ? stick match
Flb ? stick on
Flb ? stick store-request
Flb ? stick store-response
dnflb ? stick-table
g 0 strict-limits
dnFlb ? tcp-check
dnFlb ? tcp-check comment
dnFlb ? tcp-check connect
dnFlb ? tcp-check expect
dnFlb ? tcp-check send
dnFlb ? tcp-check send-binary
dnFlb ? tcp-check send-binary-lf
dnFlb ? tcp-check send-lf
dnFlb ? tcp-check set-var
dnFlb ? tcp-check unset-var
dnflb ? tcp-request
nfl ? tcp-request connection
nflb ? tcp-request content
nflb ? tcp-request inspect-delay
nfl ? tcp-request session
dnflb ? tcp-response
dnflb ? tcp-response content
dnflb ? tcp-response inspect-delay
g ? thread-group
g 1 thread-groups
dnflb ? timeout
dnflb 1 timeout check
dnflb 1 timeout client
dnflb 1 timeout client-fin
dnflb 1 timeout connect
dnflb 1 timeout http-keep-alive
dnflb 1 timeout http-request
dnflb 1 timeout queue
dnflb 1 timeout server
dnflb 1 timeout server-fin
dnflb 1 timeout tarpit
dnflb 1 timeout tunnel
dnflb 0 transparent
g 1 tune.buffers.limit
g 1 tune.buffers.reserve
g 1 tune.bufsize
g 1 tune.comp.maxlevel
g ? tune.fail-alloc
g ? tune.fd.edge-triggered
g ? tune.h2.header-table-size
g ? tune.h2.initial-window-size
g ? tune.h2.max-concurrent-streams
g ? tune.h2.max-frame-size
g 1 tune.http.cookielen
g 1 tune.http.logurilen
g 1 tune.http.maxhdr
g 1 tune.idle-pool.shared
g 1 tune.idletimer
g 1 tune.listener.multi-queue
g ? tune.lua.forced-yield
g ? tune.lua.maxmem
g ? tune.lua.service-timeout
g ? tune.lua.session-timeout
g ? tune.lua.task-timeout
g 1 tune.maxaccept
g 1 tune.maxpollevents
g 1 tune.maxrewrite
g ? tune.pattern.cache-size
g 1 tune.peers.max-updates-at-once
g 1 tune.pipesize
g 1 tune.pool-high-fd-ratio
g 1 tune.pool-low-fd-ratio
g 1 tune.rcvbuf.client
g 1 tune.rcvbuf.server
g 1 tune.recv_enough
g 1 tune.runqueue-depth
g 1 tune.sched.low-latency
g 1 tune.sndbuf.client
g 1 tune.sndbuf.server
g 1 tune.ssl.cachesize
g 1 tune.ssl.capture-buffer-size
g 1 tune.ssl.capture-cipherlist-size
g ? tune.ssl.default-dh-param
g 0 tune.ssl.force-private-cache
g 1 tune.ssl.hard-maxrecord
g 1 tune.ssl.keylog
g 1 tune.ssl.lifetime
g 1 tune.ssl.maxrecord
g 1 tune.ssl.ssl-ctx-cache-size
g ? tune.vars.check-max-size
g ? tune.vars.global-max-size
g ? tune.vars.proc-max-size
g ? tune.vars.reqres-max-size
g ? tune.vars.sess-max-size
g ? tune.vars.txn-max-size
g 1 uid
g 1 ulimit-n
dnflb 1 unique-id-format
dnflb ? unique-id-header
g ? unix-bind
g ? unsetenv
dnflb ? use-fcgi-app
Flb ? use-server
flB ? use_backend
g 1 user
g 0 zero-warning
r 2+ nameserver
r 0 parse-resolv-conf
r 2 hold
r 1 resolve_retries
r 1 timeout resolve
r 1 timeout retry
r 1 accepted_payload_size
x x clitimeout
x x contimeout
x x srvtimeout
x x reqadd
x x reqallow
x x reqdel
x x reqdeny
x x reqiallow
x x reqidel
x x reqideny
x x reqipass
x x reqirep
x x reqitarpit
x x reqpass
x x reqrep
x x reqtarpit
x x rspadd
x x rspdel
x x rspdeny
x x rspidel
x x rspideny
x x rspirep
x x rsprep
x x block
x x redispatch
x x monitor-net
x x option forceclose
x x option http_proxy
x x nbproc
# Keywords of releases after 2.6 (HAProxy 3.x manual: the global list of section 3, the matrix of 4.1) and of build options
# Debian's 2.6 leaves out, each answered "unknown keyword" by Debian 12's haproxy -c: judged only where that release is known.
+ ? 51degrees-allow-unmatched
+ ? 51degrees-cache-size
+ ? 51degrees-data-file
+ ? 51degrees-difference
+ ? 51degrees-drift
+ ? 51degrees-property-name-list
+ ? 51degrees-property-separator
+ ? 51degrees-use-performance-graph
+ ? 51degrees-use-predictive-graph
+ ? acme.scheduler
+ ? anonkey
+ ? be-unpublished
+ ? cpu-affinity
+ ? cpu-policy
+ ? cpu-set
+ ? crt
+ ? debug.counters
+ ? deviceatlas-json-file
+ ? deviceatlas-log-level
+ ? deviceatlas-properties-cookie
+ ? deviceatlas-separator
+ ? dns-accept-family
+ ? expose-deprecated-directives
+ ? filter-sequence
+ ? force-be-switch
+ ? force-cfg-parser-pause
+ ? guid
+ ? h1-do-not-close-on-insecure-transfer-encoding
+ ? harden.reject-privileged-ports.quic
+ ? harden.reject-privileged-ports.tcp
+ ? hash-preserve-affinity
+ ? http-err-codes
+ ? http-fail-codes
+ ? httpclient.resolvers.disabled
+ ? httpclient.retries
+ ? httpclient.timeout.connect
+ ? jwt.decrypt_alg_list
+ ? jwt.decrypt_enc_list
+ ? key-base
+ ? limited-quic
+ ? log-steps
+ ? max-threads-per-group
+ ? noktls
+ ? ocsp-update.disable
+ ? ocsp-update.httpproxy
+ ? ocsp-update.maxdelay
+ ? ocsp-update.mindelay
+ ? ocsp-update.mode
+ ? option forwarded
+ ? option http-drop-request-trailers
+ ? option http-drop-response-trailers
+ ? option use-small-buffers
+ ? prealloc-fd
+ ? profiling.memory
+ ? quic-initial
+ ? quick-exit
+ ? setcap
+ ? shm-stats-file
+ ? shm-stats-file-max-objects
+ ? ssl-default-bind-client-sigalgs
+ ? ssl-default-bind-sigalgs
+ ? ssl-default-server-client-sigalgs
+ ? ssl-default-server-curves
+ ? ssl-default-server-sigalgs
+ ? ssl-engine
+ ? ssl-passphrase-cmd
+ ? ssl-security-level
+ ? stats show-version
+ ? stats-file
+ ? stress-level
+ ? thread-hard-limit
+ ? timeout client-hs
+ ? tune.applet.zero-copy-forwarding
+ ? tune.bufsize.large
+ ? tune.bufsize.small
+ ? tune.cli.max-payload-size
+ ? tune.defaults.purge
+ ? tune.disable-fast-forward
+ ? tune.disable-zero-copy-forwarding
+ ? tune.epoll.mask-events
+ ? tune.events.max-events-at-once
+ ? tune.fd.tables
+ ? tune.glitches.kill.cpu-usage
+ ? tune.h1.be.glitches-threshold
+ ? tune.h1.fe.glitches-threshold
+ ? tune.h1.zero-copy-fwd-recv
+ ? tune.h1.zero-copy-fwd-send
+ ? tune.h2.be.glitches-threshold
+ ? tune.h2.be.initial-window-size
+ ? tune.h2.be.max-concurrent-streams
+ ? tune.h2.be.max-frames-at-once
+ ? tune.h2.be.rxbuf
+ ? tune.h2.fe.glitches-threshold
+ ? tune.h2.fe.initial-window-size
+ ? tune.h2.fe.max-concurrent-streams
+ ? tune.h2.fe.max-frames-at-once
+ ? tune.h2.fe.max-rst-at-once
+ ? tune.h2.fe.max-total-streams
+ ? tune.h2.fe.rxbuf
+ ? tune.h2.log-errors
+ ? tune.h2.zero-copy-fwd-send
+ ? tune.listener.default-shards
+ ? tune.lua.bool-sample-conversion
+ ? tune.lua.burst-timeout
+ ? tune.lua.log.loggers
+ ? tune.lua.log.stderr
+ ? tune.lua.openlibs
+ ? tune.max-checks-per-thread
+ ? tune.max-rules-at-once
+ ? tune.memory.hot-size
+ ? tune.notsent-lowat.client
+ ? tune.notsent-lowat.server
+ ? tune.pt.zero-copy-forwarding
+ ? tune.quic.be.cc.cubic-min-losses
+ ? tune.quic.be.cc.hystart
+ ? tune.quic.be.cc.max-frame-loss
+ ? tune.quic.be.cc.max-win-size
+ ? tune.quic.be.cc.reorder-ratio
+ ? tune.quic.be.max-idle-timeout
+ ? tune.quic.be.sec.glitches-threshold
+ ? tune.quic.be.stream.data-ratio
+ ? tune.quic.be.stream.max-concurrent
+ ? tune.quic.be.stream.rxbuf
+ ? tune.quic.be.tx.pacing
+ ? tune.quic.be.tx.udp-gso
+ ? tune.quic.fe.cc.cubic-min-losses
+ ? tune.quic.fe.cc.hystart
+ ? tune.quic.fe.cc.max-frame-loss
+ ? tune.quic.fe.cc.max-win-size
+ ? tune.quic.fe.cc.reorder-ratio
+ ? tune.quic.fe.max-idle-timeout
+ ? tune.quic.fe.sec.glitches-threshold
+ ? tune.quic.fe.sec.retry-threshold
+ ? tune.quic.fe.sock-per-conn
+ ? tune.quic.fe.stream.data-ratio
+ ? tune.quic.fe.stream.max-concurrent
+ ? tune.quic.fe.stream.max-total
+ ? tune.quic.fe.stream.rxbuf
+ ? tune.quic.fe.tx.pacing
+ ? tune.quic.fe.tx.udp-gso
+ ? tune.quic.listen
+ ? tune.quic.mem.tx-max
+ ? tune.quic.zero-copy-fwd-send
+ ? tune.rcvbuf.backend
+ ? tune.rcvbuf.frontend
+ ? tune.renice.runtime
+ ? tune.renice.startup
+ ? tune.ring.queues
+ ? tune.sndbuf.backend
+ ? tune.sndbuf.frontend
+ ? tune.ssl.certificate-compression
+ ? tune.ssl.keyupdate-rate-limit
+ ? tune.ssl.ocsp-update.maxdelay
+ ? tune.ssl.ocsp-update.mindelay
+ ? tune.stick-counters
+ ? tune.streams-elasticity
+ ? tune.takeover-other-tg-connections
+ ? tune.zlib.memlevel
+ ? tune.zlib.windowsize
+ ? warn-blocked-traffic-after
+ ? wurfl-cache-size
+ ? wurfl-data-file
+ ? wurfl-information-list
+ ? wurfl-information-list-separator
+ ? wurfl-patch-file
"""u8,
        "directives/nginx-stream-variables.txt" => """
# nginx's built-in stream variables (the ngx_stream_variable_t tables of src/stream at 1.18.0, 1.22.1, 1.25.5 and
# 1.29.8: their union), one name a line. A name ending in '_' is a prefix: $proxy_protocol_tlv_0x01. Stream variables
# are apart from http's ($uri is no stream variable); what a stream block defines (set, map, geo, split_clients, regex
# captures) is added when it is read. A variable nginx does not know stops it: unknown "x" variable.
binary_remote_addr
bytes_received
bytes_sent
connection
geoip_area_code
geoip_city
geoip_city_continent_code
geoip_city_country_code
geoip_city_country_code3
geoip_city_country_name
geoip_country_code
geoip_country_code3
geoip_country_name
geoip_dma_code
geoip_latitude
geoip_longitude
geoip_org
geoip_postal_code
geoip_region
geoip_region_name
hostname
limit_conn_status
msec
nginx_version
pid
protocol
proxy_protocol_addr
proxy_protocol_port
proxy_protocol_server_addr
proxy_protocol_server_port
proxy_protocol_tlv_
realip_remote_addr
realip_remote_port
remote_addr
remote_port
server_addr
server_name
server_port
session_time
ssl_alpn_protocol
ssl_cipher
ssl_ciphers
ssl_client_cert
ssl_client_escaped_cert
ssl_client_fingerprint
ssl_client_i_dn
ssl_client_raw_cert
ssl_client_s_dn
ssl_client_serial
ssl_client_sigalg
ssl_client_v_end
ssl_client_v_remain
ssl_client_v_start
ssl_client_verify
ssl_curve
ssl_curves
ssl_ech_outer_server_name
ssl_ech_status
ssl_preread_alpn_protocols
ssl_preread_protocol
ssl_preread_server_name
ssl_protocol
ssl_server_name
ssl_session_id
ssl_session_reused
ssl_sigalg
ssl_sigalgs
status
time_iso8601
time_local
upstream_addr
upstream_bytes_received
upstream_bytes_sent
upstream_connect_time
upstream_first_byte_time
upstream_session_time
"""u8,
        "directives/nginx-variables.txt" => """
# nginx's built-in variables (ngx_http_variable_t tables and ngx_http_add_variable calls of src/http at 1.18.0,
# 1.22.1, 1.25.5 and 1.29.8, and the third-party modules Debian's nginx-full loads: echo), one name a line. A name
# ending in '_' is a prefix: $http_x_y, $arg_q. What a configuration defines (set, map, geo, split_clients, regex
# captures, geoip2) is added when it is read. A variable nginx does not know stops it: unknown "x" variable.
ancient_browser
arg_
args
binary_remote_addr
body_bytes_sent
bytes_sent
connection
connection_requests
connection_time
connections_active
connections_reading
connections_waiting
connections_writing
content_length
content_type
cookie_
date_gmt
date_local
document_root
document_uri
fastcgi_path_info
fastcgi_script_name
geoip_area_code
geoip_city
geoip_city_continent_code
geoip_city_country_code
geoip_city_country_code3
geoip_city_country_name
geoip_country_code
geoip_country_code3
geoip_country_name
geoip_dma_code
geoip_latitude
geoip_longitude
geoip_org
geoip_postal_code
geoip_region
geoip_region_name
grpc_internal_trailers
host
hostname
http2
http3
http_
http_cookie
http_host
http_referer
http_user_agent
http_via
http_x_forwarded_for
https
is_args
is_request_port
limit_conn_status
limit_rate
limit_req_status
modern_browser
msec
msie
nginx_version
pid
pipe
proxy_add_via
proxy_add_x_forwarded_for
proxy_host
proxy_internal_body_length
proxy_internal_chunked
proxy_internal_host
proxy_port
proxy_protocol_addr
proxy_protocol_port
proxy_protocol_server_addr
proxy_protocol_server_port
proxy_protocol_tlv_
query_string
realip_remote_addr
realip_remote_port
realpath_root
remote_addr
remote_port
remote_user
request
request_body
request_body_file
request_completion
request_filename
request_id
request_length
request_method
request_port
request_time
request_uri
scheme
sent_http_
sent_http_cache_control
sent_http_connection
sent_http_content_length
sent_http_content_type
sent_http_keep_alive
sent_http_last_modified
sent_http_link
sent_http_location
sent_http_transfer_encoding
sent_trailer_
server_addr
server_name
server_port
server_protocol
ssl_alpn_protocol
ssl_cipher
ssl_ciphers
ssl_client_cert
ssl_client_escaped_cert
ssl_client_fingerprint
ssl_client_i_dn
ssl_client_i_dn_legacy
ssl_client_raw_cert
ssl_client_s_dn
ssl_client_s_dn_legacy
ssl_client_serial
ssl_client_sigalg
ssl_client_v_end
ssl_client_v_remain
ssl_client_v_start
ssl_client_verify
ssl_curve
ssl_curves
ssl_early_data
ssl_ech_outer_server_name
ssl_ech_status
ssl_protocol
ssl_server_name
ssl_session_id
ssl_session_reused
ssl_sigalg
status
tcpinfo_rcv_space
tcpinfo_rtt
tcpinfo_rttvar
tcpinfo_snd_cwnd
time_iso8601
time_local
upstream_addr
upstream_bytes_received
upstream_bytes_sent
upstream_cache_etag
upstream_cache_last_modified
upstream_cache_status
upstream_connect_time
upstream_cookie_
upstream_header_time
upstream_http_
upstream_response_length
upstream_response_time
upstream_status
upstream_trailer_
uri
gzip_ratio
invalid_referer
memcached_key
secure_link
secure_link_expires
slice_range
uid_got
uid_reset
uid_set
echo_timer_elapsed
echo_request_method
echo_cacheable_request_uri
echo_request_uri
echo_client_request_method
echo_request_body
echo_client_request_headers
echo_it
echo_incr
echo_response_status
"""u8,
        "directives/nginx.txt" => """
# nginx directives: the core and the modules of Debian 12's nginx-full, facts from the nginx source
# (release 1.18.0 to 1.29.8) and the third-party modules' own source. Format: README.md in this folder.
# name module contexts args flags value load versions
absolute_redirect http_core http,server,location flag d flag - *
accept_mutex event_core events flag d flag - *
accept_mutex_delay event_core events 1 d msec - *
acceptex_read iocp events flag d flag - *
access_log http_log http,server,location,lif,lmt 1+ - - - *
access_log stream_log stream,stream-server 1+ - - stream *
add_after_body http_addition http,server,location 1 d str - *
add_before_body http_addition http,server,location 1 d str - *
add_header http_headers_filter http,server,location,lif 23 - - - *
add_header_inherit http_headers_filter http,server,location,lif 1 d enum:off/on/merge - 1.29.3-
add_trailer http_headers_filter http,server,location,lif 23 - - - *
add_trailer_inherit http_headers_filter http,server,location,lif 1 d enum:off/on/merge - 1.29.3-
addition_types http_addition http,server,location 1+ - - - *
aio http_core http,server,location 1 d - - *
aio_write http_core http,server,location flag d flag - *
alias http_core location 1 d - - *
allow http_access http,server,location,lmt 1 - - - *
allow stream_access stream,stream-server 1 - - stream *
ancient_browser http_browser http,server,location 1+ - - - *
ancient_browser_value http_browser http,server,location 1 - - - *
auth_basic http_auth_basic http,server,location,lmt 1 d - - *
auth_basic_user_file http_auth_basic http,server,location,lmt 1 d - - *
auth_delay http_core http,server,location 1 d msec - *
auth_http mail_auth_http mail,mail-server 1 - - mail *
auth_http_header mail_auth_http mail,mail-server 2 - - mail *
auth_http_pass_client_cert mail_auth_http mail,mail-server flag d flag mail *
auth_http_timeout mail_auth_http mail,mail-server 1 d msec mail *
auth_pam http_auth_pam http,server,location,lmt 1 d str http_auth_pam *
auth_pam_service_name http_auth_pam http,server,location,lmt 1 d str http_auth_pam *
auth_pam_set_pam_env http_auth_pam http,server,location,lmt flag d flag http_auth_pam *
auth_request http_auth_request http,server,location 1 d - - *
auth_request_set http_auth_request http,server,location 2 - - - *
autoindex http_autoindex http,server,location flag d flag - *
autoindex_exact_size http_autoindex http,server,location flag d flag - *
autoindex_format http_autoindex http,server,location 1 d enum:html/json/jsonp/xml - *
autoindex_localtime http_autoindex http,server,location flag d flag - *
break http_rewrite server,location,sif,lif 0 - - - *
charset http_charset_filter http,server,location,lif 1 d - - *
charset_map http_charset_filter http 2 br - - *
charset_types http_charset_filter http,server,location 1+ - - - *
chunked_transfer_encoding http_core http,server,location flag d flag - *
client_body_buffer_size http_core http,server,location 1 d size - *
client_body_in_file_only http_core http,server,location 1 d enum:off/on/clean - *
client_body_in_single_buffer http_core http,server,location flag d flag - *
client_body_temp_path http_core http,server,location 1234 d path - *
client_body_timeout http_core http,server,location 1 d msec - *
client_header_buffer_size http_core http,server 1 d size - *
client_header_timeout http_core http,server 1 d msec - *
client_max_body_size http_core http,server,location 1 d off - *
connection_pool_size http_core http,server 1 d size - *
create_full_put_path http_dav http,server,location flag d flag - *
daemon core main flag d flag - *
dav_access http_dav http,server,location 123 d access - *
dav_ext_lock http_dav_ext http,server,location 1 - - http_dav_ext *
dav_ext_lock_zone http_dav_ext http 12 - - http_dav_ext *
dav_ext_methods http_dav_ext http,server,location 1+ - bitmask:off/propfind/options/lock/unlock http_dav_ext *
dav_methods http_dav http,server,location 1+ - bitmask:off/put/delete/mkcol/copy/move - *
debug_connection event_core events 1 - - - *
debug_points core main 1 d enum:stop/abort - *
default_type http_core http,server,location 1 d str - *
degradation http_degradation http 1 - - - *
degrade http_degradation http,server,location 1 d enum:204/444 - *
deny http_access http,server,location,lmt 1 - - - *
deny stream_access stream,stream-server 1 - - stream *
devpoll_changes devpoll events 1 d num - *
devpoll_events devpoll events 1 d num - *
directio http_core http,server,location 1 d - - *
directio_alignment http_core http,server,location 1 d off - *
disable_symlinks http_core http,server,location 12 d - - *
early_hints http_core http,server,location 1+ - - - 1.29.0-
echo http_echo location,lif * - - http_echo *
echo_abort_parent http_echo location,lif 0 - - http_echo *
echo_after_body http_echo location,lif * - - http_echo *
echo_before_body http_echo location,lif * - - http_echo *
echo_blocking_sleep http_echo location,lif 1 - - http_echo *
echo_duplicate http_echo location,lif 2+ - - http_echo *
echo_end http_echo location,lif 0 - - http_echo *
echo_exec http_echo location,lif 12 - - http_echo *
echo_flush http_echo location,lif 0 - - http_echo *
echo_foreach_split http_echo location,lif 2+ - - http_echo *
echo_location http_echo location,lif 12 - - http_echo *
echo_location_async http_echo location,lif 12 - - http_echo *
echo_read_request_body http_echo location,lif 0 - - http_echo *
echo_request_body http_echo location,lif 0 - - http_echo *
echo_reset_timer http_echo location,lif 0 - - http_echo *
echo_sleep http_echo location,lif 1 - - http_echo *
echo_status http_echo location,lif 1 d num http_echo *
echo_subrequest http_echo location,lif 2+ - - http_echo *
echo_subrequest_async http_echo location,lif 2+ - - http_echo *
empty_gif http_empty_gif location 0 - - - *
env core main 1 - - - *
epoll_events epoll events 1 d num - *
error_log errlog main 1+ - - - *
error_log http_core http,server,location 1+ - - - *
error_log mail_core mail,mail-server 1+ - - mail *
error_log stream_core stream,stream-server 1+ - - stream *
error_page http_core http,server,location,lif 2+ - - - *
etag http_core http,server,location flag d flag - *
eventport_events eventport events 1 d num - *
events events main 0 bd - - *
expires http_headers_filter http,server,location,lif 12 d - - *
fair http_upstream_fair upstream * - - http_upstream_fair *
fastcgi_bind http_fastcgi http,server,location 12 d - - *
fastcgi_buffer_size http_fastcgi http,server,location 1 d size - *
fastcgi_buffering http_fastcgi http,server,location flag d flag - *
fastcgi_buffers http_fastcgi http,server,location 2 d bufs - *
fastcgi_busy_buffers_size http_fastcgi http,server,location 1 d size - *
fastcgi_cache http_fastcgi http,server,location 1 d - - *
fastcgi_cache_background_update http_fastcgi http,server,location flag d flag - *
fastcgi_cache_bypass http_fastcgi http,server,location 1+ - - - *
fastcgi_cache_key http_fastcgi http,server,location 1 d - - *
fastcgi_cache_lock http_fastcgi http,server,location flag d flag - *
fastcgi_cache_lock_age http_fastcgi http,server,location 1 d msec - *
fastcgi_cache_lock_timeout http_fastcgi http,server,location 1 d msec - *
fastcgi_cache_max_range_offset http_fastcgi http,server,location 1 d off - *
fastcgi_cache_methods http_fastcgi http,server,location 1+ - bitmask - *
fastcgi_cache_min_uses http_fastcgi http,server,location 1 d num - *
fastcgi_cache_path http_fastcgi http 2+ - - - *
fastcgi_cache_revalidate http_fastcgi http,server,location flag d flag - *
fastcgi_cache_use_stale http_fastcgi http,server,location 1+ - bitmask:error/timeout/invalid_header/non_idempotent/http_500/http_503/http_403/http_404/http_429/updating/off - *
fastcgi_cache_valid http_fastcgi http,server,location 1+ - - - *
fastcgi_catch_stderr http_fastcgi http,server,location 1 - - - *
fastcgi_connect_timeout http_fastcgi http,server,location 1 d msec - *
fastcgi_force_ranges http_fastcgi http,server,location flag d flag - *
fastcgi_hide_header http_fastcgi http,server,location 1 - - - *
fastcgi_ignore_client_abort http_fastcgi http,server,location flag d flag - *
fastcgi_ignore_headers http_fastcgi http,server,location 1+ - bitmask - *
fastcgi_index http_fastcgi http,server,location 1 d str - *
fastcgi_intercept_errors http_fastcgi http,server,location flag d flag - *
fastcgi_keep_conn http_fastcgi http,server,location flag d flag - *
fastcgi_limit_rate http_fastcgi http,server,location 1 d size - -1.26.3
fastcgi_limit_rate http_fastcgi http,server,location 1 d - - 1.27.0-
fastcgi_max_temp_file_size http_fastcgi http,server,location 1 d size - *
fastcgi_next_upstream http_fastcgi http,server,location 1+ - bitmask:error/timeout/invalid_header/non_idempotent/http_500/http_503/http_403/http_404/http_429/updating/off - *
fastcgi_next_upstream_timeout http_fastcgi http,server,location 1 d msec - *
fastcgi_next_upstream_tries http_fastcgi http,server,location 1 d num - *
fastcgi_no_cache http_fastcgi http,server,location 1+ - - - *
fastcgi_param http_fastcgi http,server,location 23 - - - *
fastcgi_pass http_fastcgi location,lif 1 d - - *
fastcgi_pass_header http_fastcgi http,server,location 1 - - - *
fastcgi_pass_request_body http_fastcgi http,server,location flag d flag - *
fastcgi_pass_request_headers http_fastcgi http,server,location flag d flag - *
fastcgi_read_timeout http_fastcgi http,server,location 1 d msec - *
fastcgi_request_buffering http_fastcgi http,server,location flag d flag - *
fastcgi_send_lowat http_fastcgi http,server,location 1 d size - *
fastcgi_send_timeout http_fastcgi http,server,location 1 d msec - *
fastcgi_socket_keepalive http_fastcgi http,server,location flag d flag - *
fastcgi_split_path_info http_fastcgi http,server,location 1 - - - *
fastcgi_store http_fastcgi http,server,location 1 d - - *
fastcgi_store_access http_fastcgi http,server,location 123 d access - *
fastcgi_temp_file_write_size http_fastcgi http,server,location 1 d size - *
fastcgi_temp_path http_fastcgi http,server,location 1234 d path - *
flv http_flv location 0 - - - *
geo http_geo http 12 br - - *
geo stream_geo stream 12 br - stream *
geoip2 http_geoip2 http 1 br - http_geoip2 *
geoip2 stream_geoip2 stream 1 br - stream_geoip2 *
geoip2_proxy http_geoip2 http 1 - - http_geoip2 *
geoip2_proxy_recursive http_geoip2 http flag d flag http_geoip2 *
geoip_city http_geoip http 12 - - http_geoip *
geoip_city stream_geoip stream 12 - - stream_geoip *
geoip_country http_geoip http 12 - - http_geoip *
geoip_country stream_geoip stream 12 - - stream_geoip *
geoip_org http_geoip http 12 - - http_geoip *
geoip_org stream_geoip stream 12 - - stream_geoip *
geoip_proxy http_geoip http 1 - - http_geoip *
geoip_proxy_recursive http_geoip http flag d flag http_geoip *
google_perftools_profiles google_perftools main 1 d str - *
grpc_bind http_grpc http,server,location 12 d - - *
grpc_buffer_size http_grpc http,server,location 1 d size - *
grpc_connect_timeout http_grpc http,server,location 1 d msec - *
grpc_hide_header http_grpc http,server,location 1 - - - *
grpc_ignore_headers http_grpc http,server,location 1+ - bitmask - *
grpc_intercept_errors http_grpc http,server,location flag d flag - *
grpc_next_upstream http_grpc http,server,location 1+ - bitmask:error/timeout/invalid_header/non_idempotent/http_500/http_502/http_503/http_504/http_403/http_404/http_429/off - *
grpc_next_upstream_timeout http_grpc http,server,location 1 d msec - *
grpc_next_upstream_tries http_grpc http,server,location 1 d num - *
grpc_pass http_grpc location,lif 1 d - - *
grpc_pass_header http_grpc http,server,location 1 - - - *
grpc_read_timeout http_grpc http,server,location 1 d msec - *
grpc_send_timeout http_grpc http,server,location 1 d msec - *
grpc_set_header http_grpc http,server,location 2 - - - *
grpc_socket_keepalive http_grpc http,server,location flag d flag - *
grpc_ssl_certificate http_grpc http,server,location 1 d str - -1.20.2
grpc_ssl_certificate http_grpc http,server,location 1 d - - 1.21.0-
grpc_ssl_certificate_cache http_grpc http,server,location 123 - - - 1.27.4-
grpc_ssl_certificate_key http_grpc http,server,location 1 d str - -1.20.2
grpc_ssl_certificate_key http_grpc http,server,location 1 d - - 1.21.0-
grpc_ssl_ciphers http_grpc http,server,location 1 d str - *
grpc_ssl_conf_command http_grpc http,server,location 2 - - - 1.19.4-
grpc_ssl_crl http_grpc http,server,location 1 d str - *
grpc_ssl_name http_grpc http,server,location 1 d - - *
grpc_ssl_password_file http_grpc http,server,location 1 - - - *
grpc_ssl_protocols http_grpc http,server,location 1+ - bitmask:SSLv2/SSLv3/TLSv1/TLSv1.1/TLSv1.2/TLSv1.3 - *
grpc_ssl_server_name http_grpc http,server,location flag d flag - *
grpc_ssl_session_reuse http_grpc http,server,location flag d flag - *
grpc_ssl_trusted_certificate http_grpc http,server,location 1 d str - *
grpc_ssl_verify http_grpc http,server,location flag d flag - *
grpc_ssl_verify_depth http_grpc http,server,location 1 d num - *
gunzip http_gunzip_filter http,server,location flag d flag - *
gunzip_buffers http_gunzip_filter http,server,location 2 d bufs - *
gzip http_gzip_filter http,server,location,lif flag d flag - *
gzip_buffers http_gzip_filter http,server,location 2 d bufs - *
gzip_comp_level http_gzip_filter http,server,location 1 d num:1-9 - *
gzip_disable http_core http,server,location 1+ - - - *
gzip_hash http_gzip_filter http,server,location 1 d size - *
gzip_http_version http_core http,server,location 1 d enum:1.0/1.1 - *
gzip_min_length http_gzip_filter http,server,location 1 d size - *
gzip_no_buffer http_gzip_filter http,server,location flag d flag - *
gzip_proxied http_core http,server,location 1+ - bitmask:off/expired/no-cache/no-store/private/no_last_modified/no_etag/auth/any - *
gzip_static http_gzip_static http,server,location 1 d enum:off/on/always - *
gzip_types http_gzip_filter http,server,location 1+ - - - *
gzip_vary http_core http,server,location flag d flag - *
gzip_window http_gzip_filter http,server,location 1 d size - *
hash http_upstream_hash upstream 12 - - - *
hash stream_upstream_hash stream-upstream 12 - - stream *
http http main 0 b - - *
http2 http_v2 http,server flag d flag - 1.25.1-
http2_body_preread_size http_v2 http,server 1 d size - *
http2_chunk_size http_v2 http,server,location 1 d size - *
http2_idle_timeout http_v2 http,server 1 d msec - -1.19.6
http2_idle_timeout http_v2 http,server 1 - - - 1.19.7-
http2_max_concurrent_pushes http_v2 http,server 1 d num - -1.25.0
http2_max_concurrent_pushes http_v2 http,server 1 - - - 1.25.1-
http2_max_concurrent_streams http_v2 http,server 1 d num - *
http2_max_field_size http_v2 http,server 1 d size - -1.19.6
http2_max_field_size http_v2 http,server 1 - - - 1.19.7-
http2_max_header_size http_v2 http,server 1 d size - -1.19.6
http2_max_header_size http_v2 http,server 1 - - - 1.19.7-
http2_max_requests http_v2 http,server 1 d num - -1.19.6
http2_max_requests http_v2 http,server 1 - - - 1.19.7-
http2_pool_size http_v2 http,server 1 d size - *
http2_push http_v2 http,server,location 1 - - - *
http2_push_preload http_v2 http,server,location flag d flag - -1.25.0
http2_push_preload http_v2 http,server,location flag - - - 1.25.1-
http2_recv_buffer_size http_v2 http 1 d size - *
http2_recv_timeout http_v2 http,server 1 d msec - -1.19.6
http2_recv_timeout http_v2 http,server 1 - - - 1.19.7-
http2_streams_index_size http_v2 http,server 1 d num - *
http3 http_v3 http,server flag d flag - 1.25.0-
http3_hq http_v3 http,server flag d flag - 1.25.0-
http3_max_concurrent_streams http_v3 http,server 1 d num - 1.25.0-
http3_stream_buffer_size http_v3 http,server 1 d size - 1.25.0-
if http_rewrite server,location 1+ b - - *
if_modified_since http_core http,server,location 1 d enum:off/exact/before - *
ignore_invalid_headers http_core http,server flag d flag - *
image_filter http_image_filter location 123 - - http_image_filter *
image_filter_buffer http_image_filter http,server,location 1 d size http_image_filter *
image_filter_interlace http_image_filter http,server,location flag d flag http_image_filter *
image_filter_jpeg_quality http_image_filter http,server,location 1 - - http_image_filter *
image_filter_sharpen http_image_filter http,server,location 1 - - http_image_filter *
image_filter_transparency http_image_filter http,server,location flag d flag http_image_filter *
image_filter_webp_quality http_image_filter http,server,location 1 - - http_image_filter *
imap_auth mail_imap mail,mail-server 1+ - bitmask:plain/login/cram-md5/external mail *
imap_capabilities mail_imap mail,mail-server 1+ - - mail *
imap_client_buffer mail_imap mail,mail-server 1 d size mail *
include conf any 1 - - - *
index http_index http,server,location 1+ - - - *
internal http_core location 0 d - - *
iocp_threads iocp events 1 d num - *
ip_hash http_upstream_ip_hash upstream 0 - - - *
keepalive http_upstream_keepalive upstream 1 d - - -1.29.6
keepalive http_upstream_keepalive upstream 12 d - - 1.29.7-
keepalive_disable http_core http,server,location 12 - bitmask:none/msie6/safari - *
keepalive_min_timeout http_core http,server,location 1 d msec - 1.27.4-
keepalive_requests http_core http,server,location 1 d num - *
keepalive_requests http_upstream_keepalive upstream 1 d num - *
keepalive_time http_core http,server,location 1 d msec - 1.19.10-
keepalive_time http_upstream_keepalive upstream 1 d msec - 1.19.10-
keepalive_timeout http_core http,server,location 12 d - - *
keepalive_timeout http_upstream_keepalive upstream 1 d msec - *
kqueue_changes kqueue events 1 d num - *
kqueue_events kqueue events 1 d num - *
large_client_header_buffers http_core http,server 2 d bufs - *
least_conn http_upstream_least_conn upstream 0 - - - *
least_conn stream_upstream_least_conn stream-upstream 0 - - stream *
limit_conn http_limit_conn http,server,location 2 - - - *
limit_conn stream_limit_conn stream,stream-server 2 - - stream *
limit_conn_dry_run http_limit_conn http,server,location flag d flag - *
limit_conn_dry_run stream_limit_conn stream,stream-server flag d flag stream *
limit_conn_log_level http_limit_conn http,server,location 1 d enum:info/notice/warn/error - *
limit_conn_log_level stream_limit_conn stream,stream-server 1 d enum:info/notice/warn/error stream *
limit_conn_status http_limit_conn http,server,location 1 d num:400-599 - *
limit_conn_zone http_limit_conn http 2 - - - *
limit_conn_zone stream_limit_conn stream 2 - - stream *
limit_except http_core location 1+ bd - - *
limit_rate http_core http,server,location,lif 1 d - - *
limit_rate_after http_core http,server,location,lif 1 d - - *
limit_req http_limit_req http,server,location 123 - - - *
limit_req_dry_run http_limit_req http,server,location flag d flag - *
limit_req_log_level http_limit_req http,server,location 1 d enum:info/notice/warn/error - *
limit_req_status http_limit_req http,server,location 1 d num:400-599 - *
limit_req_zone http_limit_req http 3 - - - *
lingering_close http_core http,server,location 1 d enum:off/on/always - *
lingering_time http_core http,server,location 1 d msec - *
lingering_timeout http_core http,server,location 1 d msec - *
listen http_core server 1+ - - - *
listen mail_core mail-server 1+ - - mail *
listen stream_core stream-server 1+ - - stream *
load_module core main 1 - - - *
location http_core server,location 12 b - - *
lock_file core main 1 d str - *
log_format http_log http 2+ - - - *
log_format stream_log stream 2+ - - stream *
log_not_found http_core http,server,location flag d flag - *
log_subrequest http_core http,server,location flag d flag - *
mail mail main 0 b - mail *
map http_map http 2 br - - *
map stream_map stream 2 br - stream *
map_hash_bucket_size http_map http 1 d num - *
map_hash_bucket_size stream_map stream 1 d num stream *
map_hash_max_size http_map http 1 d num - *
map_hash_max_size stream_map stream 1 d num stream *
master_process core main flag d flag - *
max_errors mail_core mail,mail-server 1 d num mail 1.21.0-
max_headers http_core http,server 1 d num - 1.29.8-
max_ranges http_core http,server,location 1 d num - *
memcached_bind http_memcached http,server,location 12 d - - *
memcached_buffer_size http_memcached http,server,location 1 d size - *
memcached_connect_timeout http_memcached http,server,location 1 d msec - *
memcached_gzip_flag http_memcached http,server,location 1 d num - *
memcached_next_upstream http_memcached http,server,location 1+ - bitmask:error/timeout/invalid_response/not_found/off - *
memcached_next_upstream_timeout http_memcached http,server,location 1 d msec - *
memcached_next_upstream_tries http_memcached http,server,location 1 d num - *
memcached_pass http_memcached location,lif 1 d - - *
memcached_read_timeout http_memcached http,server,location 1 d msec - *
memcached_send_timeout http_memcached http,server,location 1 d msec - *
memcached_socket_keepalive http_memcached http,server,location flag d flag - *
merge_slashes http_core http,server flag d flag - *
min_delete_depth http_dav http,server,location 1 d num - *
mirror http_mirror http,server,location 1 - - - *
mirror_request_body http_mirror http,server,location flag d flag - *
modern_browser http_browser http,server,location 12 - - - *
modern_browser_value http_browser http,server,location 1 - - - *
mp4 http_mp4 location 0 - - - *
mp4_buffer_size http_mp4 http,server,location 1 d size - *
mp4_max_buffer_size http_mp4 http,server,location 1 d size - *
mp4_start_key_frame http_mp4 http,server,location flag d flag - 1.21.4-
msie_padding http_core http,server,location flag d flag - *
msie_refresh http_core http,server,location flag d flag - *
multi_accept event_core events flag d flag - *
open_file_cache http_core http,server,location 12 d - - *
open_file_cache_errors http_core http,server,location flag d flag - *
open_file_cache_events http_core http,server,location flag d flag - *
open_file_cache_min_uses http_core http,server,location 1 d num - *
open_file_cache_valid http_core http,server,location 1 d sec - *
open_log_file_cache http_log http,server,location 1234 d - - *
open_log_file_cache stream_log stream,stream-server 1234 d - stream *
output_buffers http_copy_filter http,server,location 2 d bufs - *
override_charset http_charset_filter http,server,location,lif flag d flag - *
pass stream_pass stream-server 1 d - stream 1.25.5-
pcre_jit regex main flag d flag - *
perl http_perl location,lmt 1 - - http_perl *
perl_modules http_perl http 1 - - http_perl *
perl_require http_perl http 1 - - http_perl *
perl_set http_perl http 2 - - http_perl *
pid core main 1 d str - *
pop3_auth mail_pop3 mail,mail-server 1+ - bitmask:plain/apop/cram-md5/external mail *
pop3_capabilities mail_pop3 mail,mail-server 1+ - - mail *
port_in_redirect http_core http,server,location flag d flag - *
post_acceptex iocp events 1 d num - *
post_action http_core http,server,location,lif 1 d str - *
postpone_gzipping http_gzip_filter http,server,location 1 d size - *
postpone_output http_core http,server,location 1 d size - *
preread_buffer_size stream_core stream,stream-server 1 d size stream *
preread_timeout stream_core stream,stream-server 1 d msec stream *
protocol mail_core mail-server 1 - - mail *
proxy mail_proxy mail,mail-server flag d flag mail *
proxy_bind http_proxy http,server,location 12 d - - *
proxy_bind stream_proxy stream,stream-server 12 d - stream *
proxy_buffer mail_proxy mail,mail-server 1 d size mail *
proxy_buffer_size http_proxy http,server,location 1 d size - *
proxy_buffer_size stream_proxy stream,stream-server 1 d size stream *
proxy_buffering http_proxy http,server,location flag d flag - *
proxy_buffers http_proxy http,server,location 2 d bufs - *
proxy_busy_buffers_size http_proxy http,server,location 1 d size - *
proxy_cache http_proxy http,server,location 1 d - - *
proxy_cache_background_update http_proxy http,server,location flag d flag - *
proxy_cache_bypass http_proxy http,server,location 1+ - - - *
proxy_cache_convert_head http_proxy http,server,location flag d flag - *
proxy_cache_key http_proxy http,server,location 1 d - - *
proxy_cache_lock http_proxy http,server,location flag d flag - *
proxy_cache_lock_age http_proxy http,server,location 1 d msec - *
proxy_cache_lock_timeout http_proxy http,server,location 1 d msec - *
proxy_cache_max_range_offset http_proxy http,server,location 1 d off - *
proxy_cache_methods http_proxy http,server,location 1+ - bitmask - *
proxy_cache_min_uses http_proxy http,server,location 1 d num - *
proxy_cache_path http_proxy http 2+ - - - *
proxy_cache_revalidate http_proxy http,server,location flag d flag - *
proxy_cache_use_stale http_proxy http,server,location 1+ - bitmask:error/timeout/invalid_header/non_idempotent/http_500/http_502/http_503/http_504/http_403/http_404/http_429/updating/off - *
proxy_cache_valid http_proxy http,server,location 1+ - - - *
proxy_connect_timeout http_proxy http,server,location 1 d msec - *
proxy_connect_timeout stream_proxy stream,stream-server 1 d msec stream *
proxy_cookie_domain http_proxy http,server,location 12 - - - *
proxy_cookie_flags http_proxy http,server,location 1234 - - - 1.19.3-
proxy_cookie_path http_proxy http,server,location 12 - - - *
proxy_download_rate stream_proxy stream,stream-server 1 d - stream *
proxy_downstream_buffer stream_proxy stream,stream-server 1 d size stream *
proxy_force_ranges http_proxy http,server,location flag d flag - *
proxy_half_close stream_proxy stream,stream-server flag d flag stream 1.21.4-
proxy_headers_hash_bucket_size http_proxy http,server,location 1 d num - *
proxy_headers_hash_max_size http_proxy http,server,location 1 d num - *
proxy_hide_header http_proxy http,server,location 1 - - - *
proxy_http_version http_proxy http,server,location 1 d enum:1.0/1.1 - -1.29.3
proxy_http_version http_proxy http,server,location 1 d enum:1.0/1.1/2 - 1.29.4-
proxy_ignore_client_abort http_proxy http,server,location flag d flag - *
proxy_ignore_headers http_proxy http,server,location 1+ - bitmask - *
proxy_intercept_errors http_proxy http,server,location flag d flag - *
proxy_limit_rate http_proxy http,server,location 1 d size - -1.26.3
proxy_limit_rate http_proxy http,server,location 1 d - - 1.27.0-
proxy_max_temp_file_size http_proxy http,server,location 1 d size - *
proxy_method http_proxy http,server,location 1 d - - *
proxy_next_upstream http_proxy http,server,location 1+ - bitmask:error/timeout/invalid_header/non_idempotent/http_500/http_502/http_503/http_504/http_403/http_404/http_429/updating/off - *
proxy_next_upstream stream_proxy stream,stream-server flag d flag stream *
proxy_next_upstream_timeout http_proxy http,server,location 1 d msec - *
proxy_next_upstream_timeout stream_proxy stream,stream-server 1 d msec stream *
proxy_next_upstream_tries http_proxy http,server,location 1 d num - *
proxy_next_upstream_tries stream_proxy stream,stream-server 1 d num stream *
proxy_no_cache http_proxy http,server,location 1+ - - - *
proxy_pass http_proxy location,lif,lmt 1 d - - *
proxy_pass stream_proxy stream-server 1 d - stream *
proxy_pass_error_message mail_proxy mail,mail-server flag d flag mail *
proxy_pass_header http_proxy http,server,location 1 - - - *
proxy_pass_request_body http_proxy http,server,location flag d flag - *
proxy_pass_request_headers http_proxy http,server,location flag d flag - *
proxy_pass_trailers http_proxy http,server,location flag d flag - 1.27.2-
proxy_protocol mail_proxy mail,mail-server flag d flag mail 1.19.8-
proxy_protocol stream_proxy stream,stream-server flag d flag stream *
proxy_protocol_timeout stream_core stream,stream-server 1 d msec stream *
proxy_read_timeout http_proxy http,server,location 1 d msec - *
proxy_redirect http_proxy http,server,location 12 - - - *
proxy_request_buffering http_proxy http,server,location flag d flag - *
proxy_requests stream_proxy stream,stream-server 1 d num stream *
proxy_responses stream_proxy stream,stream-server 1 d num stream *
proxy_send_lowat http_proxy http,server,location 1 d size - *
proxy_send_timeout http_proxy http,server,location 1 d msec - *
proxy_set_body http_proxy http,server,location 1 d str - *
proxy_set_header http_proxy http,server,location 2 - - - *
proxy_smtp_auth mail_proxy mail,mail-server flag d flag mail 1.19.4-
proxy_socket_keepalive http_proxy http,server,location flag d flag - *
proxy_socket_keepalive stream_proxy stream,stream-server flag d flag stream *
proxy_ssl stream_proxy stream,stream-server flag d flag stream *
proxy_ssl_certificate http_proxy http,server,location 1 d str - -1.20.2
proxy_ssl_certificate http_proxy http,server,location 1 d - - 1.21.0-
proxy_ssl_certificate stream_proxy stream,stream-server 1 d str stream -1.20.2
proxy_ssl_certificate stream_proxy stream,stream-server 1 d - stream 1.21.0-
proxy_ssl_certificate_cache http_proxy http,server,location 123 - - - 1.27.4-
proxy_ssl_certificate_cache stream_proxy stream,stream-server 123 - - stream 1.27.4-
proxy_ssl_certificate_key http_proxy http,server,location 1 d str - -1.20.2
proxy_ssl_certificate_key http_proxy http,server,location 1 d - - 1.21.0-
proxy_ssl_certificate_key stream_proxy stream,stream-server 1 d str stream -1.20.2
proxy_ssl_certificate_key stream_proxy stream,stream-server 1 d - stream 1.21.0-
proxy_ssl_ciphers http_proxy http,server,location 1 d str - *
proxy_ssl_ciphers stream_proxy stream,stream-server 1 d str stream *
proxy_ssl_conf_command http_proxy http,server,location 2 - - - 1.19.4-
proxy_ssl_conf_command stream_proxy stream,stream-server 2 - - stream 1.19.4-
proxy_ssl_crl http_proxy http,server,location 1 d str - *
proxy_ssl_crl stream_proxy stream,stream-server 1 d str stream *
proxy_ssl_name http_proxy http,server,location 1 d - - *
proxy_ssl_name stream_proxy stream,stream-server 1 d - stream *
proxy_ssl_password_file http_proxy http,server,location 1 - - - *
proxy_ssl_password_file stream_proxy stream,stream-server 1 - - stream *
proxy_ssl_protocols http_proxy http,server,location 1+ - bitmask:SSLv2/SSLv3/TLSv1/TLSv1.1/TLSv1.2/TLSv1.3 - *
proxy_ssl_protocols stream_proxy stream,stream-server 1+ - bitmask:SSLv2/SSLv3/TLSv1/TLSv1.1/TLSv1.2/TLSv1.3 stream *
proxy_ssl_server_name http_proxy http,server,location flag d flag - *
proxy_ssl_server_name stream_proxy stream,stream-server flag d flag stream *
proxy_ssl_session_reuse http_proxy http,server,location flag d flag - *
proxy_ssl_session_reuse stream_proxy stream,stream-server flag d flag stream *
proxy_ssl_trusted_certificate http_proxy http,server,location 1 d str - *
proxy_ssl_trusted_certificate stream_proxy stream,stream-server 1 d str stream *
proxy_ssl_verify http_proxy http,server,location flag d flag - *
proxy_ssl_verify stream_proxy stream,stream-server flag d flag stream *
proxy_ssl_verify_depth http_proxy http,server,location 1 d num - *
proxy_ssl_verify_depth stream_proxy stream,stream-server 1 d num stream *
proxy_store http_proxy http,server,location 1 d - - *
proxy_store_access http_proxy http,server,location 123 d access - *
proxy_temp_file_write_size http_proxy http,server,location 1 d size - *
proxy_temp_path http_proxy http,server,location 1234 d path - *
proxy_timeout mail_proxy mail,mail-server 1 d msec mail *
proxy_timeout stream_proxy stream,stream-server 1 d msec stream *
proxy_upload_rate stream_proxy stream,stream-server 1 d - stream *
proxy_upstream_buffer stream_proxy stream,stream-server 1 d size stream *
quic_active_connection_id_limit http_v3 http,server 1 d num - 1.25.0-
quic_bpf quic_bpf main flag d flag - 1.25.0-
quic_gso http_v3 http,server flag d flag - 1.25.0-
quic_host_key http_v3 http,server 1 - - - 1.25.0-
quic_retry http_v3 http,server flag d flag - 1.25.0-
random http_upstream_random upstream 012 - - - *
random stream_upstream_random stream-upstream 012 - - stream *
random_index http_random_index location flag d flag - *
read_ahead http_core http,server,location 1 d size - *
real_ip_header http_realip http,server,location 1 d - - *
real_ip_recursive http_realip http,server,location flag d flag - *
recursive_error_pages http_core http,server,location flag d flag - *
referer_hash_bucket_size http_referer server,location 1 d num - *
referer_hash_max_size http_referer server,location 1 d num - *
request_pool_size http_core http,server 1 d size - *
reset_timedout_connection http_core http,server,location flag d flag - *
resolver http_core http,server,location 1+ d - - *
resolver http_upstream upstream 1+ - - - 1.27.3-
resolver mail_core mail,mail-server 1+ - - mail *
resolver stream_core stream,stream-server 1+ - - stream *
resolver stream_upstream stream-upstream 1+ - - stream 1.27.3-
resolver_timeout http_core http,server,location 1 d msec - *
resolver_timeout http_upstream upstream 1 d msec - 1.27.3-
resolver_timeout mail_core mail,mail-server 1 d msec mail *
resolver_timeout stream_core stream,stream-server 1 d msec stream *
resolver_timeout stream_upstream stream-upstream 1 d msec stream 1.27.3-
return http_rewrite server,location,sif,lif 12 - - - *
return stream_return stream-server 1 d - stream *
rewrite http_rewrite server,location,sif,lif 23 - - - *
rewrite_log http_rewrite http,server,location,sif,lif flag d flag - *
root http_core http,server,location,lif 1 d - - *
satisfy http_core http,server,location 1 d enum:all/any - *
scgi_bind http_scgi http,server,location 12 d - - *
scgi_buffer_size http_scgi http,server,location 1 d size - *
scgi_buffering http_scgi http,server,location flag d flag - *
scgi_buffers http_scgi http,server,location 2 d bufs - *
scgi_busy_buffers_size http_scgi http,server,location 1 d size - *
scgi_cache http_scgi http,server,location 1 d - - *
scgi_cache_background_update http_scgi http,server,location flag d flag - *
scgi_cache_bypass http_scgi http,server,location 1+ - - - *
scgi_cache_key http_scgi http,server,location 1 d - - *
scgi_cache_lock http_scgi http,server,location flag d flag - *
scgi_cache_lock_age http_scgi http,server,location 1 d msec - *
scgi_cache_lock_timeout http_scgi http,server,location 1 d msec - *
scgi_cache_max_range_offset http_scgi http,server,location 1 d off - *
scgi_cache_methods http_scgi http,server,location 1+ - bitmask - *
scgi_cache_min_uses http_scgi http,server,location 1 d num - *
scgi_cache_path http_scgi http 2+ - - - *
scgi_cache_revalidate http_scgi http,server,location flag d flag - *
scgi_cache_use_stale http_scgi http,server,location 1+ - bitmask:error/timeout/invalid_header/non_idempotent/http_500/http_503/http_403/http_404/http_429/updating/off - *
scgi_cache_valid http_scgi http,server,location 1+ - - - *
scgi_connect_timeout http_scgi http,server,location 1 d msec - *
scgi_force_ranges http_scgi http,server,location flag d flag - *
scgi_hide_header http_scgi http,server,location 1 - - - *
scgi_ignore_client_abort http_scgi http,server,location flag d flag - *
scgi_ignore_headers http_scgi http,server,location 1+ - bitmask - *
scgi_intercept_errors http_scgi http,server,location flag d flag - *
scgi_limit_rate http_scgi http,server,location 1 d size - -1.26.3
scgi_limit_rate http_scgi http,server,location 1 d - - 1.27.0-
scgi_max_temp_file_size http_scgi http,server,location 1 d size - *
scgi_next_upstream http_scgi http,server,location 1+ - bitmask:error/timeout/invalid_header/non_idempotent/http_500/http_503/http_403/http_404/http_429/updating/off - *
scgi_next_upstream_timeout http_scgi http,server,location 1 d msec - *
scgi_next_upstream_tries http_scgi http,server,location 1 d num - *
scgi_no_cache http_scgi http,server,location 1+ - - - *
scgi_param http_scgi http,server,location 23 - - - *
scgi_pass http_scgi location,lif 1 d - - *
scgi_pass_header http_scgi http,server,location 1 - - - *
scgi_pass_request_body http_scgi http,server,location flag d flag - *
scgi_pass_request_headers http_scgi http,server,location flag d flag - *
scgi_read_timeout http_scgi http,server,location 1 d msec - *
scgi_request_buffering http_scgi http,server,location flag d flag - *
scgi_send_timeout http_scgi http,server,location 1 d msec - *
scgi_socket_keepalive http_scgi http,server,location flag d flag - *
scgi_store http_scgi http,server,location 1 d - - *
scgi_store_access http_scgi http,server,location 123 d access - *
scgi_temp_file_write_size http_scgi http,server,location 1 d size - *
scgi_temp_path http_scgi http,server,location 1234 d path - *
secure_link http_secure_link http,server,location 1 d - - *
secure_link_md5 http_secure_link http,server,location 1 d - - *
secure_link_secret http_secure_link http,server,location 1 d str - *
send_lowat http_core http,server,location 1 d size - *
send_timeout http_core http,server,location 1 d msec - *
sendfile http_core http,server,location,lif flag d flag - *
sendfile_max_chunk http_core http,server,location 1 d size - *
server http_core http 0 b - - *
server http_upstream upstream 1+ - - - *
server mail_core mail 0 b - mail *
server stream_core stream 0 b - stream *
server stream_upstream stream-upstream 1+ - - stream *
server_name http_core server 1+ - - - *
server_name mail_core mail,mail-server 1 d str mail *
server_name stream_core stream-server 1+ - - stream 1.25.5-
server_name_in_redirect http_core http,server,location flag d flag - *
server_names_hash_bucket_size http_core http 1 d num - *
server_names_hash_bucket_size stream_core stream 1 d num stream 1.25.5-
server_names_hash_max_size http_core http 1 d num - *
server_names_hash_max_size stream_core stream 1 d num stream 1.25.5-
server_tokens http_core http,server,location 1 d enum:off/on/build - *
set http_rewrite server,location,sif,lif 2 - - - *
set stream_set stream-server 2 - - stream 1.19.3-
set_real_ip_from http_realip http,server,location 1 - - - *
set_real_ip_from mail_realip mail,mail-server 1 - - mail 1.19.8-
set_real_ip_from stream_realip stream,stream-server 1 - - stream *
slice http_slice_filter http,server,location 1 d size - *
smtp_auth mail_smtp mail,mail-server 1+ - bitmask:plain/login/cram-md5/external/none mail *
smtp_capabilities mail_smtp mail,mail-server 1+ - - mail *
smtp_client_buffer mail_smtp mail,mail-server 1 d size mail *
smtp_greeting_delay mail_smtp mail,mail-server 1 d msec mail *
source_charset http_charset_filter http,server,location,lif 1 d - - *
spdy_chunk_size http_v2 http,server,location 1 - - - -1.19.6
spdy_headers_comp http_v2 http,server 1 - - - -1.19.6
spdy_keepalive_timeout http_v2 http,server 1 - - - -1.19.6
spdy_max_concurrent_streams http_v2 http,server 1 - - - -1.19.6
spdy_pool_size http_v2 http,server 1 - - - -1.19.6
spdy_recv_buffer_size http_v2 http 1 - - - -1.19.6
spdy_recv_timeout http_v2 http,server 1 - - - -1.19.6
spdy_streams_index_size http_v2 http,server 1 - - - -1.19.6
split_clients http_split_clients http 2 br - - *
split_clients stream_split_clients stream 2 br - stream *
ssi http_ssi_filter http,server,location,lif flag d flag - *
ssi_ignore_recycled_buffers http_ssi_filter http,server,location flag d flag - *
ssi_last_modified http_ssi_filter http,server,location flag d flag - *
ssi_min_file_chunk http_ssi_filter http,server,location 1 d size - *
ssi_silent_errors http_ssi_filter http,server,location flag d flag - *
ssi_types http_ssi_filter http,server,location 1+ - - - *
ssi_value_length http_ssi_filter http,server,location 1 d size - *
ssl http_ssl http,server flag - - - -1.25.0
ssl mail_ssl mail,mail-server flag - - mail -1.25.0
ssl_alpn stream_ssl stream,stream-server 1+ - - stream 1.21.4-
ssl_buffer_size http_ssl http,server 1 d size - *
ssl_certificate http_ssl http,server 1 - - - *
ssl_certificate mail_ssl mail,mail-server 1 - - mail *
ssl_certificate stream_ssl stream,stream-server 1 - - stream *
ssl_certificate_cache http_ssl http,server 123 - - - 1.27.4-
ssl_certificate_cache stream_ssl stream,stream-server 123 - - stream 1.27.4-
ssl_certificate_compression http_ssl http,server flag d flag - 1.29.1-
ssl_certificate_compression mail_ssl mail,mail-server flag d flag mail 1.29.1-
ssl_certificate_compression stream_ssl stream,stream-server flag d flag stream 1.29.1-
ssl_certificate_key http_ssl http,server 1 - - - *
ssl_certificate_key mail_ssl mail,mail-server 1 - - mail *
ssl_certificate_key stream_ssl stream,stream-server 1 - - stream *
ssl_ciphers http_ssl http,server 1 d str - *
ssl_ciphers mail_ssl mail,mail-server 1 d str mail *
ssl_ciphers stream_ssl stream,stream-server 1 d str stream *
ssl_client_certificate http_ssl http,server 1 d str - *
ssl_client_certificate mail_ssl mail,mail-server 1 d str mail *
ssl_client_certificate stream_ssl stream,stream-server 1 d str stream *
ssl_conf_command http_ssl http,server 2 - - - 1.19.4-
ssl_conf_command mail_ssl mail,mail-server 2 - - mail 1.19.4-
ssl_conf_command stream_ssl stream,stream-server 2 - - stream 1.19.4-
ssl_crl http_ssl http,server 1 d str - *
ssl_crl mail_ssl mail,mail-server 1 d str mail *
ssl_crl stream_ssl stream,stream-server 1 d str stream *
ssl_dhparam http_ssl http,server 1 d str - *
ssl_dhparam mail_ssl mail,mail-server 1 d str mail *
ssl_dhparam stream_ssl stream,stream-server 1 d str stream *
ssl_early_data http_ssl http,server flag d flag - *
ssl_ecdh_curve http_ssl http,server 1 d str - *
ssl_ecdh_curve mail_ssl mail,mail-server 1 d str mail *
ssl_ecdh_curve stream_ssl stream,stream-server 1 d str stream *
ssl_ech_file http_ssl http,server 1 - - - 1.29.4-
ssl_ech_file stream_ssl stream,stream-server 1 - - stream 1.29.4-
ssl_engine openssl main 1 - - - *
ssl_handshake_timeout stream_ssl stream,stream-server 1 d msec stream *
ssl_object_cache_inheritable openssl_cache main flag d flag - 1.27.4-
ssl_ocsp http_ssl http,server flag d enum:off/on/leaf - 1.19.0-1.28.0,1.29.0-1.29.2
ssl_ocsp http_ssl http,server 1 d enum:off/on/leaf - 1.28.1-1.28.3,1.29.3-
ssl_ocsp stream_ssl stream,stream-server flag d enum:off/on/leaf stream 1.27.2-1.28.0,1.29.0-1.29.2
ssl_ocsp stream_ssl stream,stream-server 1 d enum:off/on/leaf stream 1.28.1-1.28.3,1.29.3-
ssl_ocsp_cache http_ssl http,server 1 - - - 1.19.0-
ssl_ocsp_cache stream_ssl stream,stream-server 1 - - stream 1.27.2-
ssl_ocsp_responder http_ssl http,server 1 d str - 1.19.0-
ssl_ocsp_responder stream_ssl stream,stream-server 1 d str stream 1.27.2-
ssl_password_file http_ssl http,server 1 - - - *
ssl_password_file mail_ssl mail,mail-server 1 - - mail *
ssl_password_file stream_ssl stream,stream-server 1 - - stream *
ssl_prefer_server_ciphers http_ssl http,server flag d flag - *
ssl_prefer_server_ciphers mail_ssl mail,mail-server flag d flag mail *
ssl_prefer_server_ciphers stream_ssl stream,stream-server flag d flag stream *
ssl_preread stream_ssl_preread stream,stream-server flag d flag stream *
ssl_protocols http_ssl http,server 1+ - bitmask:SSLv2/SSLv3/TLSv1/TLSv1.1/TLSv1.2/TLSv1.3 - *
ssl_protocols mail_ssl mail,mail-server 1+ - bitmask:SSLv2/SSLv3/TLSv1/TLSv1.1/TLSv1.2/TLSv1.3 mail *
ssl_protocols stream_ssl stream,stream-server 1+ - bitmask:SSLv2/SSLv3/TLSv1/TLSv1.1/TLSv1.2/TLSv1.3 stream *
ssl_reject_handshake http_ssl http,server flag d flag - 1.19.4-
ssl_reject_handshake stream_ssl stream,stream-server flag d flag stream 1.25.5-
ssl_session_cache http_ssl http,server 12 - - - *
ssl_session_cache mail_ssl mail,mail-server 12 - - mail *
ssl_session_cache stream_ssl stream,stream-server 12 - - stream *
ssl_session_ticket_key http_ssl http,server 1 - - - *
ssl_session_ticket_key mail_ssl mail,mail-server 1 - - mail *
ssl_session_ticket_key stream_ssl stream,stream-server 1 - - stream *
ssl_session_tickets http_ssl http,server flag d flag - *
ssl_session_tickets mail_ssl mail,mail-server flag d flag mail *
ssl_session_tickets stream_ssl stream,stream-server flag d flag stream *
ssl_session_timeout http_ssl http,server 1 d sec - *
ssl_session_timeout mail_ssl mail,mail-server 1 d sec mail *
ssl_session_timeout stream_ssl stream,stream-server 1 d sec stream *
ssl_stapling http_ssl http,server flag d flag - *
ssl_stapling stream_ssl stream,stream-server flag d flag stream 1.27.2-
ssl_stapling_file http_ssl http,server 1 d str - *
ssl_stapling_file stream_ssl stream,stream-server 1 d str stream 1.27.2-
ssl_stapling_responder http_ssl http,server 1 d str - *
ssl_stapling_responder stream_ssl stream,stream-server 1 d str stream 1.27.2-
ssl_stapling_verify http_ssl http,server flag d flag - *
ssl_stapling_verify stream_ssl stream,stream-server flag d flag stream 1.27.2-
ssl_trusted_certificate http_ssl http,server 1 d str - *
ssl_trusted_certificate mail_ssl mail,mail-server 1 d str mail *
ssl_trusted_certificate stream_ssl stream,stream-server 1 d str stream *
ssl_verify_client http_ssl http,server 1 d enum:off/on/optional/optional_no_ca - *
ssl_verify_client mail_ssl mail,mail-server 1 d enum:off/on/optional/optional_no_ca mail *
ssl_verify_client stream_ssl stream,stream-server 1 d enum:off/on/optional/optional_no_ca stream *
ssl_verify_depth http_ssl http,server 1 d num - *
ssl_verify_depth mail_ssl mail,mail-server 1 d num mail *
ssl_verify_depth stream_ssl stream,stream-server 1 d num stream *
starttls mail_ssl mail,mail-server 1 - - mail *
sticky http_upstream_sticky upstream 2+ - - - 1.29.6-
stream stream main 0 b - stream *
stub_status http_status server,location 01 - - - *
sub_filter http_sub_filter http,server,location 2 - - - *
sub_filter_last_modified http_sub_filter http,server,location flag d flag - *
sub_filter_once http_sub_filter http,server,location flag d flag - *
sub_filter_types http_sub_filter http,server,location 1+ - - - *
subrequest_output_buffer_size http_core http,server,location 1 d size - *
subs_buffers http_subs_filter http,server,location 2 d bufs http_subs_filter *
subs_filter http_subs_filter http,server,location 2+ - - http_subs_filter *
subs_filter_bypass http_subs_filter http,server,location 1+ - - http_subs_filter *
subs_filter_types http_subs_filter http,server,location 1+ - - http_subs_filter *
subs_line_buffer_size http_subs_filter http,server,location 2 d size http_subs_filter *
tcp_nodelay http_core http,server,location flag d flag - *
tcp_nodelay stream_core stream,stream-server flag d flag stream *
tcp_nopush http_core http,server,location flag d flag - *
thread_pool thread_pool main 23 - - - *
timeout mail_core mail,mail-server 1 d msec mail *
timer_resolution core main 1 d msec - *
try_files http_try_files server,location 2+ d - - *
types http_core http,server,location 0 br - - *
types_hash_bucket_size http_core http,server,location 1 d num - *
types_hash_max_size http_core http,server,location 1 d num - *
underscores_in_headers http_core http,server flag d flag - *
uninitialized_variable_warn http_rewrite http,server,location,sif,lif flag d flag - *
upstream http_upstream http 1 b - - *
upstream stream_upstream stream 1 b - stream *
upstream_fair_shm_size http_upstream_fair http 1 - - http_upstream_fair *
use event_core events 1 d - - *
user core main 12 d - - *
userid http_userid http,server,location 1 d enum - *
userid_domain http_userid http,server,location 1 d str - *
userid_expires http_userid http,server,location 1 - - - *
userid_flags http_userid http,server,location 123 - bitmask:off/secure/httponly/samesite=strict/samesite=lax/samesite=none - 1.19.3-
userid_mark http_userid http,server,location 1 - - - *
userid_name http_userid http,server,location 1 d str - *
userid_p3p http_userid http,server,location 1 d str - *
userid_path http_userid http,server,location 1 d str - *
userid_service http_userid http,server,location 1 d num - *
uwsgi_bind http_uwsgi http,server,location 12 d - - *
uwsgi_buffer_size http_uwsgi http,server,location 1 d size - *
uwsgi_buffering http_uwsgi http,server,location flag d flag - *
uwsgi_buffers http_uwsgi http,server,location 2 d bufs - *
uwsgi_busy_buffers_size http_uwsgi http,server,location 1 d size - *
uwsgi_cache http_uwsgi http,server,location 1 d - - *
uwsgi_cache_background_update http_uwsgi http,server,location 1 d flag - *
uwsgi_cache_bypass http_uwsgi http,server,location 1+ - - - *
uwsgi_cache_key http_uwsgi http,server,location 1 d - - *
uwsgi_cache_lock http_uwsgi http,server,location flag d flag - *
uwsgi_cache_lock_age http_uwsgi http,server,location 1 d msec - *
uwsgi_cache_lock_timeout http_uwsgi http,server,location 1 d msec - *
uwsgi_cache_max_range_offset http_uwsgi http,server,location 1 d off - *
uwsgi_cache_methods http_uwsgi http,server,location 1+ - bitmask - *
uwsgi_cache_min_uses http_uwsgi http,server,location 1 d num - *
uwsgi_cache_path http_uwsgi http 2+ - - - *
uwsgi_cache_revalidate http_uwsgi http,server,location flag d flag - *
uwsgi_cache_use_stale http_uwsgi http,server,location 1+ - bitmask:error/timeout/invalid_header/non_idempotent/http_500/http_503/http_403/http_404/http_429/updating/off - *
uwsgi_cache_valid http_uwsgi http,server,location 1+ - - - *
uwsgi_connect_timeout http_uwsgi http,server,location 1 d msec - *
uwsgi_force_ranges http_uwsgi http,server,location flag d flag - *
uwsgi_hide_header http_uwsgi http,server,location 1 - - - *
uwsgi_ignore_client_abort http_uwsgi http,server,location flag d flag - *
uwsgi_ignore_headers http_uwsgi http,server,location 1+ - bitmask - *
uwsgi_intercept_errors http_uwsgi http,server,location flag d flag - *
uwsgi_limit_rate http_uwsgi http,server,location 1 d size - -1.26.3
uwsgi_limit_rate http_uwsgi http,server,location 1 d - - 1.27.0-
uwsgi_max_temp_file_size http_uwsgi http,server,location 1 d size - *
uwsgi_modifier1 http_uwsgi http,server,location 1 d num:0-255 - *
uwsgi_modifier2 http_uwsgi http,server,location 1 d num:0-255 - *
uwsgi_next_upstream http_uwsgi http,server,location 1+ - bitmask:error/timeout/invalid_header/non_idempotent/http_500/http_503/http_403/http_404/http_429/updating/off - *
uwsgi_next_upstream_timeout http_uwsgi http,server,location 1 d msec - *
uwsgi_next_upstream_tries http_uwsgi http,server,location 1 d num - *
uwsgi_no_cache http_uwsgi http,server,location 1+ - - - *
uwsgi_param http_uwsgi http,server,location 23 - - - *
uwsgi_pass http_uwsgi location,lif 1 d - - *
uwsgi_pass_header http_uwsgi http,server,location 1 - - - *
uwsgi_pass_request_body http_uwsgi http,server,location flag d flag - *
uwsgi_pass_request_headers http_uwsgi http,server,location flag d flag - *
uwsgi_read_timeout http_uwsgi http,server,location 1 d msec - *
uwsgi_request_buffering http_uwsgi http,server,location flag d flag - *
uwsgi_send_timeout http_uwsgi http,server,location 1 d msec - *
uwsgi_socket_keepalive http_uwsgi http,server,location flag d flag - *
uwsgi_ssl_certificate http_uwsgi http,server,location 1 d str - -1.20.2
uwsgi_ssl_certificate http_uwsgi http,server,location 1 d - - 1.21.0-
uwsgi_ssl_certificate_cache http_uwsgi http,server,location 123 - - - 1.27.4-
uwsgi_ssl_certificate_key http_uwsgi http,server,location 1 d str - -1.20.2
uwsgi_ssl_certificate_key http_uwsgi http,server,location 1 d - - 1.21.0-
uwsgi_ssl_ciphers http_uwsgi http,server,location 1 d str - *
uwsgi_ssl_conf_command http_uwsgi http,server,location 2 - - - 1.19.4-
uwsgi_ssl_crl http_uwsgi http,server,location 1 d str - *
uwsgi_ssl_name http_uwsgi http,server,location 1 d - - *
uwsgi_ssl_password_file http_uwsgi http,server,location 1 - - - *
uwsgi_ssl_protocols http_uwsgi http,server,location 1+ - bitmask:SSLv2/SSLv3/TLSv1/TLSv1.1/TLSv1.2/TLSv1.3 - *
uwsgi_ssl_server_name http_uwsgi http,server,location flag d flag - *
uwsgi_ssl_session_reuse http_uwsgi http,server,location flag d flag - *
uwsgi_ssl_trusted_certificate http_uwsgi http,server,location 1 d str - *
uwsgi_ssl_verify http_uwsgi http,server,location flag d flag - *
uwsgi_ssl_verify_depth http_uwsgi http,server,location 1 d num - *
uwsgi_store http_uwsgi http,server,location 1 d - - *
uwsgi_store_access http_uwsgi http,server,location 123 d access - *
uwsgi_string http_uwsgi http,server,location 1 d str - *
uwsgi_temp_file_write_size http_uwsgi http,server,location 1 d size - *
uwsgi_temp_path http_uwsgi http,server,location 1234 d path - *
valid_referers http_referer server,location 1+ - - - *
variables_hash_bucket_size http_core http 1 d num - *
variables_hash_bucket_size stream_core stream 1 d num stream *
variables_hash_max_size http_core http 1 d num - *
variables_hash_max_size stream_core stream 1 d num stream *
worker_aio_requests epoll events 1 d num - *
worker_connections event_core events 1 d - - *
worker_cpu_affinity core main 1+ d - - *
worker_priority core main 1 d - - *
worker_processes core main 1 d - - *
worker_rlimit_core core main 1 d off - *
worker_rlimit_nofile core main 1 d num - *
worker_shutdown_timeout core main 1 d msec - *
working_directory core main 1 d str - *
xclient mail_proxy mail,mail-server flag d flag mail *
xml_entities http_xslt_filter http,server,location 1 - - http_xslt *
xslt_last_modified http_xslt_filter http,server,location flag d flag http_xslt *
xslt_param http_xslt_filter http,server,location 2 - - http_xslt *
xslt_string_param http_xslt_filter http,server,location 2 - - http_xslt *
xslt_stylesheet http_xslt_filter location 1+ - - http_xslt *
xslt_types http_xslt_filter http,server,location 1+ - - http_xslt *
zone http_upstream_zone upstream 12 - - - *
zone stream_upstream_zone stream-upstream 12 - - stream *
"""u8,
        "directives/php-fpm.txt" => """
# PHP-FPM 8.2 configuration keys: php-src sapi/fpm/fpm/fpm_conf.c (ini_fpm_global_options and
# ini_fpm_pool_options, the array keys of fpm_conf_ini_parser_array) checked against Debian 12's
# php-fpm8.2 binary. Format: README.md in this folder.
# section key type
global pid string
global error_log string
global syslog.ident string
global syslog.facility facility
global log_buffering bool
global log_level loglevel
global log_limit int
global emergency_restart_threshold int
global emergency_restart_interval time
global process_control_timeout time
global process.max int
global process.priority int
global daemonize bool
global rlimit_files int
global rlimit_core rlimit
global events.mechanism string
global systemd_interval time
global include include
pool prefix string
pool user string
pool group string
pool listen string
pool listen.backlog int
pool listen.acl_users string
pool listen.acl_groups string
pool listen.owner string
pool listen.group string
pool listen.mode string
pool listen.allowed_clients string
pool process.priority int
pool process.dumpable bool
pool pm pm
pool pm.max_children int
pool pm.start_servers int
pool pm.min_spare_servers int
pool pm.max_spare_servers int
pool pm.max_spawn_rate int
pool pm.process_idle_timeout time
pool pm.max_requests int
pool pm.status_path string
pool pm.status_listen string
pool ping.path string
pool ping.response string
pool access.log string
pool access.format string
pool slowlog string
pool request_slowlog_timeout time
pool request_slowlog_trace_depth int
pool request_terminate_timeout time
pool request_terminate_timeout_track_finished bool
pool rlimit_files int
pool rlimit_core rlimit
pool chroot string
pool chdir string
pool catch_workers_output bool
pool decorate_workers_output bool
pool clear_env bool
pool security.limit_extensions string
pool apparmor_hat string
pool php_value[] array
pool php_admin_value[] array
pool php_flag[] flagarray
pool php_admin_flag[] flagarray
pool env[] array
pool access.suppress_path[] array
"""u8,
        "directives/systemd.txt" => """
# systemd unit file keys of systemd 252 (Debian 12), as `systemd --dump-configuration-items` lists
# them. Format: README.md in this folder.
[Unit]
Description	STRING
Documentation	URL
SourcePath	PATH
Requires	UNIT...
Requisite	UNIT...
Wants	UNIT...
BindsTo	UNIT...
BindTo	UNIT...
Upholds	UNIT...
Conflicts	UNIT...
Before	UNIT...
After	UNIT...
OnSuccess	UNIT...
OnFailure	UNIT...
PropagatesReloadTo	UNIT...
PropagateReloadTo	UNIT...
ReloadPropagatedFrom	UNIT...
PropagateReloadFrom	UNIT...
PropagatesStopTo	UNIT...
StopPropagatedFrom	UNIT...
PartOf	UNIT...
JoinsNamespaceOf	UNIT...
RequiresOverridable	OTHER
RequisiteOverridable	OTHER
RequiresMountsFor	PATH...
StopWhenUnneeded	BOOLEAN
RefuseManualStart	BOOLEAN
RefuseManualStop	BOOLEAN
AllowIsolate	BOOLEAN
DefaultDependencies	BOOLEAN
OnSuccessJobMode	MODE
OnFailureJobMode	MODE
OnFailureIsolate	BOOLEAN
IgnoreOnIsolate	BOOLEAN
JobTimeoutSec	OTHER
JobRunningTimeoutSec	OTHER
JobTimeoutAction	ACTION
JobTimeoutRebootArgument	OTHER
StartLimitIntervalSec	SECONDS
StartLimitInterval	SECONDS
StartLimitBurst	UNSIGNED
StartLimitAction	ACTION
FailureAction	ACTION
SuccessAction	ACTION
FailureActionExitStatus	OTHER
SuccessActionExitStatus	OTHER
RebootArgument	OTHER
ConditionPathExists	CONDITION
ConditionPathExistsGlob	CONDITION
ConditionPathIsDirectory	CONDITION
ConditionPathIsSymbolicLink	CONDITION
ConditionPathIsMountPoint	CONDITION
ConditionPathIsReadWrite	CONDITION
ConditionPathIsEncrypted	CONDITION
ConditionDirectoryNotEmpty	CONDITION
ConditionFileNotEmpty	CONDITION
ConditionFileIsExecutable	CONDITION
ConditionNeedsUpdate	CONDITION
ConditionFirstBoot	CONDITION
ConditionArchitecture	CONDITION
ConditionFirmware	CONDITION
ConditionVirtualization	CONDITION
ConditionHost	CONDITION
ConditionKernelCommandLine	CONDITION
ConditionKernelVersion	CONDITION
ConditionCredential	CONDITION
ConditionSecurity	CONDITION
ConditionCapability	CONDITION
ConditionACPower	CONDITION
ConditionMemory	CONDITION
ConditionCPUFeature	CONDITION
ConditionCPUs	CONDITION
ConditionEnvironment	CONDITION
ConditionUser	CONDITION
ConditionGroup	CONDITION
ConditionControlGroupController	CONDITION
ConditionOSRelease	CONDITION
ConditionMemoryPressure	CONDITION
ConditionCPUPressure	CONDITION
ConditionIOPressure	CONDITION
AssertPathExists	CONDITION
AssertPathExistsGlob	CONDITION
AssertPathIsDirectory	CONDITION
AssertPathIsSymbolicLink	CONDITION
AssertPathIsMountPoint	CONDITION
AssertPathIsReadWrite	CONDITION
AssertPathIsEncrypted	CONDITION
AssertDirectoryNotEmpty	CONDITION
AssertFileNotEmpty	CONDITION
AssertFileIsExecutable	CONDITION
AssertNeedsUpdate	CONDITION
AssertFirstBoot	CONDITION
AssertArchitecture	CONDITION
AssertVirtualization	CONDITION
AssertHost	CONDITION
AssertKernelCommandLine	CONDITION
AssertKernelVersion	CONDITION
AssertCredential	CONDITION
AssertSecurity	CONDITION
AssertCapability	CONDITION
AssertACPower	CONDITION
AssertMemory	CONDITION
AssertCPUFeature	CONDITION
AssertCPUs	CONDITION
AssertEnvironment	CONDITION
AssertUser	CONDITION
AssertGroup	CONDITION
AssertControlGroupController	CONDITION
AssertOSRelease	CONDITION
AssertMemoryPressure	CONDITION
AssertCPUPressure	CONDITION
AssertIOPressure	CONDITION
CollectMode	OTHER

[Service]
PIDFile	OTHER
ExecCondition	PATH [ARGUMENT...]
ExecStartPre	PATH [ARGUMENT...]
ExecStart	PATH [ARGUMENT...]
ExecStartPost	PATH [ARGUMENT...]
ExecReload	PATH [ARGUMENT...]
ExecStop	PATH [ARGUMENT...]
ExecStopPost	PATH [ARGUMENT...]
RestartSec	SECONDS
TimeoutSec	SECONDS
TimeoutStartSec	SECONDS
TimeoutStopSec	OTHER
TimeoutAbortSec	OTHER
TimeoutStartFailureMode	TIMEOUTMODE
TimeoutStopFailureMode	TIMEOUTMODE
RuntimeMaxSec	SECONDS
RuntimeRandomizedExtraSec	SECONDS
WatchdogSec	SECONDS
StartLimitInterval	SECONDS
StartLimitBurst	UNSIGNED
StartLimitAction	ACTION
FailureAction	ACTION
RebootArgument	STRING
Type	SERVICETYPE
ExitType	SERVICEEXITTYPE
Restart	SERVICERESTART
PermissionsStartOnly	BOOLEAN
RootDirectoryStartOnly	BOOLEAN
RemainAfterExit	BOOLEAN
GuessMainPID	BOOLEAN
RestartPreventExitStatus	STATUS
RestartForceExitStatus	STATUS
SuccessExitStatus	STATUS
NonBlocking	BOOLEAN
BusName	OTHER
FileDescriptorStoreMax	UNSIGNED
NotifyAccess	ACCESS
Sockets	SOCKETS
USBFunctionDescriptors	PATH
USBFunctionStrings	PATH
OOMPolicy	OTHER
WorkingDirectory	OTHER
RootDirectory	PATH
RootImage	PATH
RootImageOptions	OTHER
RootHash	OTHER
RootHashSignature	OTHER
RootVerity	PATH
ExtensionDirectories	PATH...
ExtensionImages	OTHER
MountImages	OTHER
User	OTHER
Group	OTHER
SupplementaryGroups	OTHER
Nice	NICE
OOMScoreAdjust	OOMSCOREADJUST
CoredumpFilter	OTHER
IOSchedulingClass	IOCLASS
IOSchedulingPriority	IOPRIORITY
CPUSchedulingPolicy	CPUSCHEDPOLICY
CPUSchedulingPriority	CPUSCHEDPRIO
CPUSchedulingResetOnFork	BOOLEAN
CPUAffinity	CPUAFFINITY
NUMAPolicy	OTHER
NUMAMask	OTHER
UMask	MODE
Environment	ENVIRON
EnvironmentFile	FILE
PassEnvironment	OTHER
UnsetEnvironment	OTHER
DynamicUser	BOOLEAN
RemoveIPC	BOOLEAN
StandardInput	INPUT
StandardOutput	OUTPUT
StandardError	OUTPUT
StandardInputText	OTHER
StandardInputData	OTHER
TTYPath	PATH
TTYReset	BOOLEAN
TTYVHangup	BOOLEAN
TTYVTDisallocate	BOOLEAN
TTYRows	OTHER
TTYColumns	OTHER
SyslogIdentifier	STRING
SyslogFacility	FACILITY
SyslogLevel	LEVEL
SyslogLevelPrefix	BOOLEAN
LogLevelMax	LEVEL
LogRateLimitIntervalSec	SECONDS
LogRateLimitBurst	UNSIGNED
LogExtraFields	OTHER
SecureBits	SECUREBITS
CapabilityBoundingSet	BOUNDINGSET
AmbientCapabilities	BOUNDINGSET
TimerSlackNSec	NANOSECONDS
NoNewPrivileges	BOOLEAN
KeyringMode	OTHER
ProtectProc	OTHER
ProcSubset	OTHER
SystemCallFilter	SYSCALLS
SystemCallArchitectures	ARCHS
SystemCallErrorNumber	ERRNO
SystemCallLog	SYSCALLS
MemoryDenyWriteExecute	BOOLEAN
RestrictNamespaces	NAMESPACES
RestrictRealtime	BOOLEAN
RestrictSUIDSGID	BOOLEAN
RestrictAddressFamilies	FAMILIES
LockPersonality	BOOLEAN
RestrictFileSystems	FILESYSTEMS
LimitCPU	LIMIT
LimitFSIZE	LIMIT
LimitDATA	LIMIT
LimitSTACK	LIMIT
LimitCORE	LIMIT
LimitRSS	LIMIT
LimitNOFILE	LIMIT
LimitAS	LIMIT
LimitNPROC	LIMIT
LimitMEMLOCK	LIMIT
LimitLOCKS	LIMIT
LimitSIGPENDING	LIMIT
LimitMSGQUEUE	LIMIT
LimitNICE	LIMIT
LimitRTPRIO	LIMIT
LimitRTTIME	LIMIT
ReadWriteDirectories	PATH...
ReadOnlyDirectories	PATH...
InaccessibleDirectories	PATH...
ReadWritePaths	PATH...
ReadOnlyPaths	PATH...
InaccessiblePaths	PATH...
ExecPaths	PATH...
NoExecPaths	PATH...
ExecSearchPath	PATH
BindPaths	PATH[:PATH[:OPTIONS]]...
BindReadOnlyPaths	PATH[:PATH[:OPTIONS]]...
TemporaryFileSystem	OTHER
PrivateTmp	BOOLEAN
PrivateDevices	BOOLEAN
ProtectKernelTunables	BOOLEAN
ProtectKernelModules	BOOLEAN
ProtectKernelLogs	BOOLEAN
ProtectClock	BOOLEAN
ProtectControlGroups	BOOLEAN
NetworkNamespacePath	PATH
IPCNamespacePath	PATH
LogNamespace	OTHER
PrivateNetwork	BOOLEAN
PrivateUsers	BOOLEAN
PrivateMounts	BOOLEAN
PrivateIPC	BOOLEAN
ProtectSystem	OTHER
ProtectHome	OTHER
MountFlags	MOUNTFLAG...
MountAPIVFS	OTHER
Personality	PERSONALITY
RuntimeDirectoryPreserve	OTHER
RuntimeDirectoryMode	MODE
RuntimeDirectory	OTHER
StateDirectoryMode	MODE
StateDirectory	OTHER
CacheDirectoryMode	MODE
CacheDirectory	OTHER
LogsDirectoryMode	MODE
LogsDirectory	OTHER
ConfigurationDirectoryMode	MODE
ConfigurationDirectory	OTHER
SetCredential	OTHER
SetCredentialEncrypted	OTHER
LoadCredential	OTHER
LoadCredentialEncrypted	OTHER
TimeoutCleanSec	SECONDS
PAMName	STRING
IgnoreSIGPIPE	BOOLEAN
UtmpIdentifier	STRING
UtmpMode	OTHER
SELinuxContext	LABEL
AppArmorProfile	OTHER
SmackProcessLabel	OTHER
ProtectHostname	BOOLEAN
Slice	SLICE
AllowedCPUs	OTHER
StartupAllowedCPUs	OTHER
AllowedMemoryNodes	OTHER
StartupAllowedMemoryNodes	OTHER
CPUAccounting	BOOLEAN
CPUWeight	CPUWEIGHT
StartupCPUWeight	CPUWEIGHT
CPUShares	SHARES
StartupCPUShares	SHARES
CPUQuota	OTHER
CPUQuotaPeriodSec	OTHER
MemoryAccounting	BOOLEAN
MemoryMin	LIMIT
DefaultMemoryMin	LIMIT
DefaultMemoryLow	LIMIT
MemoryLow	LIMIT
MemoryHigh	LIMIT
MemoryMax	LIMIT
MemorySwapMax	LIMIT
MemoryLimit	LIMIT
DeviceAllow	DEVICE
DevicePolicy	POLICY
IOAccounting	BOOLEAN
IOWeight	WEIGHT
StartupIOWeight	WEIGHT
IODeviceWeight	DEVICEWEIGHT
IOReadBandwidthMax	LIMIT
IOWriteBandwidthMax	LIMIT
IOReadIOPSMax	LIMIT
IOWriteIOPSMax	LIMIT
IODeviceLatencyTargetSec	DEVICELATENCY
BlockIOAccounting	BOOLEAN
BlockIOWeight	WEIGHT
StartupBlockIOWeight	WEIGHT
BlockIODeviceWeight	DEVICEWEIGHT
BlockIOReadBandwidth	BANDWIDTH
BlockIOWriteBandwidth	BANDWIDTH
TasksAccounting	BOOLEAN
TasksMax	OTHER
Delegate	OTHER
DisableControllers	OTHER
IPAccounting	BOOLEAN
IPAddressAllow	OTHER
IPAddressDeny	OTHER
IPIngressFilterPath	OTHER
IPEgressFilterPath	OTHER
ManagedOOMSwap	OTHER
ManagedOOMMemoryPressure	OTHER
ManagedOOMMemoryPressureLimit	OTHER
ManagedOOMPreference	OTHER
BPFProgram	OTHER
SocketBindAllow	OTHER
SocketBindDeny	OTHER
RestrictNetworkInterfaces	OTHER
SendSIGKILL	BOOLEAN
SendSIGHUP	BOOLEAN
KillMode	KILLMODE
KillSignal	SIGNAL
RestartKillSignal	SIGNAL
FinalKillSignal	SIGNAL
WatchdogSignal	SIGNAL

[Socket]
ListenStream	SOCKET...
ListenDatagram	SOCKET...
ListenSequentialPacket	SOCKET...
ListenFIFO	SOCKET...
ListenNetlink	SOCKET...
ListenSpecial	SOCKET...
ListenMessageQueue	SOCKET...
ListenUSBFunction	SOCKET...
SocketProtocol	OTHER
BindIPv6Only	SOCKETBIND
Backlog	UNSIGNED
BindToDevice	NETWORKINTERFACE
ExecStartPre	PATH [ARGUMENT...]
ExecStartPost	PATH [ARGUMENT...]
ExecStopPre	PATH [ARGUMENT...]
ExecStopPost	PATH [ARGUMENT...]
TimeoutSec	OTHER
SocketUser	OTHER
SocketGroup	OTHER
SocketMode	MODE
DirectoryMode	MODE
Accept	BOOLEAN
FlushPending	BOOLEAN
Writable	BOOLEAN
MaxConnections	UNSIGNED
MaxConnectionsPerSource	UNSIGNED
KeepAlive	BOOLEAN
KeepAliveTimeSec	SECONDS
KeepAliveIntervalSec	SECONDS
KeepAliveProbes	UNSIGNED
DeferAcceptSec	SECONDS
NoDelay	BOOLEAN
Priority	INTEGER
ReceiveBuffer	SIZE
SendBuffer	SIZE
IPTOS	TOS
IPTTL	INTEGER
Mark	INTEGER
PipeSize	SIZE
FreeBind	BOOLEAN
Transparent	BOOLEAN
Broadcast	BOOLEAN
PassCredentials	BOOLEAN
PassSecurity	BOOLEAN
PassPacketInfo	BOOLEAN
Timestamping	OTHER
TCPCongestion	STRING
ReusePort	BOOLEAN
MessageQueueMaxMessages	LONG
MessageQueueMessageSize	LONG
RemoveOnStop	BOOLEAN
Symlinks	OTHER
FileDescriptorName	OTHER
Service	SERVICE
TriggerLimitIntervalSec	SECONDS
TriggerLimitBurst	UNSIGNED
SmackLabel	STRING
SmackLabelIPIn	STRING
SmackLabelIPOut	STRING
SELinuxContextFromNet	BOOLEAN
WorkingDirectory	OTHER
RootDirectory	PATH
RootImage	PATH
RootImageOptions	OTHER
RootHash	OTHER
RootHashSignature	OTHER
RootVerity	PATH
ExtensionDirectories	PATH...
ExtensionImages	OTHER
MountImages	OTHER
User	OTHER
Group	OTHER
SupplementaryGroups	OTHER
Nice	NICE
OOMScoreAdjust	OOMSCOREADJUST
CoredumpFilter	OTHER
IOSchedulingClass	IOCLASS
IOSchedulingPriority	IOPRIORITY
CPUSchedulingPolicy	CPUSCHEDPOLICY
CPUSchedulingPriority	CPUSCHEDPRIO
CPUSchedulingResetOnFork	BOOLEAN
CPUAffinity	CPUAFFINITY
NUMAPolicy	OTHER
NUMAMask	OTHER
UMask	MODE
Environment	ENVIRON
EnvironmentFile	FILE
PassEnvironment	OTHER
UnsetEnvironment	OTHER
DynamicUser	BOOLEAN
RemoveIPC	BOOLEAN
StandardInput	INPUT
StandardOutput	OUTPUT
StandardError	OUTPUT
StandardInputText	OTHER
StandardInputData	OTHER
TTYPath	PATH
TTYReset	BOOLEAN
TTYVHangup	BOOLEAN
TTYVTDisallocate	BOOLEAN
TTYRows	OTHER
TTYColumns	OTHER
SyslogIdentifier	STRING
SyslogFacility	FACILITY
SyslogLevel	LEVEL
SyslogLevelPrefix	BOOLEAN
LogLevelMax	LEVEL
LogRateLimitIntervalSec	SECONDS
LogRateLimitBurst	UNSIGNED
LogExtraFields	OTHER
SecureBits	SECUREBITS
CapabilityBoundingSet	BOUNDINGSET
AmbientCapabilities	BOUNDINGSET
TimerSlackNSec	NANOSECONDS
NoNewPrivileges	BOOLEAN
KeyringMode	OTHER
ProtectProc	OTHER
ProcSubset	OTHER
SystemCallFilter	SYSCALLS
SystemCallArchitectures	ARCHS
SystemCallErrorNumber	ERRNO
SystemCallLog	SYSCALLS
MemoryDenyWriteExecute	BOOLEAN
RestrictNamespaces	NAMESPACES
RestrictRealtime	BOOLEAN
RestrictSUIDSGID	BOOLEAN
RestrictAddressFamilies	FAMILIES
LockPersonality	BOOLEAN
RestrictFileSystems	FILESYSTEMS
LimitCPU	LIMIT
LimitFSIZE	LIMIT
LimitDATA	LIMIT
LimitSTACK	LIMIT
LimitCORE	LIMIT
LimitRSS	LIMIT
LimitNOFILE	LIMIT
LimitAS	LIMIT
LimitNPROC	LIMIT
LimitMEMLOCK	LIMIT
LimitLOCKS	LIMIT
LimitSIGPENDING	LIMIT
LimitMSGQUEUE	LIMIT
LimitNICE	LIMIT
LimitRTPRIO	LIMIT
LimitRTTIME	LIMIT
ReadWriteDirectories	PATH...
ReadOnlyDirectories	PATH...
InaccessibleDirectories	PATH...
ReadWritePaths	PATH...
ReadOnlyPaths	PATH...
InaccessiblePaths	PATH...
ExecPaths	PATH...
NoExecPaths	PATH...
ExecSearchPath	PATH
BindPaths	PATH[:PATH[:OPTIONS]]...
BindReadOnlyPaths	PATH[:PATH[:OPTIONS]]...
TemporaryFileSystem	OTHER
PrivateTmp	BOOLEAN
PrivateDevices	BOOLEAN
ProtectKernelTunables	BOOLEAN
ProtectKernelModules	BOOLEAN
ProtectKernelLogs	BOOLEAN
ProtectClock	BOOLEAN
ProtectControlGroups	BOOLEAN
NetworkNamespacePath	PATH
IPCNamespacePath	PATH
LogNamespace	OTHER
PrivateNetwork	BOOLEAN
PrivateUsers	BOOLEAN
PrivateMounts	BOOLEAN
PrivateIPC	BOOLEAN
ProtectSystem	OTHER
ProtectHome	OTHER
MountFlags	MOUNTFLAG...
MountAPIVFS	OTHER
Personality	PERSONALITY
RuntimeDirectoryPreserve	OTHER
RuntimeDirectoryMode	MODE
RuntimeDirectory	OTHER
StateDirectoryMode	MODE
StateDirectory	OTHER
CacheDirectoryMode	MODE
CacheDirectory	OTHER
LogsDirectoryMode	MODE
LogsDirectory	OTHER
ConfigurationDirectoryMode	MODE
ConfigurationDirectory	OTHER
SetCredential	OTHER
SetCredentialEncrypted	OTHER
LoadCredential	OTHER
LoadCredentialEncrypted	OTHER
TimeoutCleanSec	SECONDS
PAMName	STRING
IgnoreSIGPIPE	BOOLEAN
UtmpIdentifier	STRING
UtmpMode	OTHER
SELinuxContext	LABEL
AppArmorProfile	OTHER
SmackProcessLabel	OTHER
ProtectHostname	BOOLEAN
Slice	SLICE
AllowedCPUs	OTHER
StartupAllowedCPUs	OTHER
AllowedMemoryNodes	OTHER
StartupAllowedMemoryNodes	OTHER
CPUAccounting	BOOLEAN
CPUWeight	CPUWEIGHT
StartupCPUWeight	CPUWEIGHT
CPUShares	SHARES
StartupCPUShares	SHARES
CPUQuota	OTHER
CPUQuotaPeriodSec	OTHER
MemoryAccounting	BOOLEAN
MemoryMin	LIMIT
DefaultMemoryMin	LIMIT
DefaultMemoryLow	LIMIT
MemoryLow	LIMIT
MemoryHigh	LIMIT
MemoryMax	LIMIT
MemorySwapMax	LIMIT
MemoryLimit	LIMIT
DeviceAllow	DEVICE
DevicePolicy	POLICY
IOAccounting	BOOLEAN
IOWeight	WEIGHT
StartupIOWeight	WEIGHT
IODeviceWeight	DEVICEWEIGHT
IOReadBandwidthMax	LIMIT
IOWriteBandwidthMax	LIMIT
IOReadIOPSMax	LIMIT
IOWriteIOPSMax	LIMIT
IODeviceLatencyTargetSec	DEVICELATENCY
BlockIOAccounting	BOOLEAN
BlockIOWeight	WEIGHT
StartupBlockIOWeight	WEIGHT
BlockIODeviceWeight	DEVICEWEIGHT
BlockIOReadBandwidth	BANDWIDTH
BlockIOWriteBandwidth	BANDWIDTH
TasksAccounting	BOOLEAN
TasksMax	OTHER
Delegate	OTHER
DisableControllers	OTHER
IPAccounting	BOOLEAN
IPAddressAllow	OTHER
IPAddressDeny	OTHER
IPIngressFilterPath	OTHER
IPEgressFilterPath	OTHER
ManagedOOMSwap	OTHER
ManagedOOMMemoryPressure	OTHER
ManagedOOMMemoryPressureLimit	OTHER
ManagedOOMPreference	OTHER
BPFProgram	OTHER
SocketBindAllow	OTHER
SocketBindDeny	OTHER
RestrictNetworkInterfaces	OTHER
SendSIGKILL	BOOLEAN
SendSIGHUP	BOOLEAN
KillMode	KILLMODE
KillSignal	SIGNAL
RestartKillSignal	SIGNAL
FinalKillSignal	SIGNAL
WatchdogSignal	SIGNAL

[Mount]
What	STRING
Where	PATH
Options	STRING
Type	STRING
TimeoutSec	OTHER
DirectoryMode	MODE
SloppyOptions	BOOLEAN
LazyUnmount	BOOLEAN
ForceUnmount	BOOLEAN
ReadWriteOnly	BOOLEAN
WorkingDirectory	OTHER
RootDirectory	PATH
RootImage	PATH
RootImageOptions	OTHER
RootHash	OTHER
RootHashSignature	OTHER
RootVerity	PATH
ExtensionDirectories	PATH...
ExtensionImages	OTHER
MountImages	OTHER
User	OTHER
Group	OTHER
SupplementaryGroups	OTHER
Nice	NICE
OOMScoreAdjust	OOMSCOREADJUST
CoredumpFilter	OTHER
IOSchedulingClass	IOCLASS
IOSchedulingPriority	IOPRIORITY
CPUSchedulingPolicy	CPUSCHEDPOLICY
CPUSchedulingPriority	CPUSCHEDPRIO
CPUSchedulingResetOnFork	BOOLEAN
CPUAffinity	CPUAFFINITY
NUMAPolicy	OTHER
NUMAMask	OTHER
UMask	MODE
Environment	ENVIRON
EnvironmentFile	FILE
PassEnvironment	OTHER
UnsetEnvironment	OTHER
DynamicUser	BOOLEAN
RemoveIPC	BOOLEAN
StandardInput	INPUT
StandardOutput	OUTPUT
StandardError	OUTPUT
StandardInputText	OTHER
StandardInputData	OTHER
TTYPath	PATH
TTYReset	BOOLEAN
TTYVHangup	BOOLEAN
TTYVTDisallocate	BOOLEAN
TTYRows	OTHER
TTYColumns	OTHER
SyslogIdentifier	STRING
SyslogFacility	FACILITY
SyslogLevel	LEVEL
SyslogLevelPrefix	BOOLEAN
LogLevelMax	LEVEL
LogRateLimitIntervalSec	SECONDS
LogRateLimitBurst	UNSIGNED
LogExtraFields	OTHER
SecureBits	SECUREBITS
CapabilityBoundingSet	BOUNDINGSET
AmbientCapabilities	BOUNDINGSET
TimerSlackNSec	NANOSECONDS
NoNewPrivileges	BOOLEAN
KeyringMode	OTHER
ProtectProc	OTHER
ProcSubset	OTHER
SystemCallFilter	SYSCALLS
SystemCallArchitectures	ARCHS
SystemCallErrorNumber	ERRNO
SystemCallLog	SYSCALLS
MemoryDenyWriteExecute	BOOLEAN
RestrictNamespaces	NAMESPACES
RestrictRealtime	BOOLEAN
RestrictSUIDSGID	BOOLEAN
RestrictAddressFamilies	FAMILIES
LockPersonality	BOOLEAN
RestrictFileSystems	FILESYSTEMS
LimitCPU	LIMIT
LimitFSIZE	LIMIT
LimitDATA	LIMIT
LimitSTACK	LIMIT
LimitCORE	LIMIT
LimitRSS	LIMIT
LimitNOFILE	LIMIT
LimitAS	LIMIT
LimitNPROC	LIMIT
LimitMEMLOCK	LIMIT
LimitLOCKS	LIMIT
LimitSIGPENDING	LIMIT
LimitMSGQUEUE	LIMIT
LimitNICE	LIMIT
LimitRTPRIO	LIMIT
LimitRTTIME	LIMIT
ReadWriteDirectories	PATH...
ReadOnlyDirectories	PATH...
InaccessibleDirectories	PATH...
ReadWritePaths	PATH...
ReadOnlyPaths	PATH...
InaccessiblePaths	PATH...
ExecPaths	PATH...
NoExecPaths	PATH...
ExecSearchPath	PATH
BindPaths	PATH[:PATH[:OPTIONS]]...
BindReadOnlyPaths	PATH[:PATH[:OPTIONS]]...
TemporaryFileSystem	OTHER
PrivateTmp	BOOLEAN
PrivateDevices	BOOLEAN
ProtectKernelTunables	BOOLEAN
ProtectKernelModules	BOOLEAN
ProtectKernelLogs	BOOLEAN
ProtectClock	BOOLEAN
ProtectControlGroups	BOOLEAN
NetworkNamespacePath	PATH
IPCNamespacePath	PATH
LogNamespace	OTHER
PrivateNetwork	BOOLEAN
PrivateUsers	BOOLEAN
PrivateMounts	BOOLEAN
PrivateIPC	BOOLEAN
ProtectSystem	OTHER
ProtectHome	OTHER
MountFlags	MOUNTFLAG...
MountAPIVFS	OTHER
Personality	PERSONALITY
RuntimeDirectoryPreserve	OTHER
RuntimeDirectoryMode	MODE
RuntimeDirectory	OTHER
StateDirectoryMode	MODE
StateDirectory	OTHER
CacheDirectoryMode	MODE
CacheDirectory	OTHER
LogsDirectoryMode	MODE
LogsDirectory	OTHER
ConfigurationDirectoryMode	MODE
ConfigurationDirectory	OTHER
SetCredential	OTHER
SetCredentialEncrypted	OTHER
LoadCredential	OTHER
LoadCredentialEncrypted	OTHER
TimeoutCleanSec	SECONDS
PAMName	STRING
IgnoreSIGPIPE	BOOLEAN
UtmpIdentifier	STRING
UtmpMode	OTHER
SELinuxContext	LABEL
AppArmorProfile	OTHER
SmackProcessLabel	OTHER
ProtectHostname	BOOLEAN
Slice	SLICE
AllowedCPUs	OTHER
StartupAllowedCPUs	OTHER
AllowedMemoryNodes	OTHER
StartupAllowedMemoryNodes	OTHER
CPUAccounting	BOOLEAN
CPUWeight	CPUWEIGHT
StartupCPUWeight	CPUWEIGHT
CPUShares	SHARES
StartupCPUShares	SHARES
CPUQuota	OTHER
CPUQuotaPeriodSec	OTHER
MemoryAccounting	BOOLEAN
MemoryMin	LIMIT
DefaultMemoryMin	LIMIT
DefaultMemoryLow	LIMIT
MemoryLow	LIMIT
MemoryHigh	LIMIT
MemoryMax	LIMIT
MemorySwapMax	LIMIT
MemoryLimit	LIMIT
DeviceAllow	DEVICE
DevicePolicy	POLICY
IOAccounting	BOOLEAN
IOWeight	WEIGHT
StartupIOWeight	WEIGHT
IODeviceWeight	DEVICEWEIGHT
IOReadBandwidthMax	LIMIT
IOWriteBandwidthMax	LIMIT
IOReadIOPSMax	LIMIT
IOWriteIOPSMax	LIMIT
IODeviceLatencyTargetSec	DEVICELATENCY
BlockIOAccounting	BOOLEAN
BlockIOWeight	WEIGHT
StartupBlockIOWeight	WEIGHT
BlockIODeviceWeight	DEVICEWEIGHT
BlockIOReadBandwidth	BANDWIDTH
BlockIOWriteBandwidth	BANDWIDTH
TasksAccounting	BOOLEAN
TasksMax	OTHER
Delegate	OTHER
DisableControllers	OTHER
IPAccounting	BOOLEAN
IPAddressAllow	OTHER
IPAddressDeny	OTHER
IPIngressFilterPath	OTHER
IPEgressFilterPath	OTHER
ManagedOOMSwap	OTHER
ManagedOOMMemoryPressure	OTHER
ManagedOOMMemoryPressureLimit	OTHER
ManagedOOMPreference	OTHER
BPFProgram	OTHER
SocketBindAllow	OTHER
SocketBindDeny	OTHER
RestrictNetworkInterfaces	OTHER
SendSIGKILL	BOOLEAN
SendSIGHUP	BOOLEAN
KillMode	KILLMODE
KillSignal	SIGNAL
RestartKillSignal	SIGNAL
FinalKillSignal	SIGNAL
WatchdogSignal	SIGNAL

[Automount]
Where	PATH
ExtraOptions	STRING
DirectoryMode	MODE
TimeoutIdleSec	OTHER

[Swap]
What	PATH
Priority	OTHER
Options	STRING
TimeoutSec	OTHER
WorkingDirectory	OTHER
RootDirectory	PATH
RootImage	PATH
RootImageOptions	OTHER
RootHash	OTHER
RootHashSignature	OTHER
RootVerity	PATH
ExtensionDirectories	PATH...
ExtensionImages	OTHER
MountImages	OTHER
User	OTHER
Group	OTHER
SupplementaryGroups	OTHER
Nice	NICE
OOMScoreAdjust	OOMSCOREADJUST
CoredumpFilter	OTHER
IOSchedulingClass	IOCLASS
IOSchedulingPriority	IOPRIORITY
CPUSchedulingPolicy	CPUSCHEDPOLICY
CPUSchedulingPriority	CPUSCHEDPRIO
CPUSchedulingResetOnFork	BOOLEAN
CPUAffinity	CPUAFFINITY
NUMAPolicy	OTHER
NUMAMask	OTHER
UMask	MODE
Environment	ENVIRON
EnvironmentFile	FILE
PassEnvironment	OTHER
UnsetEnvironment	OTHER
DynamicUser	BOOLEAN
RemoveIPC	BOOLEAN
StandardInput	INPUT
StandardOutput	OUTPUT
StandardError	OUTPUT
StandardInputText	OTHER
StandardInputData	OTHER
TTYPath	PATH
TTYReset	BOOLEAN
TTYVHangup	BOOLEAN
TTYVTDisallocate	BOOLEAN
TTYRows	OTHER
TTYColumns	OTHER
SyslogIdentifier	STRING
SyslogFacility	FACILITY
SyslogLevel	LEVEL
SyslogLevelPrefix	BOOLEAN
LogLevelMax	LEVEL
LogRateLimitIntervalSec	SECONDS
LogRateLimitBurst	UNSIGNED
LogExtraFields	OTHER
SecureBits	SECUREBITS
CapabilityBoundingSet	BOUNDINGSET
AmbientCapabilities	BOUNDINGSET
TimerSlackNSec	NANOSECONDS
NoNewPrivileges	BOOLEAN
KeyringMode	OTHER
ProtectProc	OTHER
ProcSubset	OTHER
SystemCallFilter	SYSCALLS
SystemCallArchitectures	ARCHS
SystemCallErrorNumber	ERRNO
SystemCallLog	SYSCALLS
MemoryDenyWriteExecute	BOOLEAN
RestrictNamespaces	NAMESPACES
RestrictRealtime	BOOLEAN
RestrictSUIDSGID	BOOLEAN
RestrictAddressFamilies	FAMILIES
LockPersonality	BOOLEAN
RestrictFileSystems	FILESYSTEMS
LimitCPU	LIMIT
LimitFSIZE	LIMIT
LimitDATA	LIMIT
LimitSTACK	LIMIT
LimitCORE	LIMIT
LimitRSS	LIMIT
LimitNOFILE	LIMIT
LimitAS	LIMIT
LimitNPROC	LIMIT
LimitMEMLOCK	LIMIT
LimitLOCKS	LIMIT
LimitSIGPENDING	LIMIT
LimitMSGQUEUE	LIMIT
LimitNICE	LIMIT
LimitRTPRIO	LIMIT
LimitRTTIME	LIMIT
ReadWriteDirectories	PATH...
ReadOnlyDirectories	PATH...
InaccessibleDirectories	PATH...
ReadWritePaths	PATH...
ReadOnlyPaths	PATH...
InaccessiblePaths	PATH...
ExecPaths	PATH...
NoExecPaths	PATH...
ExecSearchPath	PATH
BindPaths	PATH[:PATH[:OPTIONS]]...
BindReadOnlyPaths	PATH[:PATH[:OPTIONS]]...
TemporaryFileSystem	OTHER
PrivateTmp	BOOLEAN
PrivateDevices	BOOLEAN
ProtectKernelTunables	BOOLEAN
ProtectKernelModules	BOOLEAN
ProtectKernelLogs	BOOLEAN
ProtectClock	BOOLEAN
ProtectControlGroups	BOOLEAN
NetworkNamespacePath	PATH
IPCNamespacePath	PATH
LogNamespace	OTHER
PrivateNetwork	BOOLEAN
PrivateUsers	BOOLEAN
PrivateMounts	BOOLEAN
PrivateIPC	BOOLEAN
ProtectSystem	OTHER
ProtectHome	OTHER
MountFlags	MOUNTFLAG...
MountAPIVFS	OTHER
Personality	PERSONALITY
RuntimeDirectoryPreserve	OTHER
RuntimeDirectoryMode	MODE
RuntimeDirectory	OTHER
StateDirectoryMode	MODE
StateDirectory	OTHER
CacheDirectoryMode	MODE
CacheDirectory	OTHER
LogsDirectoryMode	MODE
LogsDirectory	OTHER
ConfigurationDirectoryMode	MODE
ConfigurationDirectory	OTHER
SetCredential	OTHER
SetCredentialEncrypted	OTHER
LoadCredential	OTHER
LoadCredentialEncrypted	OTHER
TimeoutCleanSec	SECONDS
PAMName	STRING
IgnoreSIGPIPE	BOOLEAN
UtmpIdentifier	STRING
UtmpMode	OTHER
SELinuxContext	LABEL
AppArmorProfile	OTHER
SmackProcessLabel	OTHER
ProtectHostname	BOOLEAN
Slice	SLICE
AllowedCPUs	OTHER
StartupAllowedCPUs	OTHER
AllowedMemoryNodes	OTHER
StartupAllowedMemoryNodes	OTHER
CPUAccounting	BOOLEAN
CPUWeight	CPUWEIGHT
StartupCPUWeight	CPUWEIGHT
CPUShares	SHARES
StartupCPUShares	SHARES
CPUQuota	OTHER
CPUQuotaPeriodSec	OTHER
MemoryAccounting	BOOLEAN
MemoryMin	LIMIT
DefaultMemoryMin	LIMIT
DefaultMemoryLow	LIMIT
MemoryLow	LIMIT
MemoryHigh	LIMIT
MemoryMax	LIMIT
MemorySwapMax	LIMIT
MemoryLimit	LIMIT
DeviceAllow	DEVICE
DevicePolicy	POLICY
IOAccounting	BOOLEAN
IOWeight	WEIGHT
StartupIOWeight	WEIGHT
IODeviceWeight	DEVICEWEIGHT
IOReadBandwidthMax	LIMIT
IOWriteBandwidthMax	LIMIT
IOReadIOPSMax	LIMIT
IOWriteIOPSMax	LIMIT
IODeviceLatencyTargetSec	DEVICELATENCY
BlockIOAccounting	BOOLEAN
BlockIOWeight	WEIGHT
StartupBlockIOWeight	WEIGHT
BlockIODeviceWeight	DEVICEWEIGHT
BlockIOReadBandwidth	BANDWIDTH
BlockIOWriteBandwidth	BANDWIDTH
TasksAccounting	BOOLEAN
TasksMax	OTHER
Delegate	OTHER
DisableControllers	OTHER
IPAccounting	BOOLEAN
IPAddressAllow	OTHER
IPAddressDeny	OTHER
IPIngressFilterPath	OTHER
IPEgressFilterPath	OTHER
ManagedOOMSwap	OTHER
ManagedOOMMemoryPressure	OTHER
ManagedOOMMemoryPressureLimit	OTHER
ManagedOOMPreference	OTHER
BPFProgram	OTHER
SocketBindAllow	OTHER
SocketBindDeny	OTHER
RestrictNetworkInterfaces	OTHER
SendSIGKILL	BOOLEAN
SendSIGHUP	BOOLEAN
KillMode	KILLMODE
KillSignal	SIGNAL
RestartKillSignal	SIGNAL
FinalKillSignal	SIGNAL
WatchdogSignal	SIGNAL

[Timer]
OnCalendar	TIMER
OnActiveSec	TIMER
OnBootSec	TIMER
OnStartupSec	TIMER
OnUnitActiveSec	TIMER
OnUnitInactiveSec	TIMER
OnClockChange	BOOLEAN
OnTimezoneChange	BOOLEAN
Persistent	BOOLEAN
WakeSystem	BOOLEAN
RemainAfterElapse	BOOLEAN
FixedRandomDelay	BOOLEAN
AccuracySec	SECONDS
RandomizedDelaySec	SECONDS
Unit	UNIT

[Path]
PathExists	PATH
PathExistsGlob	PATH
PathChanged	PATH
PathModified	PATH
DirectoryNotEmpty	PATH
Unit	UNIT
MakeDirectory	BOOLEAN
DirectoryMode	MODE
TriggerLimitIntervalSec	SECONDS
TriggerLimitBurst	UNSIGNED

[Slice]
Slice	SLICE
AllowedCPUs	OTHER
StartupAllowedCPUs	OTHER
AllowedMemoryNodes	OTHER
StartupAllowedMemoryNodes	OTHER
CPUAccounting	BOOLEAN
CPUWeight	CPUWEIGHT
StartupCPUWeight	CPUWEIGHT
CPUShares	SHARES
StartupCPUShares	SHARES
CPUQuota	OTHER
CPUQuotaPeriodSec	OTHER
MemoryAccounting	BOOLEAN
MemoryMin	LIMIT
DefaultMemoryMin	LIMIT
DefaultMemoryLow	LIMIT
MemoryLow	LIMIT
MemoryHigh	LIMIT
MemoryMax	LIMIT
MemorySwapMax	LIMIT
MemoryLimit	LIMIT
DeviceAllow	DEVICE
DevicePolicy	POLICY
IOAccounting	BOOLEAN
IOWeight	WEIGHT
StartupIOWeight	WEIGHT
IODeviceWeight	DEVICEWEIGHT
IOReadBandwidthMax	LIMIT
IOWriteBandwidthMax	LIMIT
IOReadIOPSMax	LIMIT
IOWriteIOPSMax	LIMIT
IODeviceLatencyTargetSec	DEVICELATENCY
BlockIOAccounting	BOOLEAN
BlockIOWeight	WEIGHT
StartupBlockIOWeight	WEIGHT
BlockIODeviceWeight	DEVICEWEIGHT
BlockIOReadBandwidth	BANDWIDTH
BlockIOWriteBandwidth	BANDWIDTH
TasksAccounting	BOOLEAN
TasksMax	OTHER
Delegate	OTHER
DisableControllers	OTHER
IPAccounting	BOOLEAN
IPAddressAllow	OTHER
IPAddressDeny	OTHER
IPIngressFilterPath	OTHER
IPEgressFilterPath	OTHER
ManagedOOMSwap	OTHER
ManagedOOMMemoryPressure	OTHER
ManagedOOMMemoryPressureLimit	OTHER
ManagedOOMPreference	OTHER
BPFProgram	OTHER
SocketBindAllow	OTHER
SocketBindDeny	OTHER
RestrictNetworkInterfaces	OTHER

[Scope]
Slice	SLICE
AllowedCPUs	OTHER
StartupAllowedCPUs	OTHER
AllowedMemoryNodes	OTHER
StartupAllowedMemoryNodes	OTHER
CPUAccounting	BOOLEAN
CPUWeight	CPUWEIGHT
StartupCPUWeight	CPUWEIGHT
CPUShares	SHARES
StartupCPUShares	SHARES
CPUQuota	OTHER
CPUQuotaPeriodSec	OTHER
MemoryAccounting	BOOLEAN
MemoryMin	LIMIT
DefaultMemoryMin	LIMIT
DefaultMemoryLow	LIMIT
MemoryLow	LIMIT
MemoryHigh	LIMIT
MemoryMax	LIMIT
MemorySwapMax	LIMIT
MemoryLimit	LIMIT
DeviceAllow	DEVICE
DevicePolicy	POLICY
IOAccounting	BOOLEAN
IOWeight	WEIGHT
StartupIOWeight	WEIGHT
IODeviceWeight	DEVICEWEIGHT
IOReadBandwidthMax	LIMIT
IOWriteBandwidthMax	LIMIT
IOReadIOPSMax	LIMIT
IOWriteIOPSMax	LIMIT
IODeviceLatencyTargetSec	DEVICELATENCY
BlockIOAccounting	BOOLEAN
BlockIOWeight	WEIGHT
StartupBlockIOWeight	WEIGHT
BlockIODeviceWeight	DEVICEWEIGHT
BlockIOReadBandwidth	BANDWIDTH
BlockIOWriteBandwidth	BANDWIDTH
TasksAccounting	BOOLEAN
TasksMax	OTHER
Delegate	OTHER
DisableControllers	OTHER
IPAccounting	BOOLEAN
IPAddressAllow	OTHER
IPAddressDeny	OTHER
IPIngressFilterPath	OTHER
IPEgressFilterPath	OTHER
ManagedOOMSwap	OTHER
ManagedOOMMemoryPressure	OTHER
ManagedOOMMemoryPressureLimit	OTHER
ManagedOOMPreference	OTHER
BPFProgram	OTHER
SocketBindAllow	OTHER
SocketBindDeny	OTHER
RestrictNetworkInterfaces	OTHER
SendSIGKILL	BOOLEAN
SendSIGHUP	BOOLEAN
KillMode	KILLMODE
KillSignal	SIGNAL
RestartKillSignal	SIGNAL
FinalKillSignal	SIGNAL
WatchdogSignal	SIGNAL
RuntimeMaxSec	SECONDS
RuntimeRandomizedExtraSec	SECONDS
TimeoutStopSec	SECONDS
OOMPolicy	OTHER

[Install]
Alias	OTHER
WantedBy	OTHER
RequiredBy	OTHER
Also	OTHER
DefaultInstance	OTHER
"""u8,
        "images/images.txt" => """
# Official container images: what a Compose service running one of them has without being told.
# Format and sources: data/images/README.md. One fact a line: REPOSITORY TAGS FACT VALUE...
# A service whose image matches no line is unknown: nothing is judged against a guess.

# php, FPM variants (php:8.3-fpm, php:fpm-alpine, php:8.2.12-fpm-bookworm): built --prefix=/usr/local,
# --with-fpm-user=www-data; php-fpm.conf includes etc/php-fpm.d/*.conf (docker.conf, www.conf, zz-docker.conf).
php *fpm* server php-fpm
php *fpm* listen *:9000
php *fpm* listen-set-by /usr/local/etc/php-fpm.d/docker.conf /usr/local/etc/php-fpm.d/zz-docker.conf
php *fpm* listen-pool www
php *fpm* user www-data
php *fpm* config /usr/local/etc/php-fpm.conf
php *fpm* include /usr/local/etc/php-fpm.d/*.conf

# php, Apache variants (php:8.3-apache): Debian's apache2 with mod_php, APACHE_RUN_USER=www-data.
php *apache* server apache
php *apache* listen *:80
php *apache* listen-set-by /etc/apache2/ports.conf
php *apache* user www-data
php *apache* config /etc/apache2/apache2.conf

# Applications' official images built FROM a php variant, their ENTRYPOINT ending in exec "$@" (or the php image's
# own) and their CMD the variant's (php-fpm, apache2-foreground), no file of php-fpm.d or ports.conf changed: the
# variant's facts (from). FPM tags name fpm; the Apache variant is the *apache* tags and the bare ones listed
# (a bare version number, which is Apache too, is not matched by a glob that leaves out fpm: unknown).
# nextcloud (nextcloud/docker, 3x/fpm|fpm-alpine|apache/Dockerfile; latest, stable, production and the bare versions
# are the apache variant in generate-stackbrew-library.sh; entrypoint.sh ends exec "$@").
nextcloud *fpm* from php:fpm
nextcloud *apache* from php:apache
nextcloud latest from php:apache
nextcloud stable from php:apache
nextcloud production from php:apache
# wordpress (docker-library/wordpress: FROM php:8.x-fpm|apache, docker-entrypoint.sh ends exec "$@"; defaultVariant
# apache, so latest is apache; the cli tags are another image, matched by neither).
wordpress *fpm* from php:fpm
wordpress *apache* from php:apache
wordpress latest from php:apache
# drupal (docker-library/drupal: FROM php:8.x-fpm-*|apache-*, no ENTRYPOINT or CMD of its own; latest is apache).
drupal *fpm* from php:fpm
drupal *apache* from php:apache
drupal latest from php:apache
# joomla (joomla-docker/docker-joomla: FROM php:8.x-fpm|apache, docker-entrypoint.sh ends exec "$@"; the default
# variant in versions.json is apache).
joomla *fpm* from php:fpm
joomla *apache* from php:apache
joomla latest from php:apache
# matomo (matomo-org/docker: FROM php:8.4-fpm|apache, docker-entrypoint.sh ends exec "$@"; latest is apache).
matomo *fpm* from php:fpm
matomo *apache* from php:apache
matomo latest from php:apache
# mediawiki (wikimedia/mediawiki-docker: FROM php:8.3-fpm|apache, CMD php-fpm|apache2-foreground, no ENTRYPOINT).
mediawiki *fpm* from php:fpm
mediawiki *apache* from php:apache

# nginx (every variant: alpine, slim, perl, otel): the nginx.org packages' files, workers as nginx (uid 101).
nginx * server nginx
nginx * listen *:80
nginx * listen-set-by /etc/nginx/conf.d/default.conf /etc/nginx/nginx.conf /etc/nginx/templates
nginx * user nginx
nginx * config /etc/nginx/nginx.conf
nginx * include /etc/nginx/conf.d/*.conf
nginx * no-definitions /etc/nginx/mime.types
nginx * include-files /etc/nginx/conf.d/default.conf
nginx * templates /etc/nginx/templates .template /etc/nginx/conf.d

# nginxinc/nginx-unprivileged: the same files with default.conf on 8080, no user directive, USER 101 (nginx).
nginxinc/nginx-unprivileged * server nginx
nginxinc/nginx-unprivileged * listen *:8080
nginxinc/nginx-unprivileged * listen-set-by /etc/nginx/conf.d/default.conf /etc/nginx/nginx.conf /etc/nginx/templates
nginxinc/nginx-unprivileged * user nginx
nginxinc/nginx-unprivileged * config /etc/nginx/nginx.conf
nginxinc/nginx-unprivileged * include /etc/nginx/conf.d/*.conf
nginxinc/nginx-unprivileged * no-definitions /etc/nginx/mime.types
nginxinc/nginx-unprivileged * include-files /etc/nginx/conf.d/default.conf
nginxinc/nginx-unprivileged * templates /etc/nginx/templates .template /etc/nginx/conf.d

# httpd: --prefix=/usr/local/apache2, httpd.conf's User and Group changed from daemon to www-data.
httpd * server apache
httpd * listen *:80
httpd * listen-set-by /usr/local/apache2/conf/httpd.conf
httpd * user www-data
httpd * config /usr/local/apache2/conf/httpd.conf

# Language base images: nothing listens but what the command runs.
python * command-only
node * command-only

# InvenTree (inventree/inventree, every tag): ENTRYPOINT ["/bin/bash", "./init.sh"] (contrib/container/Dockerfile),
# and init.sh ends with exec "$@": a service's command is what the container runs.
inventree/inventree * command-runs

# Portainer CE and Business (portainer/portainer-ce, portainer/portainer-ee), 2.9 and later: the server's defaults
# (api/cli/defaults.go) are --bind :9000, plain HTTP (served while the HTTPEnabled setting of its database is on, as a
# new database has it), --bind-https :9443, where api/http/server.go serves only ListenAndServeTLS, and --tunnel-port
# 8000, the chisel tunnel server its Edge agents dial (api/chisel), no site's. Its image runs /portainer with no
# options; a command word of serves-set-by moves or turns off one of them.
portainer/portainer-ce * serves 9000 http
portainer/portainer-ce * serves 9443 https
portainer/portainer-ce * serves 8000 other the Edge agents' tunnel server, not the web interface
portainer/portainer-ce * serves-set-by --bind -p --bind-https --tunnel-port --tunnel-addr --http-disabled --http-enabled --ssl
portainer/portainer-ee * serves 9000 http
portainer/portainer-ee * serves 9443 https
portainer/portainer-ee * serves 8000 other the Edge agents' tunnel server, not the web interface
portainer/portainer-ee * serves-set-by --bind -p --bind-https --tunnel-port --tunnel-addr --http-disabled --http-enabled --ssl
"""u8,
        _ => throw new InvalidOperationException($"the table '{name}' is not compiled in"),
    };
}
