// Dictionaries and sets for sequential rules' states, which the analysis saves every few instructions.
//
// A state that grows with the file (every ENV name so far) is saved at every checkpoint, so a copy must cost
// nothing and the saved versions must share their memory. These types are versions of one append-only log:
// a dictionary is a log and a length, and an assignment appends an entry (key, value or removal). The log is
// shared by every version made from it: a version that is at the end of the log appends in place (versions
// that are shorter do not see the new entry), and a version behind the end either finds the same entry
// already there (a walk resumed from a saved state that replays what the previous walk did, which is what
// happens after most keystrokes) and steps over it, or goes on alone in a new log laid over its part of the
// old one (the new log holds only its own entries and looks up the rest in the old; a chain deeper than a few
// logs is copied flat instead, so that lookups stay short).
//
// So all the versions a walk saves cost one log between them, O(1) per copy. A new log remembers (weakly)
// the log it was made from and how much of it it shares, so comparing two versions costs only the entries
// after their common part: nothing for versions of one log at the same length, and, after an edit changed what
// a walk assigns, the entries each walk made since the two parted (the engine compares the new walk's states
// with the previous walk's at a few checkpoints after the edit).
//
// Not thread-safe beyond what a state needs: versions of one log may be read and extended from one thread at a
// time (one document's analysis). Versions start empty, so logs are never shared between documents.

