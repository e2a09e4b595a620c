// Dictionaries and sets for sequential rules' states, which the analysis saves every few instructions.
//
// A state that grows with the file (every ENV name so far) is saved at every checkpoint, so a copy must cost
// nothing and the saved versions must share their memory. These types are versions of one append-only log:
// a dictionary is a log and a length, and an assignment appends an entry (key, value or removal). The log is
// shared by every version made from it: a version that is at the end of the log appends in place (versions
// that are shorter do not see the new entry), and a version behind the end either finds the same entry
// already there (a walk resumed from a saved state that replays what the previous walk did, which is what
// happens after most keystrokes) and steps over it, or copies its part of the log and goes on alone.
//
// So all the versions a walk saves cost one log between them, O(1) per copy. A copied log remembers (weakly)
// the log it was copied from and how much of it it shares, so comparing two versions costs only the entries
// after their common part: nothing for versions of one log at the same length, and, after an edit changed what
// a walk assigns, the entries each walk made since the two parted (the engine compares the new walk's states
// with the previous walk's at a few checkpoints after the edit).
//
// Not thread-safe beyond what a state needs: versions of one log may be read and extended from one thread at a
// time (one document's analysis). Versions start empty, so logs are never shared between documents.

/// A dictionary with O(1) copies that share memory, for sequential rules' states.
public struct PersistentDictionary<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
  final class Log {
    /// Entry `k`'s key.
    var keys: [Key] = []
    /// Entry `k`'s value; nil for a removal.
    var values: [Value?] = []
    /// The entry before `k` with the same key, or -1.
    var previous: [Int32] = []
    /// Each key's last entry, found by the key's hash: an open-addressing table of entry indices (-1: empty
    /// slot) with at least twice as many slots as distinct keys. A `[Key: Int32]` kept a second copy of every key
    /// and three times the slots' size; logs of states that record every variable of a long file held megabytes.
    private var table: [Int32] = []
    /// How many slots of `table` are taken.
    private var distinct = 0
    /// The log this one was copied from, while it lives.
    weak var parent: Log?
    /// The logs copied from this one, while they live (a copy lives as long as a version uses it), so that a
    /// version that parts from this log at the same place with the same assignment as an earlier one follows
    /// that copy instead of making another: a keystroke's walk resumes from a state saved before the edit and
    /// parts from the log where the previous keystroke's walk did.
    var copies: [WeakLog] = []
    /// How many of this log's first entries are the parent's.
    let shared: Int

    init() { shared = 0 }

    /// A log of the first `length` entries of `other`.
    init(prefixOf other: Log, length: Int) {
      parent = other
      shared = length
      keys = Array(other.keys[..<length])
      values = Array(other.values[..<length])
      previous = Array(other.previous[..<length])
      var slots = 8
      while slots < 2 * (min(length, other.distinct) + 1) { slots *= 2 }
      table = Array(repeating: -1, count: slots)
      for k in 0..<length { setLast(keys[k], Int32(k)) }
    }

    /// The slot of `key` in `table`: the one holding its last entry, or the empty one where that would go.
    private func slot(of key: Key) -> Int {
      let mask = table.count - 1
      var i = key.hashValue & mask
      while true {
        let e = table[i]
        if e < 0 || keys[Int(e)] == key { return i }
        i = (i + 1) & mask
      }
    }

    /// Doubles the table (at least 8 slots).
    private func grow() {
      let old = table
      table = Array(repeating: -1, count: max(8, old.count * 2))
      for e in old where e >= 0 { table[slot(of: keys[Int(e)])] = e }
    }

    /// The entry for `key` among the first `length`, or nil.
    func entry(_ key: Key, before length: Int) -> Int? {
      guard !table.isEmpty else { return nil }
      var k = Int(table[slot(of: key)])
      guard k >= 0 else { return nil }
      while k >= length {
        k = Int(previous[k])
        if k < 0 { return nil }
      }
      return k
    }

    /// A live copy of this log that shares its first `length` entries and goes on with an entry for `key` that
    /// `follows` accepts.
    func copy(partingAt length: Int, with key: Key, follows: (Log, Int) -> Bool) -> Log? {
      for c in copies {
        if let log = c.log, log.shared == length, log.keys.count > length, log.keys[length] == key,
          follows(log, length)
        {
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
      keys.append(key)
      values.append(value)
      previous.append(setLast(key, Int32(keys.count - 1)))
    }

    /// Makes entry `k` (already in `keys`) its key's last; returns the entry it replaces there, or -1. The table
    /// grows only for a key it does not hold yet.
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

  /// Whether this version and `other` are versions of one log (for tests).
  func sharesLog(with other: Self) -> Bool { log != nil && log === other.log }

  /// The value for `key`.
  public subscript(key: Key) -> Value? {
    get {
      guard let log, let k = log.entry(key, before: length) else { return nil }
      return log.values[k]
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
    if existing.keys.count == length {
      existing.append(key, value)
    } else if existing.keys[length] == key && follows(existing, length) {
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
    for k in 0..<length where log.values[k] != nil && log.entry(log.keys[k], before: length) == k { out.append(k) }
    return out
  }

  /// Every key, in no particular order.
  public var keys: [Key] {
    guard let log else { return [] }
    return liveEntries.map { log.keys[$0] }
  }

  /// Every entry, in no particular order.
  public var entries: [(key: Key, value: Value)] {
    guard let log else { return [] }
    return liveEntries.map { (log.keys[$0], log.values[$0]!) }
  }
}

extension PersistentDictionary where Value: Equatable {
  /// Assigns `value` to `key`, sharing the log's next entry when it is the same assignment.
  public subscript(key: Key) -> Value? {
    get {
      guard let log, let k = log.entry(key, before: length) else { return nil }
      return log.values[k]
    }
    set {
      let current = self[key]
      if current == newValue { return }
      append(key, newValue, follows: { log, k in log.values[k] == newValue })
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
    for k in common..<a.length where a[logA.keys[k]] != b[logA.keys[k]] { return false }
    for k in common..<b.length where a[logB.keys[k]] != b[logB.keys[k]] { return false }
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
