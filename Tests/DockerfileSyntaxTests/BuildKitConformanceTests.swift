// Conformance with BuildKit's own parser, using the shared corpus (BuildKit's fixtures, tables transcribed
// from its Go tests, and 305 real-world Dockerfiles with dumps from BuildKit's parser).
import Foundation
import Testing

@testable import DockerfileSyntax

@Suite("BuildKit conformance (shared corpus)", .enabled(if: corpusAvailable || corpusRequired))
struct BuildKitConformanceTests {
  let parserDir = corpusRoot.appendingPathComponent("buildkit-parser")

  func subdirectories(_ url: URL) throws -> [URL] {
    try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
      .filter { $0.hasDirectoryPath }.sorted { $0.path < $1.path }
  }

  func json(_ name: String) throws -> [String: Any] {
    let data = try Data(contentsOf: parserDir.appendingPathComponent("derived/\(name)"))
    return try JSONSerialization.jsonObject(with: data) as! [String: Any]
  }

  @Test func corpusIsPresent() {
    #expect(corpusAvailable, "the shared corpus must be beside the clone at \(corpusRoot.path)")
  }

  @Test func positiveFixturesDumpExactly() throws {
    let dirs = try subdirectories(parserDir.appendingPathComponent("testfiles"))
    #expect(dirs.count == 33)
    var passed = 0
    for dir in dirs {
      let tree = SyntaxTree(try readBytes(dir.appendingPathComponent("Dockerfile")))
      let expected = try readBytes(dir.appendingPathComponent("result"))
      let dump = tree.buildKitDump()
      #expect(dump == expected, "\(dir.lastPathComponent): \(tree.fatalError?.description ?? "dump differs")")
      if dump == expected { passed += 1 }
      #expect(tokenText(tree) == tree.source)
    }
    print("buildkit-parser testfiles: \(passed)/\(dirs.count) byte-identical")
  }

  @Test func negativeFixturesFail() throws {
    let dirs = try subdirectories(parserDir.appendingPathComponent("testfiles-negative"))
    #expect(dirs.count == 4)
    let expected = [
      "empty_dockerfile": "file with no instructions", "only_comments": "file with no instructions",
      "env_no_value": "ENV must have two arguments",
      "shykes-nested-json": "when using JSON array syntax, arrays must be comprised of strings only",
    ]
    for dir in dirs {
      let tree = SyntaxTree(try readBytes(dir.appendingPathComponent("Dockerfile")))
      #expect(tree.buildKitDump() == nil, "\(dir.lastPathComponent) must fail")
      #expect(tree.fatalError?.message == expected[dir.lastPathComponent])
    }
  }

  @Test func lineNumbers() throws {
    let tree = SyntaxTree(try readBytes(parserDir.appendingPathComponent("testfile-line/Dockerfile")))
    let ranges = tree.instructions.map { ins in
      [tree.buildKitLine(of: ins.range.lowerBound), tree.buildKitLine(of: ins.range.upperBound - 1)]
    }
    #expect(ranges == [[5, 5], [11, 12], [17, 31]])
  }

  @Test func realWorldDockerfilesDumpExactly() throws {
    let real = corpusRoot.appendingPathComponent("real")
    let files = try FileManager.default.contentsOfDirectory(atPath: real.path).filter { $0.hasSuffix(".Dockerfile") }
      .sorted()
    #expect(files.count >= 305)
    var failures: [String] = []
    for f in files {
      let tree = SyntaxTree(try readBytes(real.appendingPathComponent(f)))
      let expectedURL = real.appendingPathComponent(
        "expected/\(f.replacingOccurrences(of: ".Dockerfile", with: ".dump"))")
      let expected = try readBytes(expectedURL)
      if tree.buildKitDump() != expected { failures.append(f) }
      #expect(tokenText(tree) == tree.source, "\(f) round trip")
    }
    #expect(failures.isEmpty, "dumps differ: \(failures)")
    print("real-world corpus: \(files.count - failures.count)/\(files.count) byte-identical dumps")
  }

