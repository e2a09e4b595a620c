// The YAML subset reader: what it reads, and that it reports (with a line and column) what it does not read.
import Testing

@testable import LanguageServer

/// A compact rendering of a YAML value: scalars as text (quoted ones in quotes), `~` for null, `?` for
/// unreadable, `[..]` and `{k: v, ..}`.
private func render(_ value: YAMLValue) -> String {
  switch value.kind {
  case .null: return "~"
  case .unreadable: return "?"
  case .scalar(let text, let quoted): return quoted ? "\"\(text)\"" : text
  case .sequence(let items): return "[" + items.map(render).joined(separator: ", ") + "]"
  case .mapping(let members):
    return "{" + members.map { "\($0.key): \(render($0.value))" }.joined(separator: ", ") + "}"
  }
}

private func read(_ text: String) -> (String, [String]) {
  let (value, problems) = readYAML(Array(text.utf8))
  return (render(value), problems.map { "\($0.line):\($0.column): \($0.message)" })
}

@Suite("YAML subset")
struct YAMLSubsetTests {
  static let readable: [(String, String)] = [
    ("", "~"),
    ("# only a comment\n\n", "~"),
    ("a: 1\nb: two words\n", "{a: 1, b: two words}"),
    (
      "---\na: x # comment\nb: 'it''s # not a comment'\nc: \"q\\\"\\u00e9\\t\"\n",
      "{a: x, b: \"it's # not a comment\", c: \"q\"é\t\"}"
    ),
    ("a:\n  - x\n  - y\nb:\n- z\n-\nc:\n", "{a: [x, y], b: [z, ~], c: ~}"),
    ("a: [x, \"y, z\", 'w' ]\nb: []\nc: {}\nd: [x, ]\n", "{a: [x, \"y, z\", \"w\"], b: [], c: {}, d: [x]}"),
    ("a:\n  b:\n    c: d\n  e: ~\n", "{a: {b: {c: d}, e: ~}}"),
    ("- a: 1\n  b: 2\n- - x\n  - y\n- z\n", "[{a: 1, b: 2}, [x, y], z]"),
    (
      "\"quoted key\": v\n'k': v2\nurl: http://x.org/a#b\nkey : spaced\n",
      "{quoted key: v, k: v2, url: http://x.org/a#b, key: spaced}"
    ),
    ("a: x\r\nb: y\r\n", "{a: x, b: y}"),
    ("\u{FEFF}a: b\n...\n# after the end\n", "{a: b}"),
    ("a:\n  value on its own line\n", "{a: value on its own line}"),
    ("a: don't\nb: it's-fine\n", "{a: don't, b: it's-fine}"),
  ]

  @Test(arguments: readable)
  func reads(_ source: String, _ expected: String) {
    let (value, problems) = read(source)
    #expect(value == expected, "\(source.debugDescription)")
    #expect(problems.isEmpty, "\(source.debugDescription): \(problems)")
  }

