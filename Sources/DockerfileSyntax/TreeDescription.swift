// A readable, stable rendering of our own tree with byte ranges, for golden tests and `dump --format tree`.

extension SyntaxTree {
  /// One line per node and per part of an instruction, with absolute byte ranges and Go-quoted text.
  public func treeDescription() -> String {
    var out = ""
    func q(_ bytes: [UInt8]) -> String { goQuote(bytes).lossyString }
    func r(_ x: Range<Int>) -> String { "\(x.lowerBound)..<\(x.upperBound)" }
    for (i, node) in nodes.enumerated() {
      let s = nodeStarts[i]
      let range = s..<(s + node.length)
      switch node.kind {
      case .blank: out += "blank \(r(range))\n"
      case .comment: out += "comment \(r(range))\n"
      case .directive:
        let d = node.directive!
        out += "directive \(r(range)) \(d.name)="
        out += q(Array(source[(s + d.valueRange.lowerBound)..<(s + d.valueRange.upperBound)])) + "\n"
      case .instruction:
        let ins = Instruction(node: node, start: s, source: source, escape: escape)
        out += "instruction \(r(range))\n"
        var indent = "  "
        var level: Instruction? = ins
        while let current = level {
          if current.depth > 0 { out += "\(indent.dropLast(2))onbuild\n" }
          describe(current, indent: indent, into: &out)
          indent += "  "
          level = current.child
        }
      }
      for e in node.errors { out += "  \(e.kind) \(r(e.shifted(by: s).range)): \(e.message)\n" }
    }
    if !nodes.contains(where: { $0.kind == .instruction }) { out += "fatal: file with no instructions\n" }
    return out
  }

  private func describe(_ ins: Instruction, indent: String, into out: inout String) {
    func q(_ bytes: [UInt8]) -> String { goQuote(bytes).lossyString }
    func r(_ x: Range<Int>) -> String { "\(x.lowerBound)..<\(x.upperBound)" }
    let kw = ins.keyword
    out += "\(indent)keyword \(r(kw.range)) \(q(kw.text)) \(ins.kind)\n"
    for f in ins.flags {
      out += "\(indent)flag \(r(f.range)) \(f.name)"
      if let v = f.value { out += "=\(q(v))" }
      out += "\n"
    }
    if ins.form != .none { out += "\(indent)form \(ins.form)\n" }
    for a in ins.arguments { out += "\(indent)argument \(a.kind) \(r(a.range)) \(q(a.value))\n" }
    for p in ins.pairs {
      out +=
        "\(indent)pair\(p.isLegacy ? " legacy" : "") \(r(p.keyRange)) \(q(p.key)) \(r(p.valueRange)) \(q(p.value))\n"
    }
    for h in ins.heredocs {
      out += "\(indent)heredoc \(q(h.name)) opener \(r(h.openerRange)) body \(r(h.bodyRange))"
      out += h.terminatorRange.map { " terminator \(r($0))" } ?? " unterminated"
      out += h.chomp ? " chomp" : ""
      out += h.expand ? "" : " no-expand"
      out += h.fileDescriptor != 0 ? " fd=\(h.fileDescriptor)" : ""
      out += "\n"
    }
  }
}
