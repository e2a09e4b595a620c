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
