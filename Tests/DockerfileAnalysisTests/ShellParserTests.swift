import DockerfileAnalysis
// Checks the shell parser's words, ranges, connectors, wrappers and robustness against hostile input.
import Testing

/// Parses a string.
private func parse(_ text: String, base: Int = 0) -> ShellScript { parseShell(Array(text.utf8), baseOffset: base) }

/// The byte range of the `occurrence`-th (0-based) appearance of `needle` in `text`.
private func span(_ text: String, _ needle: String, _ occurrence: Int = 0) -> Range<Int> {
  let haystack = Array(text.utf8)
  let pattern = Array(needle.utf8)
  var seen = 0
  var index = 0
  while index + pattern.count <= haystack.count {
    if Array(haystack[index..<(index + pattern.count)]) == pattern {
      if seen == occurrence { return index..<(index + pattern.count) }
      seen += 1
    }
    index += 1
  }
  Issue.record("\(needle) not found in \(text)")
  return 0..<0
}

/// The string values of a command's words.
private func values(_ command: ShellCommand) -> [String] { command.words.map(\.stringValue) }

@Suite("Shell parser")
struct ShellParserTests {
  @Test func simpleCommands() {
    let table: [(String, [[String]])] = [
      ("ls", [["ls"]]),
      ("  ls  -la /tmp ", [["ls", "-la", "/tmp"]]),
      ("a; b\nc", [["a"], ["b"], ["c"]]),
      ("a & b", [["a"], ["b"]]),
      ("", []),
      ("\n\n  \t", []),
      ("echo a\\\nb", [["echo", "ab"]]),
      ("a \\\n  b", [["a", "b"]]),
    ]
    for (text, expected) in table {
      let script = parse(text)
      #expect(script.commands.map(values) == expected, "\(text)")
      #expect(script.unparsed.isEmpty, "\(text)")
    }
    let script = parse("  ls  -la /tmp ", base: 100)
    #expect(script.commands[0].range == 102..<114)
    #expect(script.commands[0].words.map(\.range) == [102..<104, 106..<109, 110..<114])
    #expect(script.commands[0].name == "ls")
    #expect(script.commands[0].connector == .start)
  }

  @Test func aptChain() {
    let text = "apt-get update && apt-get -qy install --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*"
    let script = parse(text)
    #expect(script.commands.count == 3)
    #expect(script.commands.map(\.connector) == [.start, .and, .and])
    #expect(script.commands.map(\.name) == ["apt-get", "apt-get", "rm"])
    #expect(script.commands[0].range == span(text, "apt-get update"))
    #expect(script.commands[1].range == span(text, "apt-get -qy install --no-install-recommends gcc"))
    let install = script.commands[1]
    #expect(install.hasFlag("-y"))
    #expect(install.hasFlag("-q"))
    #expect(install.hasFlag("--no-install-recommends"))
    #expect(!install.hasFlag("-f"))
    #expect(!install.hasFlag("--no-install"))
    let remove = script.commands[2]
    #expect(remove.words[2].range == span(text, "/var/lib/apt/lists/*"))
    #expect(!remove.words[2].isLiteral)
    #expect(remove.hasFlag("-r") && remove.hasFlag("-f"))
  }

  @Test func pipAndPython() {
    let pip = parse("pip install --no-cache-dir -r requirements.txt").commands[0]
    #expect(values(pip) == ["pip", "install", "--no-cache-dir", "-r", "requirements.txt"])
    #expect(pip.hasFlag("--no-cache-dir"))
    #expect(!pip.hasFlag("-q"))
    #expect(parse("pip install --no-cache-dir=1 x").commands[0].hasFlag("--no-cache-dir"))
    #expect(!parse("pip install -- --no-cache-dir").commands[0].hasFlag("--no-cache-dir"))
    let python = parse("python -m pip install .").commands[0]
    #expect(values(python) == ["python", "-m", "pip", "install", "."])
    #expect(python.effectiveWords.first?.stringValue == "python")
  }

