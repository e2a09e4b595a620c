// The dockerfile-lsp executable: reads the command line and hands each subcommand to the library.
import DockerfileSyntax
import LanguageServer

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

let version = "0.1.0"

let usage = """
  usage: dockerfile-lsp <command> [options]

  commands:
    check [OPTIONS] [PATH...]           lint Dockerfiles: files, directories (searched for Dockerfiles),
                                        '-' for standard input; exit 1 on findings at or above the fail
                                        level, 2 on usage or read errors ('check --help' for the options)
    explain RULE...                     print a rule's documentation (by code, name or alias)
    rules [--format text|json|markdown] list the rules
    serve [--stdio]                     run the language server on standard input and output
    dump [--format buildkit|tree] FILE...
                                        print BuildKit's AST dump (or our tree with byte ranges);
                                        '-' reads standard input
    --version                           print the version and how this binary was built
    --help                              print this help

  """

/// How this binary was built: compiler, target and configuration (`--version`).
var buildInfo: String {
  #if compiler(>=6.4)
    let compiler = "Swift 6.4 or later"
  #elseif compiler(>=6.3)
    let compiler = "Swift 6.3"
  #elseif compiler(>=6.2)
    let compiler = "Swift 6.2"
  #elseif compiler(>=6.1)
    let compiler = "Swift 6.1"
  #else
    let compiler = "Swift 6.0"
  #endif
  #if os(Linux)
    let system = "linux"
  #elseif os(macOS)
    let system = "macos"
  #elseif os(Windows)
    let system = "windows"
  #else
    let system = "unknown-os"
  #endif
  #if arch(x86_64)
    let architecture = "x86_64"
  #elseif arch(arm64)
    let architecture = "arm64"
  #else
    let architecture = "unknown-arch"
  #endif
  #if canImport(Musl)
    let libc = " (musl)"
  #elseif canImport(Glibc)
    let libc = " (glibc)"
  #else
    let libc = ""
  #endif
  #if DEBUG
    let configuration = "debug"
  #else
    let configuration = "release"
  #endif
  return "built with \(compiler) for \(system) \(architecture)\(libc), \(configuration) build"
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
  writeStderr(usage)
  exit(2)
}
arguments.removeFirst()

switch command {
case "serve":
  for a in arguments where a != "--stdio" && !a.hasPrefix("--clientProcessId") {
    writeStderr("dockerfile-lsp serve: unknown option '\(a)' (only --stdio is accepted)\n")
    exit(2)
  }
  exit(StdioTransport.run())
case "dump":
  exit(runDump(arguments))
case "check":
  exit(checkCommand(arguments))
case "explain":
  exit(explainCommand(arguments))
case "rules":
  exit(runRules(arguments))
case "--version", "version":
  print("dockerfile-lsp \(version)\n\(buildInfo)")
case "--help", "-h", "help":
  print(usage, terminator: "")
default:
  writeStderr("dockerfile-lsp: unknown command '\(command)'\n\n\(usage)")
  exit(2)
}