  @Test func directiveTables() throws {
    let d = try json("directive_cases.json")
    for c in d["TestDirectives (DirectiveParser.ParseAll)"] as! [[String: Any]] {
      let tree = SyntaxTree(c["input"] as! String)
      let expect = (c["expect"] as! [[String: String]]).map { [$0["name"]!, $0["value"]!] }
      #expect(tree.directives.map { [$0.name, String(decoding: $0.value, as: UTF8.self)] } == expect)
    }
    for key in ["TestDetectSyntax (DetectSyntax)", "TestDetectSyntaxBOM"] {
      for c in d[key] as! [[String: Any]] {
        var bytes = Array((c["input"] as! String).utf8)
        if c["input_bytes_prefix"] != nil { bytes = [0xEF, 0xBB, 0xBF] + bytes }
        let found = detectSyntax(bytes)
        #expect((found != nil) == (c["ok"] as! Bool), "\(c["input"]!)")
        if let found, let ref = c["ref"] as? String {
          #expect(found.reference == ref)
          if let cmd = c["cmdline"] as? String { #expect(found.commandLine == cmd) }
          if let line = c["line"] as? Int { #expect(found.line == line) }
        }
      }
    }
    for c in d["TestParseDirective (ParseDirective('check', ...))"] as! [[String: Any]] {
      let found = parseDirective("check", Array((c["input"] as! String).utf8))
      #expect((found != nil) == (c["ok"] as! Bool), "\(c["input"]!)")
      if let found, let v = c["value"] as? String {
        #expect(found.reference == v)
        if let cmd = c["cmdline"] as? String { #expect(found.commandLine == cmd) }
        if let line = c["line"] as? Int { #expect(found.line == line) }
      }
    }
  }

  @Test func heredocTables() throws {
    let d = try json("heredoc_cases.json")
    let extract = d["TestParseExtractsHeredoc"] as! [String: Any]
    let tree = SyntaxTree(extract["dockerfile"] as! String)
    #expect(tree.fatalError == nil)
    let instructions = tree.instructions
    let expected = extract["expected_per_instruction"] as! [[String: Any]]
    #expect(instructions.count == expected.count + 1)
    for (i, e) in expected.enumerated() where i + 1 < instructions.count {
      let got = instructions[i + 1].heredocs
      let want = (e["heredocs"] as? [[String: Any]]) ?? []
      #expect(got.count == want.count, "\(e["instruction_head"]!)")
      for (g, w) in zip(got, want) {
        #expect(String(decoding: g.name, as: UTF8.self) == w["name"] as! String)
        #expect(String(decoding: g.content, as: UTF8.self) == w["content"] as! String)
        #expect(g.expand == w["expand"] as! Bool)
        #expect(g.chomp == w["chomp"] as! Bool)
        #expect(g.fileDescriptor == UInt(w["fileDescriptor"] as! Int))
      }
    }
    let json = SyntaxTree((d["TestParseJSONHeredoc"] as! [String: Any])["dockerfile"] as! String)
    #expect(json.instructions.dropFirst().allSatisfy { $0.heredocs.isEmpty })
    let chomp = d["TestHeredocChomp"] as! [String: String]
    let doc = Heredoc(
      name: [], fileDescriptor: 0, chomp: true, expand: true, openerRange: 0..<0, bodyRange: 0..<0,
      content: Array(chomp["input"]!.utf8), terminatorRange: nil)
    #expect(String(decoding: doc.effectiveContent, as: UTF8.self) == chomp["expect"]!)
    for c in d["TestHeredocsFromLine"] as! [[String: Any]] {
      let line = c["line"] as! String
      var want = c["names"] as! [String]
      // Upstream's table lists "EOF" for `RUN <<- EOF`, but its Go test only checks the heredocs found, and
      // BuildKit finds none: only tab, CR and space after `<<` stay in the word, so `<<-` is a word of its own.
      if line == "RUN <<- EOF" { want = [] }
      let t = SyntaxTree(line + "\n" + (c["names"] as! [String]).joined(separator: "\n") + "\n")
      let names = t.instructions.first!.heredocs.map { String(decoding: $0.name, as: UTF8.self) }
      #expect(names == want, "\(line)")
    }
  }

  @Test func parserTables() throws {
    let d = try json("parser_test_cases.json")
    for c in d["TestParseWords (parseWords with default directives)"] as! [[String: Any]] {
      let tree = SyntaxTree("ARG " + (c["input"] as! String) + "\n")
      let words = tree.instructions[0].arguments.map(\.string)
      #expect(words == c["expect"] as! [String])
    }
    let warn = d["TestParseWarnsOnEmptyContinutationLine"] as! [String: Any]
    let tree = SyntaxTree(warn["dockerfile"] as! String)
    let warnings = tree.errors.filter { $0.kind == .warning }
    let messages = Set(warnings.map(\.message))
    #expect(messages.count == warn["expect_warnings"] as! Int)
    for needle in (warn["warning_short_contains"] as! [String]).dropFirst() {
      #expect(messages.contains { $0.contains(needle) }, "\(needle)")
    }
    let long = SyntaxTree("FROM scratch\nLABEL x=" + String(repeating: "a", count: 65536) + "\n")
    #expect(long.fatalError?.message == "dockerfile line greater than max allowed size of 65535")
  }
}
