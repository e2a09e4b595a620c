// Convergence by what later steps can observe.
//
// Some rules carry, to the end of a stage or of the file, entries they look up by key: the variables a stage
// defines, the manifests it installed. An edit to one such entry (typing into an ENV value) makes the state after
// it differ from the previous walk's at every later checkpoint, so the walk would never catch up and would step to
// the end of the stage. But a later step can only be affected by an entry it looks up: when the states differ
// only in entries that no later step (nor `resolve`) reads, every later result is the previous one.
//
// So such a rule links a `KeyReads` into its state, and every lookup by key notes the key there. The run keeps,
// per checkpoint spacing, the keys its steps read, and the keys `resolve` read. A walk resumed after an edit that
// meets a previous checkpoint whose state differs from its own only in some keys (`keyedDifference`) stops there
// when no later spacing and no `resolve` read any of them. The previous checkpoints after that point keep the old
// entries for those keys: the run remembers the keys as stale, and a later walk that reads one of them (an edit
// that adds `$APP_NAME` below) cannot trust its saved states and is done again from the start of the file.

/// The keys a walk's steps look up in their state, noted as they are read (see the top of this file). One per
/// saved run, linked into the states the run makes; a run reads the noted keys after each step and `resolve`.
///
/// `pending` is `@exclusivity(unchecked)`: the run checks it after every step, one analysis at a time uses a run
/// (see `SavedRun`), and no access overlaps another.
public final class KeyReads: @unchecked Sendable {
  /// The keys read since the run last took them.
  @exclusivity(unchecked) var pending: [String] = []

  init() {}

  /// Notes that `key` was read.
  func note(_ key: String) { pending.append(key) }
}

/// How a state reaches its run's `KeyReads`: not part of the state's value (any two are equal), so that copies of
/// a state made by different walks compare by their contents alone.
struct KeyReadsLink: Equatable, Sendable {
  /// The run's reads; nil outside an incremental analysis (nothing is noted).
  var reads: KeyReads?

  static func == (_: Self, _: Self) -> Bool { true }

  /// Notes that `key` was read.
  func note(_ key: String) { reads?.note(key) }
}

/// The keys that name things other than variables: variables are keyed by their names, manifests (requirement
/// files, the project) by `manifest(_:)`, and a step that reads whether any manifest was installed reads
/// `anyManifest`.
enum ObservedKey {
  /// The key of an installed manifest.
  static func manifest(_ name: String) -> String { "\u{1}" + name }
  /// Read by a step that depends on the whole set of installed manifests (whether it is empty).
  static let anyManifest = "\u{1}"

  /// Whether reading `read` observes a difference in the entry keyed `key`.
  static func observes(_ read: String, _ key: String) -> Bool {
    read == key || (read == anyManifest && key.utf8.first == 1)
  }
}

/// The keys in which two states differ, gathered part by part; nil as soon as a part differs in another way or
/// more than `limit` keys differ (then the walk goes on stepping, as for any other difference).
struct KeyedDifference {
  static let limit = 16
  private var keys: [String] = []
  private var failed = false

  /// Starts an empty difference.
  init() {}

  /// The keys, or nil when the states differ otherwise.
  var result: Set<String>? { failed ? nil : Set(keys) }

  /// A part of the states that must be equal.
  mutating func require(_ equal: @autoclosure () -> Bool) {
    if !failed && !equal() { failed = true }
  }

  /// Two dictionaries keyed by what `key` makes of their keys.
  mutating func add<Value: Equatable>(
    _ a: PersistentDictionary<String, Value>, _ b: PersistentDictionary<String, Value>,
    key: (String) -> String = { $0 }
  ) {
    guard !failed else { return }
    guard let differing = a.differingKeys(from: b, limit: Self.limit) else {
      failed = true
      return
    }
    for k in differing { keys.append(key(k)) }
    if keys.count > Self.limit { failed = true }
  }

  /// Two sets of manifests.
  mutating func add(manifests a: PersistentSet<String>, _ b: PersistentSet<String>) {
    add(a.storage, b.storage, key: ObservedKey.manifest)
  }

  /// Two Swift dictionaries whose values are compared by `compare`: their keys must be the same.
  mutating func add<Key: Hashable, Value>(
    _ a: [Key: Value], _ b: [Key: Value], _ compare: (inout KeyedDifference, Value, Value) -> Void
  ) {
    guard !failed else { return }
    guard a.count == b.count else {
      failed = true
      return
    }
    for (key, value) in a {
      guard let other = b[key] else {
        failed = true
        return
      }
      compare(&self, value, other)
      if failed { return }
    }
  }
}

extension PersistentDictionary where Value: Equatable {
  /// The keys whose values differ between this version and `other` (at most `limit` of them; nil when more do).
  /// Like `==`, it looks only at the entries made after the two versions' common ones.
  func differingKeys(from other: Self, limit: Int) -> [Key]? {
    var out: [Key] = []
    let common: Int
    if let a = log, let b = other.log {
      common = Swift.min(Self.sharedPrefix(a, b), length, other.length)
    } else {
      common = 0
    }
    for version in [self, other] {
      guard let versionLog = version.log else { continue }
      for k in common..<version.length {
        let key = versionLog.key(k)
        guard self[key] != other[key], !out.contains(key) else { continue }
        out.append(key)
        if out.count > limit { return nil }
      }
    }
    return out
  }
}
