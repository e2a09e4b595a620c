// swift-tools-version:6.0
// dockerfile-lsp: a language server and linter for Dockerfiles. No package dependencies, by design.
import PackageDescription

let package = Package(
  name: "dockerfile-lsp",
  products: [
    .executable(name: "dockerfile-lsp", targets: ["dockerfile-lsp"])
  ],
  dependencies: [],
  targets: [
    .target(name: "DockerfileSyntax"),
    .target(name: "DockerfileAnalysis", dependencies: ["DockerfileSyntax"]),
    .target(name: "LanguageServerProtocol"),
    .target(
      name: "LanguageServer", dependencies: ["DockerfileSyntax", "DockerfileAnalysis", "LanguageServerProtocol"]
    ),
    .executableTarget(
      name: "dockerfile-lsp", dependencies: ["DockerfileSyntax", "DockerfileAnalysis", "LanguageServer"]
    ),
    .executableTarget(
      name: "dockerfile-lsp-latency",
      dependencies: ["LanguageServerProtocol"],
      path: "Benchmarks/dockerfile-lsp-latency"
    ),
    .executableTarget(
      name: "dockerfile-lsp-bench",
      dependencies: ["DockerfileSyntax", "DockerfileAnalysis"],
      path: "Benchmarks/dockerfile-lsp-bench"
    ),
    .testTarget(
      name: "DockerfileSyntaxTests",
      dependencies: ["DockerfileSyntax"],
      exclude: ["Fixtures"]
    ),
    .testTarget(name: "DockerfileAnalysisTests", dependencies: ["DockerfileAnalysis", "DockerfileSyntax"]),
    .testTarget(name: "LanguageServerProtocolTests", dependencies: ["LanguageServerProtocol"]),
    .testTarget(
      name: "LanguageServerTests",
      dependencies: ["LanguageServer", "LanguageServerProtocol", "DockerfileSyntax", "DockerfileAnalysis"],
      exclude: ["CheckFormats/Golden"]
    ),
  ]
)