  @Test func wrappers() {
    let table: [(String, [String])] = [
      ("sudo -E pip3 install x", ["pip3", "install", "x"]),
      ("sudo -u root -H pip install x", ["pip", "install", "x"]),
      ("env PIP_NO_CACHE_DIR=1 pip install x", ["pip", "install", "x"]),
      ("env -i -u HOME A=1 B=$X pip install x", ["pip", "install", "x"]),
      ("/usr/bin/sudo env FOO=1 nice -n 5 nohup time -p pip x", ["pip", "x"]),
      ("timeout -s KILL 10 pip x", ["pip", "x"]),
      ("exec pip x", ["pip", "x"]),
      ("command pip x", ["pip", "x"]),
      ("command -v pip", ["command", "-v", "pip"]),
      ("xargs pip install", ["xargs", "pip", "install"]),
      ("env", []),
      ("sudo", []),
      // Names are matched by their bytes: lookalikes and other lengths are ordinary commands.
      ("/bin/timeout 5 /usr/bin/nohup ./run x", ["./run", "x"]),
      ("sud pip", ["sud", "pip"]),
      ("envx pip", ["envx", "pip"]),
      ("tim pip", ["tim", "pip"]),
      ("times pip", ["times", "pip"]),
      ("nohu pip", ["nohu", "pip"]),
      ("commands pip", ["commands", "pip"]),
      ("sudo/ pip", ["sudo/", "pip"]),
      ("/usr/bin/ pip", ["/usr/bin/", "pip"]),
      ("Sudo pip", ["Sudo", "pip"]),
      ("ex pip", ["ex", "pip"]),
    ]
    for (text, expected) in table {
      let command = parse(text).commands[0]
      #expect(command.effectiveWords.map(\.stringValue) == expected, "\(text)")
    }
    #expect(parse("sudo -E pip3 install -y x").commands[0].hasFlag("-y"))
    #expect(!parse("sudo -E pip3 install x").commands[0].hasFlag("-E"))
    let env = parse("env PIP_NO_CACHE_DIR=1 pip install x").commands[0]
    #expect(env.assignments.isEmpty)
    #expect(env.name == "env")
  }

  @Test func assignments() {
    let text = "FOO=1 BAR=\"a b\" cmd arg X=2"
    let command = parse(text).commands[0]
    #expect(command.assignments.map(\.stringValue) == ["FOO=1", "BAR=a b"])
    #expect(command.assignments.map(\.range) == [span(text, "FOO=1"), span(text, "BAR=\"a b\"")])
    #expect(values(command) == ["cmd", "arg", "X=2"])
    let only = parse("A=1 B=2").commands[0]
    #expect(only.words.isEmpty && only.assignments.count == 2 && only.name == nil)
    #expect(parse("\"A\"=1 x").commands[0].assignments.isEmpty)
  }

  @Test func quoting() {
    let text = #"echo "a $HOME" 'b c' d\ e "x\"y\\z\q" '$NO' ~/x "*" ["#
    let words = parse(text).commands[0].words
    #expect(words.map(\.stringValue) == ["echo", "a $HOME", "b c", "d e", #"x"y\z\q"#, "$NO", "~/x", "*", "["])
    #expect(words.map(\.isLiteral) == [true, false, true, true, true, true, false, true, true])
    #expect(words[1].range == span(text, "\"a $HOME\""))
    #expect(words[2].range == span(text, "'b c'"))
    #expect(words[3].range == span(text, #"d\ e"#))
    let expansions = parse("echo ${A:-{b}} $(( 1 + (2) )) $1 $@ a$ $").commands[0].words
    #expect(expansions.map(\.stringValue) == ["echo", "${A:-{b}}", "$(( 1 + (2) ))", "$1", "$@", "a$", "$"])
    #expect(expansions.map(\.isLiteral) == [true, false, false, false, false, true, true])
    #expect(parse("[ -f x ] && y").commands[0].name == "[")
    #expect(parse("ls [ab]").commands[0].words[1].isLiteral == false)
  }