/// A dictionary with O(1) copies that share memory, for sequential rules' states.
public struct PersistentDictionary<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
  final class Log {
    /// The log whose first `baseLength` entries are this log's first ones (entries from `baseLength` on are this
    /// log's own), or nil. A version that parts from a log at some entry goes on in a log over it rather than in a
    /// copy of its first entries: a keystroke that changes a value early in a long file would otherwise copy, and
    /// hash again, every entry before it.
    let base: Log?
    let baseLength: Int
    /// How many bases below this log (lookups of a key it does not hold go down the chain).
    let depth: Int
    /// Own entry `k` (entry `baseLength + k`): its key, its value (nil for a removal), and the entry before it
    /// with the same key (possibly in the base), or -1.
    var ownKeys: [Key] = []
    var ownValues: [Value?] = []
    var ownPrevious: [Int32] = []
    /// Each key's last own entry, found by the key's hash: an open-addressing table of own entry numbers (-1:
    /// empty slot) with at least twice as many slots as distinct keys. A `[Key: Int32]` kept a second copy of
    /// every key and three times the slots' size; logs of states that record every variable of a long file held
    /// megabytes.
    private var table: [Int32] = []
    /// How many slots of `table` are taken.
    private var distinct = 0
    /// The log this one was made from, while it lives.
    weak var parent: Log?
    /// The logs made from this one, while they live (one lives as long as a version uses it), so that a version
    /// that parts from this log at the same place with the same assignment as an earlier one follows that log
    /// instead of making another: a keystroke's walk resumes from a state saved before the edit and parts from
    /// the log where the previous keystroke's walk did.
    var copies: [WeakLog] = []
    /// How many of this log's first entries are the parent's.
    let shared: Int

    /// The deepest chain of bases a log is made on; a log made from a deeper one copies its entries instead.
    static var maximumDepth: Int { 4 }

    init() {
      base = nil
      baseLength = 0
      depth = 0
      shared = 0
    }

    /// A log whose first entries are the first `length` of `other`.
    init(prefixOf other: Log, length: Int) {
      parent = other
      shared = length
      var under = other
      while let lower = under.base, length <= under.baseLength { under = lower }
      if under.depth < Self.maximumDepth {
        base = under
        baseLength = length
        depth = under.depth + 1
      } else {
        base = nil
        baseLength = 0
        depth = 0
        ownKeys.reserveCapacity(length)
        ownValues.reserveCapacity(length)
        ownPrevious.reserveCapacity(length)
        for k in 0..<length { append(under.key(k), under.value(k)) }
      }
    }

    /// The number of entries.
    var count: Int { baseLength + ownKeys.count }

    /// Entry `k`'s key.
    func key(_ k: Int) -> Key { k >= baseLength ? ownKeys[k - baseLength] : base!.key(k) }

    /// Entry `k`'s value (nil for a removal).
    func value(_ k: Int) -> Value? { k >= baseLength ? ownValues[k - baseLength] : base!.value(k) }

    /// The slot of `key` in `table`: the one holding its last own entry, or the empty one where that would go.
    private func slot(of key: Key) -> Int {
      let mask = table.count - 1
      var i = key.hashValue & mask
      while true {
        let e = table[i]
        if e < 0 || ownKeys[Int(e)] == key { return i }
        i = (i + 1) & mask
      }
    }

    /// Doubles the table (at least 8 slots).
    private func grow() {
      let old = table
      table = Array(repeating: -1, count: max(8, old.count * 2))
      for e in old where e >= 0 { table[slot(of: ownKeys[Int(e)])] = e }
    }

    /// The entry for `key` among the first `length`, or nil.
    func entry(_ key: Key, before length: Int) -> Int? {
      if length > baseLength, !table.isEmpty {
        let e = table[slot(of: key)]
        if e >= 0 {
          // Own entries, then the base's last one before this log's own (recorded when the first was appended).
          var k = baseLength + Int(e)
          while k >= length {
            k = Int(ownPrevious[k - baseLength])
            if k < 0 { return nil }
          }
          return k
        }
      }
      return base?.entry(key, before: min(length, baseLength))
    }

    /// A live log made from this one that shares its first `length` entries and goes on with an entry for `key`
    /// that `follows` accepts.
    func copy(partingAt length: Int, with key: Key, follows: (Log, Int) -> Bool) -> Log? {
      for c in copies {
        if let log = c.log, log.shared == length, log.count > length, log.key(length) == key, follows(log, length) {
          return log
        }
      }
      return nil
    }

    /// Remembers `copy`, forgetting copies that are gone.
    func noteCopy(_ copy: Log) {
      copies.removeAll { $0.log == nil }
      if copies.count < 8 { copies.append(WeakLog(copy)) }
    }

    func append(_ key: Key, _ value: Value?) {
      ownKeys.append(key)
      ownValues.append(value)
      let replaced = setLast(key, Int32(ownKeys.count - 1))
      if replaced >= 0 {
        ownPrevious.append(Int32(baseLength) + replaced)
      } else {
        ownPrevious.append(Int32(base?.entry(key, before: baseLength) ?? -1))
      }
    }

    /// Makes own entry `k` (already in `ownKeys`) its key's last; returns the own entry it replaces there, or -1.
    /// The table grows only for a key it does not hold yet.
    @discardableResult
    private func setLast(_ key: Key, _ k: Int32) -> Int32 {
      if table.isEmpty { grow() }
      var s = slot(of: key)
      if table[s] < 0 && (distinct + 1) * 2 > table.count {
        grow()
        s = slot(of: key)
      }
      let replaced = table[s]
      if replaced < 0 { distinct += 1 }
      table[s] = k
      return replaced
    }
  }

  /// A weak reference to a log.
  final class WeakLog {
    weak var log: Log?
    init(_ log: Log) { self.log = log }
  }

  private(set) var log: Log?
  /// How many of the log's entries this version sees.
  private(set) var length = 0
  /// The number of entries.
  public private(set) var count = 0

  /// An empty dictionary.
  public init() {}

  /// Whether there are no entries.
  public var isEmpty: Bool { count == 0 }

  /// How many logs lie under this version's (for tests).
  var logDepth: Int { log?.depth ?? 0 }

  /// Whether this version and `other` are versions of one log (for tests).
  func sharesLog(with other: Self) -> Bool { log != nil && log === other.log }

  /// The value for `key`.
  public subscript(key: Key) -> Value? {
    get {
      guard let log, let k = log.entry(key, before: length) else { return nil }
      return log.value(k)
    }
    set {
      let current = self[key]
      if current == nil && newValue == nil { return }
      append(key, newValue, follows: { _, _ in false })
      count += (newValue == nil ? 0 : 1) - (current == nil ? 0 : 1)
    }
  }

  /// Appends an entry; `follows(k)` says whether the log's entry `k`, already there past this version's end,
  /// is the one being appended (then it is shared instead of copying the log).
  private mutating func append(_ key: Key, _ value: Value?, follows: (Log, Int) -> Bool) {
    guard let existing = log else {
      let fresh = Log()
      fresh.append(key, value)
      log = fresh
      length = 1
      return
    }
    if existing.count == length {
      existing.append(key, value)
    } else if existing.key(length) == key && follows(existing, length) {
      // The entry a previous walk appended here: share it.
    } else if let copy = existing.copy(partingAt: length, with: key, follows: follows) {
      // Another walk parted from this log here with the same assignment: go on in its copy.
      log = copy
    } else {
      let copy = Log(prefixOf: existing, length: length)
      copy.append(key, value)
      existing.noteCopy(copy)
      log = copy
    }
    length += 1
  }

  /// The index of each live entry among this version's, in the order they were last assigned.
  private var liveEntries: [Int] {
    guard let log else { return [] }
    var out: [Int] = []
    out.reserveCapacity(count)
    for k in 0..<length where log.value(k) != nil && log.entry(log.key(k), before: length) == k { out.append(k) }
    return out
  }

  /// Every key, in no particular order.
  public var keys: [Key] {
    guard let log else { return [] }
    return liveEntries.map { log.key($0) }
  }

  /// Every entry, in no particular order.
  public var entries: [(key: Key, value: Value)] {
    guard let log else { return [] }
    return liveEntries.map { (log.key($0), log.value($0)!) }
  }
}

