// Position markers in test sources: `1️⃣`…`9️⃣` name byte offsets and are removed before parsing, and
// `⏩️old⏸️new⏪️` describes an edit (the text before holds `old`, the text after holds `new`).

/// The marker emojis, in order.
let markerNames = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

/// Removes markers from `text`; returns the bytes and each marker's byte offset.
func extractMarkers(_ text: String) -> (bytes: [UInt8], markers: [String: Int]) {
  var bytes: [UInt8] = []
  var markers: [String: Int] = [:]
  var rest = Substring(text)
  outer: while !rest.isEmpty {
    for name in markerNames where rest.hasPrefix(name) {
      markers[name] = bytes.count
      rest = rest.dropFirst(name.count)
      continue outer
    }
    bytes.append(contentsOf: Array(String(rest.first!).utf8))
    rest = rest.dropFirst()
  }
  return (bytes, markers)
}

/// Splits `⏩️old⏸️new⏪️` edit markers: the text before the edit, the edit, and the text after it.
func extractEdit(_ text: String) -> (before: [UInt8], range: Range<Int>, replacement: [UInt8], after: [UInt8]) {
  guard let open = text.range(of: "⏩️"), let mid = text.range(of: "⏸️"), let close = text.range(of: "⏪️") else {
    let b = Array(text.utf8)
    return (b, 0..<0, [], b)
  }
  let prefix = Array(text[..<open.lowerBound].utf8)
  let old = Array(text[open.upperBound..<mid.lowerBound].utf8)
  let new = Array(text[mid.upperBound..<close.lowerBound].utf8)
  let suffix = Array(text[close.upperBound...].utf8)
  return (prefix + old + suffix, prefix.count..<(prefix.count + old.count), new, prefix + new + suffix)
}
