// Dictionaries and sets for sequential rules' states, which the analysis saves every few dozen instructions.
// A Swift `Dictionary` held by a saved state is copied whole on the next insert, so a state that grows with
// the file (every ENV name so far) would cost memory and time quadratic in the file. These types share
// structure instead: entries live in 4,096 small buckets under a fixed two-level trie (64 × 64), and an insert
// after a snapshot copies one bucket and two 64-slot arrays. Comparing two states that share most of their
// buckets costs a few hundred identity checks plus the buckets that differ.

/// A dictionary with cheap snapshots and cheap comparison of related versions.
public struct PersistentDictionary<Key: Hashable & Sendable, Value: Sendable>: Sendable {
  final class Bucket: @unchecked Sendable {
    var entries: [Key: Value]
    init(_ entries: [Key: Value]) { self.entries = entries }
  }

  final class Branch: @unchecked Sendable {
    var buckets: [Bucket?]
    init(_ buckets: [Bucket?]) { self.buckets = buckets }
  }

  private var branches: [Branch?] = []
  /// The number of entries.
  public private(set) var count = 0

  /// An empty dictionary.
  public init() {}

  /// Whether there are no entries.
  public var isEmpty: Bool { count == 0 }

  private static func slots(_ key: Key) -> (Int, Int) {
    let h = UInt(bitPattern: key.hashValue)
    return (Int(h & 63), Int((h >> 6) & 63))
  }

  /// The value for `key`.
  public subscript(key: Key) -> Value? {
    get {
      guard !branches.isEmpty else { return nil }
      let (a, b) = Self.slots(key)
      return branches[a]?.buckets[b]?.entries[key]
    }
    set {
      let (a, b) = Self.slots(key)
      if branches.isEmpty {
        guard newValue != nil else { return }
        branches = Array(repeating: nil, count: 64)
      }
      // Take each level out of its parent before asking whether it is shared with a snapshot.
      var branch: Branch
      if var existing = branches[a] {
        branches[a] = nil
        if !isKnownUniquelyReferenced(&existing) { existing = Branch(existing.buckets) }
        branch = existing
      } else {
        guard newValue != nil else { return }
        branch = Branch(Array(repeating: nil, count: 64))
      }
      var bucket: Bucket
      if var existing = branch.buckets[b] {
        branch.buckets[b] = nil
        if !isKnownUniquelyReferenced(&existing) { existing = Bucket(existing.entries) }
        bucket = existing
      } else {
        bucket = Bucket([:])
      }
      let before = bucket.entries.count
      bucket.entries[key] = newValue
      count += bucket.entries.count - before
      branch.buckets[b] = bucket.entries.isEmpty ? nil : bucket
      branches[a] = branch
    }
  }

  /// Every key, in no particular order.
  public var keys: [Key] {
    var out: [Key] = []
    out.reserveCapacity(count)
    for branch in branches { for bucket in branch?.buckets ?? [] { if let bucket { out += bucket.entries.keys } } }
    return out
  }

  /// Every entry, in no particular order.
  public var entries: [(key: Key, value: Value)] {
    var out: [(key: Key, value: Value)] = []
    out.reserveCapacity(count)
    for branch in branches {
      for bucket in branch?.buckets ?? [] { if let bucket { for e in bucket.entries { out.append(e) } } }
    }
    return out
  }
}

extension PersistentDictionary: Equatable where Value: Equatable {
  public static func == (a: Self, b: Self) -> Bool {
    guard a.count == b.count else { return false }
    if a.count == 0 { return true }
    for i in 0..<64 {
      let x = a.branches.isEmpty ? nil : a.branches[i]
      let y = b.branches.isEmpty ? nil : b.branches[i]
      if x === y { continue }
      for j in 0..<64 {
        let p = x?.buckets[j]
        let q = y?.buckets[j]
        if p === q { continue }
        if (p?.entries ?? [:]) != (q?.entries ?? [:]) { return false }
      }
    }
    return true
  }
}

/// A set with cheap snapshots and cheap comparison of related versions.
public struct PersistentSet<Element: Hashable & Sendable>: Sendable, Equatable {
  private var storage = PersistentDictionary<Element, Bool>()

  /// An empty set.
  public init() {}

  /// A set of `elements`.
  public init(_ elements: some Sequence<Element>) {
    for e in elements { storage[e] = true }
  }

  /// The number of elements.
  public var count: Int { storage.count }
  /// Whether there are none.
  public var isEmpty: Bool { storage.isEmpty }
  /// Whether `element` is in the set.
  public func contains(_ element: Element) -> Bool { storage[element] != nil }
  /// Adds `element`; returns whether it was new.
  @discardableResult
  public mutating func insert(_ element: Element) -> Bool {
    if storage[element] != nil { return false }
    storage[element] = true
    return true
  }
  /// Removes `element`.
  public mutating func remove(_ element: Element) { storage[element] = nil }
  /// Adds every element of `other`.
  public mutating func formUnion(_ other: some Sequence<Element>) { for e in other { insert(e) } }
  /// Every element, in no particular order.
  public var elements: [Element] { storage.keys }
}