  @Test func redirections() {
    let text = "cmd > /dev/null 2>&1 arg"
    let command = parse(text).commands[0]
    #expect(values(command) == ["cmd", "arg"])
    #expect(command.redirections == [span(text, "> /dev/null"), span(text, "2>&1")])
    #expect(command.range == 0..<text.utf8.count)
    let heredoc = "cat <<EOF"
    let cat = parse(heredoc).commands[0]
    #expect(values(cat) == ["cat"])
    #expect(cat.redirections == [span(heredoc, "<<EOF")])
    let withBody = parse("cat <<-'EOF' > out\n\tpip install x\n\tEOF\necho done")
    #expect(withBody.commands.map(values) == [["cat"], ["echo", "done"]])
    let many = parse("a <in >>out 3<>f &>log &>>log2 >|x <<<here 2>&-")
    #expect(many.commands[0].redirections.count == 8)
    #expect(values(many.commands[0]) == ["a"])
    let leading = parse(">out echo hi").commands[0]
    #expect(values(leading) == ["echo", "hi"] && leading.redirections == [0..<4] && leading.range == 0..<12)
    #expect(parse("echo x >").unparsed == [0..<8])
  }

  @Test func nesting() {
    let text = "a && (b; { c | d; }) || echo \"$(e $(f) `g`)\" x"
    let script = parse(text)
    #expect(script.unparsed.isEmpty)
    let summary = script.commands.map { ($0.name ?? "?", $0.depth, $0.connector) }
    #expect(summary.map(\.0) == ["a", "b", "c", "d", "echo", "e", "f", "g"])
    #expect(summary.map(\.1) == [0, 1, 2, 2, 0, 1, 2, 2])
    #expect(summary.map(\.2) == [.start, .and, .sequence, .pipe, .or, .start, .start, .start])
    let echo = script.commands[4]
    #expect(echo.words[1].stringValue == "$(e $(f) `g`)")
    #expect(!echo.words[1].isLiteral)
    #expect(echo.words[1].range == span(text, "\"$(e $(f) `g`)\""))
    #expect(script.commands[5].range == span(text, "e $(f) `g`"))
    #expect(script.commands[7].range == span(text, "g"))
    let group = parse("{ a; b; } > log; c")
    #expect(group.commands.map(\.name) == ["a", "b", "c"])
    #expect(group.commands.map(\.depth) == [1, 1, 0])
    #expect(group.commands.allSatisfy { $0.redirections.isEmpty })
  }

  @Test func compoundCommands() {
    let text = "if ! pip install x; then echo ok; elif true; then :; else exit 1; fi && done_cmd"
    let script = parse(text)
    #expect(script.unparsed.isEmpty)
    #expect(script.commands.map(\.name) == ["pip", "echo", "true", ":", "exit", "done_cmd"])
    #expect(script.commands[0].range == span(text, "pip install x"))
    #expect(script.commands.last?.connector == .and)
    let loop = parse("for x in a b; do pip install $x; done; while read l; do echo $l; done < f")
    #expect(loop.unparsed.isEmpty)
    #expect(loop.commands.map(\.name) == ["pip", "read", "echo"])
    #expect(loop.commands[0].words[2].stringValue == "$x")
    #expect(!loop.commands[0].words[2].isLiteral)
    let multiline = parse("for f in *\ndo\n  rm \"$f\"\ndone\nuntil a; do b; done")
    #expect(multiline.commands.map(\.name) == ["rm", "a", "b"])
    #expect(multiline.unparsed.isEmpty)
    let function = parse("f() { pip install x; }; f")
    #expect(function.commands.map(\.name) == ["pip", "f"])
    #expect(parse("echo if then fi").commands[0].words.count == 4)
  }