extension PersistentDictionary where Value: Equatable {
  /// Assigns `value` to `key`, sharing the log's next entry when it is the same assignment.
  public subscript(key: Key) -> Value? {
    get {
      guard let log, let k = log.entry(key, before: length) else { return nil }
      return log.value(k)
    }
    set {
      let current = self[key]
      if current == newValue { return }
      append(key, newValue, follows: { log, k in log.value(k) == newValue })
      count += (newValue == nil ? 0 : 1) - (current == nil ? 0 : 1)
    }
  }
}

extension PersistentDictionary {
  /// How many first entries `a`'s and `b`'s logs have in common, by their copy history (at most a few copies
  /// back; 0 when none is found).
  static func sharedPrefix(_ a: Log, _ b: Log) -> Int {
    func ancestors(_ log: Log) -> [(log: Log, shared: Int)] {
      var out: [(log: Log, shared: Int)] = [(log, Int.max)]
      var current = log
      var shared = Int.max
      while out.count < 8, let parent = current.parent {
        shared = min(shared, current.shared)
        out.append((parent, shared))
        current = parent
      }
      return out
    }
    let fromA = ancestors(a)
    for (log, sharedB) in ancestors(b) {
      if let match = fromA.first(where: { $0.log === log }) { return min(match.shared, sharedB) }
    }
    return 0
  }
}

extension PersistentDictionary: Equatable where Value: Equatable {
  /// Equal contents. Only keys assigned after the two versions' common entries can differ, so only those are
  /// compared.
  public static func == (a: Self, b: Self) -> Bool {
    guard a.count == b.count else { return false }
    guard let logA = a.log, let logB = b.log else { return true }
    let common = min(sharedPrefix(logA, logB), a.length, b.length)
    for k in common..<a.length where a[logA.key(k)] != b[logA.key(k)] { return false }
    for k in common..<b.length where a[logB.key(k)] != b[logB.key(k)] { return false }
    return true
  }
}

/// A set with O(1) copies that share memory, for sequential rules' states.
public struct PersistentSet<Element: Hashable & Sendable>: Sendable, Equatable {
  private(set) var storage = PersistentDictionary<Element, Bool>()

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
