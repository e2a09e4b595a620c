// Prints a tree the way BuildKit's `Node.Dump()` prints its AST, so that every file can be checked
// byte for byte against BuildKit's own parser.

extension SyntaxTree {
  /// BuildKit's `result.AST.Dump() + "\n"` for this file; nil when BuildKit's parser would reject it.
  public func buildKitDump() -> [UInt8]? {
    guard fatalError == nil else { return nil }
    var out: [UInt8] = []
    for ins in instructions {
      out.append(0x28)
      out.append(contentsOf: ins.buildKitDump())
      out.append(0x29)
      out.append(ASCII.newline)
    }
    return out
  }
}

extension Instruction {
  /// One instruction as BuildKit's `Node.Dump()` prints it (without the surrounding parentheses).
  public func buildKitDump() -> [UInt8] {
    // ONBUILD nests: `onbuild (onbuild (run "x"))`. Build it outside-in without recursion.
    var out: [UInt8] = []
    var closers = 0
    var level: Instruction? = self
    while let current = level {
      if current.depth > self.depth {
        out.append(contentsOf: Array(" (".utf8))
        closers += 1
      }
      out.append(contentsOf: current.dumpOwnPart())
      level = current.kind == .onbuild ? current.child : nil
    }
    out.append(contentsOf: repeatElement(0x29, count: closers))
    return out.withUnsafeBufferPointer { p in
      let a = skipGoSpaces(p, 0, p.count)
      let b = trimGoSpacesEnd(p, a, p.count)
      return Array(p[a..<b])
    }
  }

  /// The keyword, flags and arguments of this level only.
  func dumpOwnPart() -> [UInt8] {
    var out = text(syntax.keyword).withUnsafeBufferPointer { goToLower($0) }
    let flags = syntax.flags
    if !flags.isEmpty {
      out.append(contentsOf: Array(" [".utf8))
      for (i, f) in flags.enumerated() {
        if i > 0 { out.append(ASCII.space) }
        appendGoQuoted(flagText(f), to: &out)
      }
      out.append(ASCII.rightBracket)
    }
    switch syntax.kind {
    case .onbuild:
      break
    case .unknown:
      out.append(contentsOf: Array(" \"\"".utf8))
    case .env, .label:
      for p in syntax.pairs {
        let repair: ([UInt8]) -> [UInt8] = { b in p.isLegacy ? b : b.withUnsafeBufferPointer { repairUTF8($0) } }
        out.append(ASCII.space)
        appendGoQuoted(repair(text(p.key)), to: &out)
        out.append(ASCII.space)
        appendGoQuoted(repair(text(p.value)), to: &out)
        out.append(contentsOf: p.isLegacy ? Array(" \"\"".utf8) : Array(" \"=\"".utf8))
      }
    default:
      for a in syntax.arguments {
        out.append(ASCII.space)
        appendGoQuoted(argumentValue(a), to: &out)
      }
    }
    return out
  }
}