  /// The commands of `case` arms are found, with their ranges; a malformed `case` is unparsed from its start.
  @Test func caseArms() {
    let text = "a; case $x in a) b;; (c) d y;; esac; e"
    let script = parse(text)
    #expect(script.unparsed.isEmpty)
    #expect(script.commands.map(\.name) == ["a", "b", "d", "e"])
    #expect(script.commands[2].range == span(text, "d y"))
    #expect(script.commands.last?.connector == .sequence)
    // Alternatives, `;&` and `;;&`, an arm without `;;` before `esac`, line breaks where the grammar allows them.
    let multiline = parse(
      "case \"$arch\" in\n  amd64|x86_64) pip install a ;;\n  arm*)\n    apt-get install -y b\n    ;&\n"
        + "  *) echo c ;;&\n  z) true\nesac && f")
    #expect(multiline.unparsed.isEmpty)
    #expect(multiline.commands.map(\.name) == ["pip", "apt-get", "echo", "true", "f"])
    #expect(multiline.commands.last?.connector == .and)
    // A pipe into a `case` does not lead to an arm's first command.
    let piped = parse("curl u | case \"$a\" in amd64|x86_64) tar -xz;; esac")
    #expect(piped.commands.map(\.name) == ["curl", "tar"])
    #expect(piped.commands.map(\.connector) == [.start, .sequence])
    // Nested: a case in an arm, compound commands in arms, a case in a command substitution.
    let nested = parse("case a in x) case b in y) if c; then d; fi ;; esac ;; w) for i in 1; do e; done; esac")
    #expect(nested.unparsed.isEmpty)
    #expect(nested.commands.map(\.name) == ["c", "d", "e"])
    let substitution = parse("x=$(case y in a) b;; esac) && c")
    #expect(substitution.unparsed.isEmpty)
    #expect(substitution.commands.map(\.name) == [nil, "b", "c"])
    #expect(substitution.commands[0].assignments.map(\.stringValue) == ["x=$(case y in a) b;; esac)"])
    #expect(substitution.commands[1].depth == 1)
    // `esac` as an argument is a word; `case` words are ordinary words outside a command's start.
    #expect(parse("echo case esac in").commands[0].words.count == 4)
    let argument = parse("case a in b) echo esac ;; esac")
    #expect(argument.commands.map { $0.words.count } == [2])
    // Malformed: unparsed from the `case` (or the command before a stray `;;`) to the end.
    let table: [(String, Int, [String])] = [
      ("a; case x in b) c", 3, ["a"]),
      ("a; case x b) c;; esac", 3, ["a"]),
      ("a; case\nx in b) c;; esac", 3, ["a"]),
      ("a; case x in b c) d;; esac", 3, ["a"]),
      ("a; case x in b) if c; then d;; fi; esac", 3, ["a"]),
      ("a; case x in b) c && ;; esac", 3, ["a"]),
      ("a;; b", 0, []),
      // After a complete `case`, as after `fi`: the construct's commands are kept.
      ("a; case x in b) c;; esac d", 25, ["a", "c"]),
    ]
    for (text, cut, names) in table {
      let script = parse(text)
      #expect(script.unparsed == [cut..<text.utf8.count], "\(text)")
      #expect(script.commands.map { $0.name ?? "?" } == names, "\(text)")
    }
  }

  @Test func shellDashC() {
    let text = "sh -c 'pip install x && cd /y' && bash -ec \"apt-get install -y \\\"a b\\\"\" name"
    let script = parse(text, base: 10)
    #expect(script.commands.count == 2)
    let expanded = script.expanded
    #expect(expanded.map(\.name) == ["sh", "pip", "cd", "bash", "apt-get"])
    #expect(expanded.map(\.depth) == [0, 1, 1, 0, 1])
    #expect(expanded.map(\.connector) == [.start, .start, .and, .and, .start])
    let shift = { (range: Range<Int>) in (range.lowerBound + 10)..<(range.upperBound + 10) }
    #expect(expanded[1].range == shift(span(text, "pip install x")))
    #expect(expanded[2].words[1].range == shift(span(text, "/y")))
    #expect(expanded[4].words.last?.stringValue == "a b")
    #expect(expanded[4].words.last?.range == shift(span(text, "\\\"a b\\\"")))
    #expect(expanded[4].hasFlag("-y"))
    #expect(parse("sh -c \"$CMD\"").expanded.count == 1)
    #expect(parse("sh script.sh -c 'x'").expanded.count == 1)
    let nested = parse("sudo sh -c \"bash -c 'pip install z'\"").expanded
    #expect(nested.map(\.name) == ["sudo", "bash", "pip"])
    #expect(nested.map(\.depth) == [0, 1, 2])
  }

  @Test func setFlags() {
    let table: [(String, Bool, Bool)] = [
      ("set -eux; a", true, false),
      ("set -euo pipefail\na", true, true),
      ("set -o errexit && set -o pipefail; a", true, true),
      ("a; set -e", false, false),
      ("set -x; a | b", false, false),
      ("set -e; set +e; a", false, false),
      ("a; set -o pipefail", false, true),
      ("set -- -e", false, false),
    ]
    for (text, errexit, pipefail) in table {
      let script = parse(text)
      #expect(script.setsErrexit == errexit, "\(text)")
      #expect(script.setsPipefail == pipefail, "\(text)")
    }
  }

