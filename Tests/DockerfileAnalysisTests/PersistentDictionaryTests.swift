// PersistentDictionary and PersistentSet behave like Dictionary and Set, and snapshots stay unchanged when the
// original is modified afterwards.
import Testing

@testable import DockerfileAnalysis

@Suite("Persistent dictionary")
struct PersistentDictionaryTests {
  @Test func behavesLikeDictionaryUnderRandomOperations() {
    var rng = AnalysisRandom(state: 42)
    var reference: [String: Int] = [:]
    var persistent = PersistentDictionary<String, Int>()
    var snapshots: [([String: Int], PersistentDictionary<String, Int>)] = []
    for step in 0..<20_000 {
      let key = "k\(Int.random(in: 0..<3_000, using: &rng))"
      if Int.random(in: 0..<4, using: &rng) == 0 {
        reference[key] = nil
        persistent[key] = nil
      } else {
        let value = Int.random(in: 0..<5, using: &rng)
        reference[key] = value
        persistent[key] = value
      }
      #expect(persistent[key] == reference[key])
      #expect(persistent.count == reference.count)
      if step % 997 == 0 { snapshots.append((reference, persistent)) }
    }
    for (expected, snapshot) in snapshots {
      #expect(snapshot.count == expected.count)
      #expect(Dictionary(uniqueKeysWithValues: snapshot.entries.map { ($0.key, $0.value) }) == expected)
    }
    // Equality: equal contents compare equal whatever their history; one difference compares unequal.
    var rebuilt = PersistentDictionary<String, Int>()
    for (k, v) in reference { rebuilt[k] = v }
    #expect(rebuilt == persistent)
    var changed = persistent
    if let k = reference.keys.first { changed[k] = (reference[k]! + 1) % 5 + 10 }
    #expect(changed != persistent)
    #expect(snapshots.last!.1 != changed)
  }

