// Checks of structured outputs without their full specifications: a validator for the part of JSON Schema
// that `check-output.schema.json` uses, and SARIF 2.1.0's required structure (plus what GitHub code scanning
// asks for) written out by hand, since the SARIF schema is not kept in the repository.
import LanguageServerProtocol

/// Validates against the JSON Schema keywords `type`, `enum`, `required`, `properties`,
/// `additionalProperties` (a boolean or a schema), `items`, `minimum` and local `$ref`s (`#/$defs/name`).
/// Any other keyword is reported as unsupported, so the schema cannot grow past what the test checks.
struct SchemaSubset {
  let root: JSONValue
  static let annotations: Set<String> = ["$schema", "$id", "$defs", "title", "description"]
  static let keywords: Set<String> = [
    "type", "enum", "required", "properties", "additionalProperties", "items", "minimum", "$ref",
  ]

  /// Problems as `path: what`, empty when `value` is valid.
  func validate(_ value: JSONValue) -> [String] {
    var problems: [String] = []
    check(value, against: root, at: "$", problems: &problems)
    return problems
  }

  private func check(_ value: JSONValue, against schema: JSONValue, at path: String, problems: inout [String]) {
    if case .bool(let allowed) = schema {
      if !allowed { problems.append("\(path): not allowed") }
      return
    }
    guard let keys = schema.objectValue else {
      problems.append("\(path): schema is not an object")
      return
    }
    for key in keys.keys where !Self.keywords.contains(key) && !Self.annotations.contains(key) {
      problems.append("\(path): unsupported schema keyword \(key)")
    }
    if let ref = schema["$ref"]?.stringValue {
      guard ref.hasPrefix("#/$defs/"), let target = root["$defs"]?[String(ref.dropFirst("#/$defs/".count))] else {
        problems.append("\(path): unresolved \(ref)")
        return
      }
      check(value, against: target, at: path, problems: &problems)
    }
    if let type = schema["type"]?.stringValue, !has(value, type: type) {
      problems.append("\(path): expected \(type), found \(value)")
      return
    }
    if let options = schema["enum"]?.arrayValue, !options.contains(value) {
      problems.append("\(path): \(value) is not one of \(options)")
    }
    if let minimum = schema["minimum"]?.intValue, let number = value.intValue, number < minimum {
      problems.append("\(path): \(number) < \(minimum)")
    }
    if let members = value.objectValue {
      for name in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
        problems.append("\(path): missing \(name)")
      }
      let properties = schema["properties"]?.objectValue ?? [:]
      for (name, member) in members {
        if let property = properties[name] {
          check(member, against: property, at: "\(path).\(name)", problems: &problems)
        } else if let additional = schema["additionalProperties"] {
          check(member, against: additional, at: "\(path).\(name)", problems: &problems)
        }
      }
    }
    if let elements = value.arrayValue, let items = schema["items"] {
      for (i, element) in elements.enumerated() {
        check(element, against: items, at: "\(path)[\(i)]", problems: &problems)
      }
    }
  }

  private func has(_ value: JSONValue, type: String) -> Bool {
    switch (type, value) {
    case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null),
      ("integer", .int), ("number", .int), ("number", .double):
      return true
    default:
      return false
    }
  }
}

