// `JSONValue` keeps no positions, but configuration problems need a line and column. This scanner walks JSON
// text that `parseJSON` has already accepted and records where every member key and every value starts, by
// JSON Pointer (RFC 6901), and which keys repeat.
import LanguageServerProtocol

/// Where the keys and values of a JSON text start.
struct JSONLocations {
  /// Byte offsets of values, by JSON Pointer (`""` is the root, `/severity/DL3008` a member, `/disable/2` an
  /// element).
  private(set) var values: [String: Int] = [:]
  /// Byte offsets of member keys (their opening quote), by the member's JSON Pointer.
  private(set) var keys: [String: Int] = [:]
  /// Members whose key repeats an earlier key of the same object: the key and the offset of the repeat.
  private(set) var repeatedKeys: [(key: String, offset: Int)] = []

  private let bytes: [UInt8]

  /// Scans `bytes`, which must be JSON that `parseJSON` accepts (anything else gives partial results, never a
  /// crash).
  init(_ bytes: [UInt8]) {
    self.bytes = bytes
    var i = 0
    scanValue(&i, pointer: "", depth: 0)
  }

  /// The pointer of member `key` of the object at `pointer`.
  static func pointer(_ pointer: String, _ key: String) -> String {
    pointer + "/" + key.replacingOccurrences("~", "~0").replacingOccurrences("/", "~1")
  }

  /// The pointer of element `index` of the array at `pointer`.
  static func pointer(_ pointer: String, _ index: Int) -> String { pointer + "/\(index)" }

  private func skipSpace(_ i: inout Int) {
    while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
  }

  /// Moves past the string that starts at `i`.
  private func skipString(_ i: inout Int) {
    i += 1
    while i < bytes.count && bytes[i] != UInt8(ascii: "\"") {
      i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1
    }
    i = min(i + 1, bytes.count)
  }

  private mutating func scanValue(_ i: inout Int, pointer: String, depth: Int) {
    skipSpace(&i)
    guard i < bytes.count, depth <= jsonMaximumDepth else {
      i = bytes.count
      return
    }
    values[pointer] = i
    switch bytes[i] {
    case UInt8(ascii: "{"):
      i += 1
      var seen: Set<String> = []
      while i < bytes.count {
        skipSpace(&i)
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { break }
        let keyStart = i
        skipString(&i)
        let key = (try? parseJSON(bytes[keyStart..<i]))?.stringValue ?? ""
        let member = Self.pointer(pointer, key)
        if !seen.insert(key).inserted { repeatedKeys.append((key, keyStart)) }
        keys[member] = keyStart
        skipSpace(&i)
        if i < bytes.count && bytes[i] == UInt8(ascii: ":") { i += 1 }
        scanValue(&i, pointer: member, depth: depth + 1)
        skipSpace(&i)
        if i < bytes.count && bytes[i] == UInt8(ascii: ",") { i += 1 } else { break }
      }
      skipSpace(&i)
      if i < bytes.count && bytes[i] == UInt8(ascii: "}") { i += 1 }
    case UInt8(ascii: "["):
      i += 1
      var index = 0
      skipSpace(&i)
      if i < bytes.count && bytes[i] == UInt8(ascii: "]") {
        i += 1
        return
      }
      while i < bytes.count {
        scanValue(&i, pointer: Self.pointer(pointer, index), depth: depth + 1)
        index += 1
        skipSpace(&i)
        if i < bytes.count && bytes[i] == UInt8(ascii: ",") { i += 1 } else { break }
      }
      skipSpace(&i)
      if i < bytes.count && bytes[i] == UInt8(ascii: "]") { i += 1 }
    case UInt8(ascii: "\""):
      skipString(&i)
    default:
      let start = i
      while i < bytes.count {
        let b = bytes[i]
        if b == UInt8(ascii: ",") || b == UInt8(ascii: "]") || b == UInt8(ascii: "}") || b == 0x20 || b == 0x09
          || b == 0x0A || b == 0x0D
        {
          break
        }
        i += 1
      }
      if i == start { i += 1 }
    }
  }
}

extension String {
  /// This string with every `target` replaced by `replacement` (the standard library has no such method
  /// without Foundation).
  fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
    guard contains(target) else { return self }
    var out = ""
    var rest = self[...]
    while let r = rest.firstRange(of: target) {
      out += rest[..<r.lowerBound]
      out += replacement
      rest = rest[r.upperBound...]
    }
    return out + rest
  }
}
