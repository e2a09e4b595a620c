// The flat token stream of a tree: every byte of the source lands in exactly one token, which is what
// makes the tree lossless and what semantic highlighting and formatting read.

/// What a token is.
public enum TokenKind: String, Sendable, Equatable {
  case byteOrderMark, whitespace, newline, comment, directive, lineContinuation
  case keyword, flag, argument, key, text, heredocOpener, heredocBody, heredocTerminator
}

/// One token: a kind and an absolute byte range.
public struct Token: Sendable, Equatable {
  /// What it is.
  public var kind: TokenKind
  /// Where it is.
  public var range: Range<Int>
}

extension SyntaxTree {
  /// Every token of the file, in order; their ranges tile `0..<source.count` exactly.
  public func tokens() -> [Token] {
    var out: [Token] = []
    for i in nodes.indices { appendTokens(of: i, to: &out) }
    return out
  }

  /// Tokens of one node.
  public func tokens(ofNode i: Int) -> [Token] {
    var out: [Token] = []
    appendTokens(of: i, to: &out)
    return out
  }

  func appendTokens(of i: Int, to out: inout [Token]) {
    let node = nodes[i]
    let start = nodeStarts[i]
    var kinds = [TokenKind](repeating: .whitespace, count: node.length)
    func paint(_ r: Range<Int>, _ k: TokenKind) {
      for j in r where j >= 0 && j < kinds.count { kinds[j] = k }
    }
    // Line structure.
    var inSegment = [Bool](repeating: false, count: node.length)
    for s in node.segments { for j in s.sourceStart..<(s.sourceStart + s.length) { inSegment[j] = true } }
    var ls = 0
    let headEnd = node.kind == .instruction ? node.headEnd : node.length
    while ls < node.length {
      var nl = ls
      while nl < node.length && source[start + nl] != ASCII.newline { nl += 1 }
      var ce = nl
      while ce > ls && source[start + ce - 1] == ASCII.carriageReturn { ce -= 1 }
      paint(ce..<min(nl + 1, node.length), .newline)
      if ls >= headEnd {
        ls = nl + 1
        continue
      }
      var fs = ls
      while fs < ce && (source[start + fs] == ASCII.space || source[start + fs] == ASCII.tab) { fs += 1 }
      let lineHasSegment = (ls..<ce).contains { inSegment[$0] }
      if fs < ce && !lineHasSegment && source[start + fs] == ASCII.hash {
        paint(fs..<ce, node.kind == .directive ? .directive : .comment)
      } else if node.kind == .instruction && lineHasSegment {
        var last = ce
        while last > ls && !inSegment[last - 1] { last -= 1 }
        if last < ce && source[start + last] == escape { paint(last..<ce, .lineContinuation) }
        for j in ls..<ce where inSegment[j] {
          let b = source[start + j]
          kinds[j] = b == ASCII.space || b == ASCII.tab ? .whitespace : .text
        }
      } else if fs < ce {
        paint(fs..<ce, node.kind == .directive ? .directive : .text)
      }
      ls = nl + 1
    }
    if i == 0 && start == 0 && source.count >= 3 && source[0] == 0xEF && source[1] == 0xBB && source[2] == 0xBF {
      paint(0..<3, .byteOrderMark)
    }
    for ins in node.chain { paintInstruction(ins, node: node, paint: paint) }
    // Merge runs.
    var j = 0
    while j < kinds.count {
      var k = j + 1
      while k < kinds.count && kinds[k] == kinds[j] { k += 1 }
      out.append(Token(kind: kinds[j], range: (start + j)..<(start + k)))
      j = k
    }
  }

  private func paintInstruction(
    _ ins: InstructionSyntax, node: SyntaxNode, paint: (Range<Int>, TokenKind) -> Void
  ) {
    for r in node.sourcePieces(logical: ins.keyword) { paint(r, .keyword) }
    for f in ins.flags { for r in node.sourcePieces(logical: f.range) { paint(r, .flag) } }
    for a in ins.arguments { for r in node.sourcePieces(logical: a.range) { paint(r, .argument) } }
    for p in ins.pairs {
      for r in node.sourcePieces(logical: p.key) { paint(r, .key) }
      for r in node.sourcePieces(logical: p.value) { paint(r, .argument) }
    }
    for h in ins.heredocs {
      for r in node.sourcePieces(logical: h.opener) { paint(r, .heredocOpener) }
      paint(h.body, .heredocBody)
      if let t = h.terminator { paint(t, .heredocTerminator) }
    }
  }
}