/// Problems with a SARIF log: SARIF 2.1.0's required properties (`version`, `runs`, `tool.driver.name`,
/// `message` with `text`, `invocations[].executionSuccessful`, notification messages), the constraints the
/// spec puts on what we emit (1-based regions that do not end before they start, `ruleIndex` pointing at
/// the rule named by `ruleId`, unique rule ids, `originalUriBaseIds` URIs ending in `/`, known levels), and
/// GitHub code scanning's requirements (a location per result, relative URIs, partial fingerprints,
/// `helpUri`s and short descriptions on rules).
func checkSARIF(_ log: JSONValue) -> [String] {
  var problems: [String] = []
  func require(_ condition: Bool, _ what: String) { if !condition { problems.append(what) } }
  let levels: Set<String> = ["none", "note", "warning", "error"]

  require(log["version"] == "2.1.0", "version must be 2.1.0")
  require(log["$schema"]?.stringValue?.hasPrefix("https://") == true, "$schema")
  guard let runs = log["runs"]?.arrayValue, !runs.isEmpty else { return problems + ["runs must be a non-empty array"] }
  for (r, run) in runs.enumerated() {
    let driver = run["tool"]?["driver"]
    require(driver?["name"]?.stringValue?.isEmpty == false, "runs[\(r)].tool.driver.name")
    require(driver?["version"]?.stringValue != nil, "runs[\(r)].tool.driver.version")
    require(driver?["informationUri"]?.stringValue?.hasPrefix("https://") == true, "informationUri")
    let rules = driver?["rules"]?.arrayValue ?? []
    let ids = rules.compactMap { $0["id"]?.stringValue }
    require(ids.count == rules.count, "every rule has an id")
    require(Set(ids).count == ids.count, "rule ids are unique")
    for (i, rule) in rules.enumerated() {
      require(rule["shortDescription"]?["text"]?.stringValue?.isEmpty == false, "rules[\(i)].shortDescription.text")
      require(rule["fullDescription"]?["text"]?.stringValue?.isEmpty == false, "rules[\(i)].fullDescription.text")
      require(rule["help"]?["text"]?.stringValue?.isEmpty == false, "rules[\(i)].help.text")
      require(rule["helpUri"]?.stringValue?.hasPrefix("https://") == true, "rules[\(i)].helpUri")
      require(
        levels.contains(rule["defaultConfiguration"]?["level"]?.stringValue ?? ""),
        "rules[\(i)].defaultConfiguration.level")
      require(rule["properties"]?["tags"]?.arrayValue?.allSatisfy { $0.stringValue != nil } == true, "tags")
    }
    require(run["columnKind"] == "unicodeCodePoints", "columnKind")
    for (id, base) in run["originalUriBaseIds"]?.objectValue ?? [:] {
      require(base["uri"]?.stringValue?.hasSuffix("/") == true, "originalUriBaseIds.\(id).uri ends in /")
    }
    guard let results = run["results"]?.arrayValue else {
      problems.append("runs[\(r)].results must be an array")
      continue
    }
    for (i, result) in results.enumerated() {
      let at = "results[\(i)]"
      require(result["message"]?["text"]?.stringValue?.isEmpty == false, "\(at).message.text")
      let ruleID = result["ruleId"]?.stringValue
      if let index = result["ruleIndex"]?.intValue {
        require(ids.indices.contains(index) && ids[index] == ruleID, "\(at).ruleIndex points at ruleId")
      } else {
        problems.append("\(at).ruleIndex")
      }
      require(levels.contains(result["level"]?.stringValue ?? ""), "\(at).level")
      require(result["partialFingerprints"]?.objectValue?.isEmpty == false, "\(at).partialFingerprints")
      guard let locations = result["locations"]?.arrayValue, !locations.isEmpty else {
        problems.append("\(at).locations must not be empty")
        continue
      }
      for location in locations {
        let physical = location["physicalLocation"]
        let uri = physical?["artifactLocation"]?["uri"]?.stringValue ?? ""
        require(!uri.isEmpty && !uri.hasPrefix("/") && !uri.contains(" "), "\(at) uri \(uri) is relative, encoded")
        if let base = physical?["artifactLocation"]?["uriBaseId"]?.stringValue {
          require(
            run["originalUriBaseIds"] == nil || run["originalUriBaseIds"]?[base] != nil, "\(at) uriBaseId is defined")
        }
        let region = physical?["region"]
        let startLine = region?["startLine"]?.intValue ?? 0
        let startColumn = region?["startColumn"]?.intValue ?? 1
        let endLine = region?["endLine"]?.intValue ?? startLine
        let endColumn = region?["endColumn"]?.intValue ?? startColumn
        require(startLine >= 1 && startColumn >= 1, "\(at) region is 1-based")
        require(endLine > startLine || (endLine == startLine && endColumn >= startColumn), "\(at) region order")
      }
    }
    for (i, invocation) in (run["invocations"]?.arrayValue ?? []).enumerated() {
      require(invocation["executionSuccessful"]?.boolValue != nil, "invocations[\(i)].executionSuccessful")
      for key in ["toolExecutionNotifications", "toolConfigurationNotifications"] {
        for notification in invocation[key]?.arrayValue ?? [] {
          require(notification["message"]?["text"]?.stringValue?.isEmpty == false, "\(key) message.text")
          require(levels.contains(notification["level"]?.stringValue ?? "warning"), "\(key) level")
        }
      }
    }
  }
  return problems
}