  /// Versions branch: any version, old or new, may be extended, and extending an old version with the same
  /// assignments a newer one made from it (a walk resumed from a saved state), or with different ones, gives
  /// what independent dictionaries would.
  @Test func versionsBranchAndReplay() {
    struct Version {
      var reference: [String: Int]
      var persistent: PersistentDictionary<String, Int>
      var parent: Int
      var op: (key: String, value: Int?)
    }
    var rng = AnalysisRandom(state: 7)
    var pool = [Version(reference: [:], persistent: .init(), parent: -1, op: ("", nil))]
    func randomOp() -> (key: String, value: Int?) {
      (
        "k\(Int.random(in: 0..<40, using: &rng))",
        Int.random(in: 0..<4, using: &rng) == 0 ? nil : Int.random(in: 0..<3, using: &rng)
      )
    }
    for _ in 0..<4_000 {
      let chosen = Int.random(in: 0..<pool.count, using: &rng)
      var ops: [(key: String, value: Int?)] = []
      var base = chosen
      if Int.random(in: 0..<2, using: &rng) == 0 {
        // Replay: go back up to 8 versions and make the same assignments again, the last one sometimes changed.
        for _ in 0..<Int.random(in: 1...8, using: &rng) where pool[base].parent >= 0 {
          ops.insert(pool[base].op, at: 0)
          base = pool[base].parent
        }
        if !ops.isEmpty && Int.random(in: 0..<4, using: &rng) == 0 { ops[ops.count - 1] = randomOp() }
      }
      if ops.isEmpty { ops = [randomOp()] }
      var version = pool[base]
      var parent = base
      for op in ops {
        version.reference[op.key] = op.value
        version.persistent[op.key] = op.value
        version.parent = parent
        version.op = op
        parent = pool.count
        #expect(version.persistent.count == version.reference.count)
        for k in 0..<40 { #expect(version.persistent["k\(k)"] == version.reference["k\(k)"]) }
        pool.append(version)
      }
    }
    // Every version still holds what it held when it was made, and equality follows the contents.
    for _ in 0..<2_000 {
      let a = pool[Int.random(in: 0..<pool.count, using: &rng)]
      let b = pool[Int.random(in: 0..<pool.count, using: &rng)]
      #expect(Dictionary(uniqueKeysWithValues: a.persistent.entries.map { ($0.key, $0.value) }) == a.reference)
      #expect((a.persistent == b.persistent) == (a.reference == b.reference))
    }
    for version in pool.prefix(500) where !version.reference.isEmpty {
      // A version and a copy rebuilt from its contents (another log) compare equal.
      var rebuilt = PersistentDictionary<String, Int>()
      for (k, v) in version.reference { rebuilt[k] = v }
      #expect(rebuilt == version.persistent)
    }
  }

  /// Two copies of one log that parted at different places differ in an entry before the later parting.
  @Test func siblingsThatPartedAtDifferentPlaces() {
    var x = PersistentDictionary<String, Int>()
    var atThree = x
    var atSix = x
    for k in 0..<10 {
      x["k\(k)"] = 0
      if k == 2 { atThree = x }
      if k == 5 { atSix = x }
    }
    var first = atThree
    for (k, v) in [(3, 1), (4, 0), (5, 0), (6, 1)] { first["k\(k)"] = v }
    var second = atSix
    second["k6"] = 1
    #expect(first.count == second.count && first != second)
    second["k3"] = 1
    #expect(first == second)
  }

  /// Walks that resume from one saved version and part from its log the same way (what each keystroke after an
  /// edit does) go on in one copy of the log, not a copy each; a walk that parts differently gets its own.
  @Test func repeatedPartingsShareOneCopy() {
    var original = PersistentDictionary<String, Int>()
    var saved = original
    for k in 0..<100 {
      original["k\(k)"] = k
      if k == 49 { saved = original }
    }
    func walk(_ from: PersistentDictionary<String, Int>, changing value: Int) -> PersistentDictionary<String, Int> {
      var d = from
      d["k50"] = value
      for k in 51..<100 { d["k\(k)"] = k }
      return d
    }
    let first = walk(saved, changing: -1)
    let second = walk(saved, changing: -1)
    #expect(first == second && first != original)
    #expect(first.sharesLog(with: second))
    #expect(!first.sharesLog(with: original))
    let other = walk(saved, changing: -2)
    #expect(!other.sharesLog(with: first) && other != first)
    #expect(other["k50"] == -2 && first["k50"] == -1 && second["k99"] == 99 && saved["k50"] == nil)
  }

  /// Versions that part from versions that parted themselves (keystroke after keystroke) keep their contents, and
  /// the chain of logs under them stays short: a version goes on in a log over the one it parted from, and past a
  /// few levels in a flat copy.
  @Test func partingsOfPartingsStayShallow() {
    var reference: [String: Int] = [:]
    var d = PersistentDictionary<String, Int>()
    for k in 0..<50 {
      d["k\(k)"] = k
      reference["k\(k)"] = k
    }
    var depths: [Int] = []
    for level in 0..<12 {
      var behind = d
      d["extra\(level)"] = level
      behind["k\(level)"] = -level - 1
      reference["k\(level)"] = -level - 1
      #expect(Dictionary(uniqueKeysWithValues: behind.entries.map { ($0.key, $0.value) }) == reference)
      #expect(d["k\(level)"] == level && d["extra\(level)"] == level && behind["extra\(level)"] == nil)
      depths.append(behind.logDepth)
      d = behind
    }
    #expect(depths.max() == PersistentDictionary<String, Int>.Log.maximumDepth && depths.contains(0))
  }

  @Test func setOperations() {
    var s = PersistentSet<String>()
    #expect(s.isEmpty && s.insert("a") && !s.insert("a"))
    let snapshot = s
    s.formUnion(["b", "c"])
    s.remove("a")
    #expect(s.count == 2 && !s.contains("a") && s.contains("b"))
    #expect(snapshot.count == 1 && snapshot.contains("a"))
    #expect(PersistentSet(["b", "c"]) == s && Set(s.elements) == ["b", "c"])
    #expect(PersistentSet<String>() == PersistentSet(["x"]).removing("x"))
  }
}

extension PersistentSet {
  fileprivate func removing(_ e: Element) -> Self {
    var c = self
    c.remove(e)
    return c
  }
}
