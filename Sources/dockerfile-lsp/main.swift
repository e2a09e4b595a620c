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
    serve [--stdio]                     run the language server on standard input and output
    check FILE...                       report findings (exit 1 when any is a warning or an error)
    rules [--format text|markdown]      list the rules
    dump [--format buildkit|tree] FILE...
                                        print BuildKit's AST dump (or our tree with byte ranges);
                                        '-' reads standard input
    --version                           print the version
    --help                              print this help

  """

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
  exit(runCheck(arguments))
case "rules":
  exit(runRules(arguments))
case "--version", "version":
  print("dockerfile-lsp \(version)")
case "--help", "-h", "help":
  print(usage, terminator: "")
default:
  writeStderr("dockerfile-lsp: unknown command '\(command)'\n\n\(usage)")
  exit(2)
}