  @Test func comments() {
    let script = parse("a # b c\nd#e # f\n#only")
    #expect(script.commands.map(values) == [["a"], ["d#e"]])
    #expect(script.commands[1].connector == .sequence)
  }

  @Test func unparsedRegions() {
    let table: [(String, Range<Int>, [String])] = [
      ("echo ok && echo \"abc", 11..<20, ["echo"]),
      ("echo ok; echo 'abc", 9..<18, ["echo"]),
      ("a; (b; c", 3..<8, ["a"]),
      ("a; echo $(b", 3..<11, ["a"]),
      ("a; b)", 3..<5, ["a"]),
      ("a &&", 2..<4, ["a"]),
      ("a; if b; then c", 3..<15, ["a"]),
      ("a; fi", 3..<5, ["a"]),
      ("a; && b", 3..<7, ["a"]),
      ("a; x ${y", 3..<8, ["a"]),
      ("a; } b", 3..<6, ["a"]),
      ("a; (b) c", 7..<8, ["a", "b"]),
    ]
    for (text, region, names) in table {
      let script = parse(text)
      #expect(script.unparsed == [region], "\(text)")
      #expect(script.commands.map { $0.name ?? "?" } == names, "\(text)")
    }
  }

  @Test func randomBytesNeverCrash() {
    var generator = SplitMix(seed: 42)
    let alphabet = Array(" \t\n\\'\"`$(){};&|<>#*?[]=-!~0123456789abcefiostdnuhl".utf8) + [0, 0x80, 0xFF, 0xC3]
    for round in 0..<10_000 {
      let length = Int(generator.next() % 64)
      let bytes = (0..<length).map { _ in
        let random = generator.next()
        return round % 3 == 0 ? UInt8(truncatingIfNeeded: random) : alphabet[Int(random % UInt64(alphabet.count))]
      }
      let base = Int(generator.next() % 5)
      let script = parseShell(bytes, baseOffset: base)
      let bounds = base...(base + length)
      func inside(_ range: Range<Int>) -> Bool {
        bounds.contains(range.lowerBound) && bounds.contains(range.upperBound)
      }
      for command in script.expanded {
        #expect(inside(command.range))
        #expect(command.words.allSatisfy { inside($0.range) })
        #expect(command.assignments.allSatisfy { inside($0.range) })
        #expect(command.redirections.allSatisfy(inside))
        _ = command.effectiveWords
        _ = command.hasFlag("-y")
      }
      #expect(script.unparsed.allSatisfy(inside))
      _ = script.setsErrexit
      _ = script.setsPipefail
    }
  }

  @Test func deepNesting() {
    let parens = parseShell([UInt8](repeating: UInt8(ascii: "("), count: 100_000))
    #expect(parens.commands.isEmpty && parens.unparsed == [0..<100_000])
    let substitutions = Array(String(repeating: "$(", count: 50_000).utf8)
    #expect(parseShell(substitutions).unparsed == [0..<100_000])
    let balanced = String(repeating: "(", count: 150) + "pip install x" + String(repeating: ")", count: 150)
    let script = parse(balanced)
    #expect(script.commands.first?.depth == 150 && script.unparsed.isEmpty)
    let tooDeep = String(repeating: "(", count: 300) + "a" + String(repeating: ")", count: 300)
    #expect(parse(tooDeep).unparsed == [0..<601])
  }

  /// A megabyte of commands parses completely (a quadratic parser would not finish in the run's time; the
  /// speed itself is measured by the benchmarks, not asserted here).
  @Test func largeInputParsesCompletely() {
    let line = "apt-get update && pip install --no-cache-dir \"a b\" $(echo x) > /dev/null 2>&1; "
    let text = Array(String(repeating: line, count: 1_000_000 / line.utf8.count).utf8)
    let script = parseShell(text)
    #expect(script.commands.count == 3 * (1_000_000 / line.utf8.count))
  }
}

/// A small deterministic random number generator.
private struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
