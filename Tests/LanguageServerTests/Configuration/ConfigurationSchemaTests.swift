// The JSON schemas in Protocol/schemas describe exactly what the readers accept: every key the loader reads is
// in the schema and every key in the schema is read, with the same enumerations.
import DockerfileAnalysis
import Foundation
import LanguageServerProtocol
import Testing

@testable import LanguageServer

/// A schema file of the repository, parsed.
private func schema(_ name: String) throws -> JSONValue {
  let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Protocol/schemas/\(name)")
  return try parseJSON(Array(try Data(contentsOf: url)))
}

private func enumeration(_ value: JSONValue?) -> Set<String> {
  Set(value?["enum"]?.arrayValue?.compactMap(\.stringValue) ?? [])
}

@Suite("Configuration schemas")
struct ConfigurationSchemaTests {
  @Test func projectSchemaMatchesTheLoader() throws {
    let s = try schema("config.schema.json")
    #expect(s["$schema"]?.stringValue == "https://json-schema.org/draft/2020-12/schema")
    #expect(s["additionalProperties"] == false)
    let properties = s["properties"]?.objectValue ?? [:]
    #expect(Set(properties.keys) == Set(ProjectConfiguration.keys))
    #expect(enumeration(properties["severity"]?["additionalProperties"]) == Set(ProjectConfiguration.severityWords))
    #expect(enumeration(properties["failLevel"]) == Set(FailLevel.allCases.map(\.rawValue)))
    // Every key the schema lists is read without an "unknown key" problem.
    for key in properties.keys {
      let config = ProjectConfiguration.parse(json: Array("{\"\(key)\": null}".utf8), file: nil)
      #expect(!config.problems.contains { $0.message.hasPrefix("unknown key") }, "\(key)")
    }
  }

  @Test func settingsSchemaMatchesTheSettingsReader() throws {
    let s = try schema("settings.schema.json")
    let rules = s["properties"]?["rules"]
    #expect(rules?["additionalProperties"] == false)
    let properties = rules?["properties"]?.objectValue ?? [:]
    #expect(Set(properties.keys) == Set(ruleSettingKeys))
    #expect(enumeration(properties["severity"]?["additionalProperties"]) == Set(ProjectConfiguration.severityWords))
    for key in properties.keys {
      let (_, problems) = applyingSettings(["rules": [key: nil]], to: AnalysisOptions())
      #expect(problems.isEmpty, "\(key)")
    }
    // The rest of the settings schema is what Server.swift reads.
    #expect(Set(s["properties"]?.objectValue?.keys.map { $0 } ?? []) == ["diagnostics", "log", "rules"])
  }
}