  static let unreadable: [(String, String, String)] = [
    ("a: &x 1\n", "{a: ?}", "1:4: anchors (`&`) are not supported"),
    ("a: *x\n", "{a: ?}", "1:4: aliases (`*`) are not supported"),
    ("a: !!str 1\n", "{a: ?}", "1:4: tags (`!`) are not supported"),
    ("a: |\n  text\n", "{a: ?}", "1:4: block scalars (`|`, `>`) are not supported; write the value on one line"),
    (
      "a: >-\n  text\nb: c\n", "{a: ?, b: c}",
      "1:4: block scalars (`|`, `>`) are not supported; write the value on one line"
    ),
    (
      "a: one\n  two\nb: c\n", "{a: ?, b: c}",
      "2:3: values that span lines are not supported; write the value on one line"
    ),
    (
      "a: \"open\n  close\"\n", "{a: ?}",
      "1:4: quoted values that span lines are not supported; close the quote on the same line"
    ),
    (
      "a: [x,\n  y]\n", "{a: ?}",
      "1:4: lists in brackets that span lines are not supported; close the `]` on the same line"
    ),
    ("a: {b: c}\n", "{a: ?}", "1:4: flow mappings (`{...}`) are not supported; write one `key: value` per line"),
    ("? a\n: b\n", "?", "1:1: complex keys (`? `) are not supported"),
    ("%YAML 1.2\n---\na: b\n", "{a: b}", "1:1: YAML directives (`%`) are not supported"),
    ("a: b\n---\nc: d\n", "{a: b}", "2:1: several YAML documents in one file are not supported"),
    ("a: b\n...\nc: d\n", "{a: b}", "3:1: several YAML documents in one file are not supported"),
    ("a:\n\t- x\n", "{a: ~}", "2:1: tabs cannot indent YAML; indent with spaces"),
    ("a: b\na: c\n", "{a: b, a: c}", "2:1: duplicate key `a`"),
    ("a: b: c\n", "{a: ?}", "1:5: `: ` cannot appear in a plain value; quote the value"),
    ("a: \"x\\q\"\n", "{a: ?}", "1:6: unknown escape `\\q` in a double-quoted value"),
    ("a: [x, [y]]\n", "{a: ?}", "1:8: nested flow collections are not supported"),
    ("a: [x,, y]\n", "{a: ?}", "1:7: empty entry in a list"),
    ("a: [x] y\n", "{a: ?}", "1:8: unexpected text after `]`"),
    ("a: \"x\" y\n", "{a: ?}", "1:7: unexpected text after the quoted value"),
    ("a: b\n  c: d\n", "{a: ?}", "2:3: values that span lines are not supported; write the value on one line"),
    ("a:\n  b: c\n d: e\n", "{a: {b: c}}", "3:2: unexpected indentation"),
    ("a: b\njust text\nc: d\n", "{a: b, c: d}", "2:1: expected `key: value`"),
    ("a: b\n- x\n", "{a: b}", "2:1: expected `key: value`, found a list item"),
    ("- x\nk: v\n", "[x]", "2:1: unexpected content here; check the indentation"),
    ("a: @x\n", "{a: ?}", "1:4: `@` cannot start a plain scalar; quote the value"),
  ]

  @Test(arguments: unreadable)
  func reportsWhatItCannotRead(_ source: String, _ expected: String, _ problem: String) {
    let (value, problems) = read(source)
    #expect(value == expected, "\(source.debugDescription)")
    #expect(problems == [problem], "\(source.debugDescription)")
  }

  @Test func positions() {
    let (value, _) = readYAML(Array("a:\n  - x\n  - [y, \"é\", z]\n".utf8))
    guard case .mapping(let members) = value.kind, case .sequence(let items) = members[0].value.kind,
      case .sequence(let inner) = items[1].kind
    else {
      Issue.record("unexpected shape \(value)")
      return
    }
    #expect((members[0].line, members[0].column) == (1, 1))
    #expect((items[0].line, items[0].column) == (2, 5))
    #expect(inner.map { "\($0.line):\($0.column)" } == ["3:6", "3:9", "3:14"])
  }

  @Test func booleans() {
    let (value, _) = readYAML(Array("a: true\nb: False\nc: \"true\"\nd: yes\n".utf8))
    guard case .mapping(let members) = value.kind else { return }
    #expect(members.map(\.value.bool) == [true, false, nil, nil])
  }

  @Test func neverCrashes() {
    for source in [
      "-", "- ", ":", ": x", "a:", "'", "\"", "[", "{", "a: [", "a: '", "? ", "- - - -", "a:\n  -\n    -\n", "\t",
      "a: \"\\u12\"", "a: \"\\", "#", "---", "...", "- a: b\n  - c\n", "a:\n  b\n  c: d\n", "\u{FEFF}",
      String(repeating: "- ", count: 300) + "x", String(repeating: "a:\n ", count: 200),
    ] {
      _ = readYAML(Array(source.utf8))
    }
  }
}
