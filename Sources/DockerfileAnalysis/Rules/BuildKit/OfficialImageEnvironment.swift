// BuildKit starts a stage with its base image's environment, which a static analysis cannot read. Assuming only
// `PATH` (what BuildKit adds when an image lacks it) would make UndefinedVar report `$PYTHON_VERSION` in a stage
// built on `python:3.12`, so this table lists the variables that well-known official images set. It is a best effort
// (a variable missing here is reported as BuildKit would for an image without it) and deliberately generous: a
// variable a tag does not set only means a missed finding. Values are never assumed.

/// Variables the Docker Official Images (and a few other widely used images) set, by familiar image name.
enum OfficialImageEnvironment {
  /// The variables set by `image` (a FROM reference as written), beyond `PATH`; empty when the image is not
  /// in the table or its name contains variables.
  static func variables(of image: String) -> [String] {
    guard let name = familiarName(of: image) else { return [] }
    return table[name] ?? []
  }

  /// `python` for `python:3.12-slim`, `docker.io/library/python@sha256:…` or `library/python`;
  /// `mcr.microsoft.com/dotnet/sdk` for that image; nil when the name holds a variable or does not parse.
  static func familiarName(of image: String) -> String? {
    var text = Substring(image)
    if let at = text.firstIndex(of: "@") { text = text[..<at] }
    // The tag is after the last `:` that follows the last `/` (a registry port comes before a `/`).
    let lastSlash = text.lastIndex(of: "/")
    if let colon = text.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true { text = text[..<colon] }
    guard !text.contains("$"), case .success(let reference) = parseImageReference(String(text)) else { return nil }
    return reference.familiarName
  }

  private static let java = ["JAVA_HOME", "JAVA_VERSION", "LANG", "LANGUAGE", "LC_ALL"]
  private static let php = [
    "PHPIZE_DEPS", "PHP_INI_DIR", "PHP_CFLAGS", "PHP_CPPFLAGS", "PHP_LDFLAGS", "GPG_KEYS", "PHP_VERSION", "PHP_URL",
    "PHP_ASC_URL", "PHP_SHA256", "APACHE_CONFDIR", "APACHE_ENVVARS",
  ]
  private static let dotnet = [
    "APP_UID", "ASPNETCORE_HTTP_PORTS", "DOTNET_RUNNING_IN_CONTAINER", "DOTNET_VERSION", "ASPNET_VERSION",
    "DOTNET_SDK_VERSION", "DOTNET_GENERATE_ASPNET_CERTIFICATE", "DOTNET_NOLOGO", "DOTNET_USE_POLLING_FILE_WATCHER",
    "NUGET_XMLDOC_MODE", "POWERSHELL_DISTRIBUTION_CHANNEL",
  ]

  private static let table: [String: [String]] = [
    "python": [
      "LANG", "GPG_KEY", "PYTHON_VERSION", "PYTHON_SHA256", "PYTHON_PIP_VERSION", "PYTHON_SETUPTOOLS_VERSION",
      "PYTHON_GET_PIP_URL", "PYTHON_GET_PIP_SHA256",
    ],
    "pypy": ["LANG", "PYPY_VERSION", "PYTHON_PIP_VERSION", "PYTHON_GET_PIP_URL", "PYTHON_GET_PIP_SHA256"],
    "node": ["NODE_VERSION", "YARN_VERSION"],
    "golang": ["GOLANG_VERSION", "GOPATH", "GOTOOLCHAIN"],
    "rust": ["RUSTUP_HOME", "CARGO_HOME", "RUST_VERSION"],
    "ruby": [
      "LANG", "RUBY_MAJOR", "RUBY_VERSION", "RUBY_DOWNLOAD_URL", "RUBY_DOWNLOAD_SHA256", "GEM_HOME",
      "BUNDLE_SILENCE_ROOT_WARNING", "BUNDLE_APP_CONFIG",
    ],
    "openjdk": java,
    "eclipse-temurin": java,
    "amazoncorretto": java,
    "ibm-semeru-runtimes": java,
    "maven": java + ["MAVEN_HOME", "MAVEN_CONFIG"],
    "gradle": java + ["GRADLE_HOME", "GRADLE_VERSION"],
    "tomcat": java + [
      "CATALINA_HOME", "TOMCAT_NATIVE_LIBDIR", "LD_LIBRARY_PATH", "GPG_KEYS", "TOMCAT_MAJOR", "TOMCAT_VERSION",
      "TOMCAT_SHA512",
    ],
    "php": php,
    "composer": php + ["COMPOSER_ALLOW_SUPERUSER", "COMPOSER_HOME", "COMPOSER_VERSION"],
    "wordpress": php,
    "nginx": ["NGINX_VERSION", "NJS_VERSION", "NJS_RELEASE", "PKG_RELEASE", "DYNPKG_RELEASE", "ACME_VERSION"],
    "httpd": ["HTTPD_PREFIX", "HTTPD_VERSION", "HTTPD_SHA256", "HTTPD_PATCHES"],
    "postgres": ["LANG", "GOSU_VERSION", "PG_MAJOR", "PG_VERSION", "PGDATA"],
    "mysql": ["GOSU_VERSION", "MYSQL_MAJOR", "MYSQL_VERSION", "MYSQL_SHELL_VERSION"],
    "mariadb": ["LANG", "GOSU_VERSION", "MARIADB_VERSION"],
    "redis": ["REDIS_VERSION", "REDIS_DOWNLOAD_URL", "REDIS_DOWNLOAD_SHA"],
    "mongo": ["GOSU_VERSION", "JSYAML_VERSION", "MONGO_PACKAGE", "MONGO_REPO", "MONGO_MAJOR", "MONGO_VERSION", "HOME"],
    "docker": ["DOCKER_VERSION", "DOCKER_BUILDX_VERSION", "DOCKER_COMPOSE_VERSION", "DOCKER_TLS_CERTDIR"],
    "erlang": ["LANG", "OTP_VERSION", "REBAR3_VERSION"],
    "elixir": ["LANG", "OTP_VERSION", "REBAR3_VERSION", "ELIXIR_VERSION"],
    "julia": ["LANG", "JULIA_PATH", "JULIA_GPG", "JULIA_VERSION"],
    "swift": ["SWIFT_SIGNING_KEY", "SWIFT_PLATFORM", "SWIFT_BRANCH", "SWIFT_VERSION", "SWIFT_WEBROOT"],
    "gcc": ["GPG_KEYS", "GCC_MIRRORS", "GCC_VERSION"],
    "haproxy": ["HAPROXY_VERSION", "HAPROXY_URL", "HAPROXY_SHA256"],
    "mcr.microsoft.com/dotnet/sdk": dotnet,
    "mcr.microsoft.com/dotnet/aspnet": dotnet,
    "mcr.microsoft.com/dotnet/runtime": dotnet,
    "mcr.microsoft.com/dotnet/runtime-deps": dotnet,
  ]
}
