// Which files `check PATH...` looks at. A named file is always checked (whatever its name, even when git ignores
// it); a named directory is searched recursively for Dockerfiles by name (`isDiscoveredDockerfileName`), skipping `.git`, `node_modules`,
// `.venv` (and `.hg`, `.svn`) and whatever `.gitignore` files ignore. Symbolic links to files are followed;
// symbolic links to directories are not (no cycles, no escaping the tree).
//
// Ignore files: every `.gitignore` in the walked tree applies to its own directory and below (a deeper one wins
// over a shallower one), with or without a repository around it. When the named directory lies inside a git
// repository, the `.gitignore` files of the directories between the repository's root and it apply too, and so
// does the root's `.git/info/exclude`. A directory holding `.git` starts a new repository: the patterns from
// above stop there, as they do for git.

/// A Dockerfile to check.
struct DiscoveredFile: Sendable, Equatable {
  /// The path to show: relative to the working directory when inside it, otherwise as the user wrote it.
  var displayPath: String
  /// The absolute path (`..` components are kept, not resolved).
  var absolutePath: String
  /// Whether the user named the file itself (rather than a directory holding it).
  var isExplicit: Bool
}

/// What discovery found.
struct Discovery: Sendable {
  /// The files, sorted by display path, without duplicates.
  var files: [DiscoveredFile] = []
  /// Paths that could not be looked at, as `path: reason` (they make the run fail with exit status 2).
  var errors: [String] = []
  /// Named directories in which no Dockerfile was found, as displayed.
  var emptyDirectories: [String] = []
}

/// Names of directories never searched.
let skippedDirectoryNames: Set<String> = [".git", "node_modules", ".venv", ".hg", ".svn"]

/// Whether discovery checks a file with this name: `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `*.dockerfile`,
/// `Containerfile`, `Containerfile.*` (ignoring case, as the server does), but not the files that sit beside
/// Dockerfiles without being one: ignore files (`Dockerfile.dockerignore`), notes (`Dockerfile.md`), and what
/// patches and editors leave behind (`.orig`, `.rej`, `.bak`, `.swp`, `~`). Named on the command line, any file is
/// checked.
func isDiscoveredDockerfileName(_ name: String) -> Bool {
  let lower = name.lowercased()
  let notDockerfiles = [".dockerignore", ".containerignore", ".md", ".orig", ".rej", ".bak", ".swp", "~"]
  if notDockerfiles.contains(where: { lower.hasSuffix($0) }) { return false }
  return isDockerfileName(name)
}

/// `path` made absolute against `workingDirectory`, with empty and `.` components removed (`..` kept).
func absolutePath(_ path: String, workingDirectory: String) -> String {
  let base = path.hasPrefix("/") ? "" : workingDirectory
  let parts = (base + "/" + path).split(separator: "/").filter { $0 != "." }
  return "/" + parts.joined(separator: "/")
}

/// How to show a path the user wrote: relative to the working directory when it lies inside it, otherwise as
/// written (without `./` and doubled slashes). The working directory itself is `.`.
func displayPath(_ path: String, workingDirectory: String) -> String {
  let absolute = absolutePath(path, workingDirectory: workingDirectory)
  let cwd = absolutePath(workingDirectory, workingDirectory: "/")
  if absolute == cwd { return "." }
  let prefix = cwd == "/" ? "/" : cwd + "/"
  if absolute.hasPrefix(prefix) {
    let rest = String(absolute.dropFirst(prefix.count))
    if !rest.split(separator: "/").contains("..") { return rest }
  }
  let parts = path.split(separator: "/").filter { $0 != "." }
  let cleaned = parts.joined(separator: "/")
  if path.hasPrefix("/") { return "/" + cleaned }
  return cleaned.isEmpty ? "." : cleaned
}

/// Finds the Dockerfiles that `paths` name (files as they are, directories searched); `-` is skipped (the
/// runner reads standard input itself).
func discoverDockerfiles(_ paths: [String], workingDirectory: String) -> Discovery {
  var discovery = Discovery()
  var found: [DiscoveredFile] = []
  for path in paths where path != "-" {
    let absolute = absolutePath(path, workingDirectory: workingDirectory)
    let display = displayPath(path, workingDirectory: workingDirectory)
    switch FileSystem.entry(absolute) {
    case .failure(let error):
      discovery.errors.append("\(display): \(FileSystem.errorText(error.code))")
    case .success(.directory):
      let before = found.count
      walk(directory: absolute, display: display, into: &found, errors: &discovery.errors)
      if found.count == before { discovery.emptyDirectories.append(display) }
    case .success(.file), .success(.other):
      // `.other` covers pipes and devices (`<(...)`, `/dev/stdin`): read them as the user asked.
      found.append(DiscoveredFile(displayPath: display, absolutePath: absolute, isExplicit: true))
    }
  }
  var seen: Set<String> = []
  discovery.files = found.filter { seen.insert($0.absolutePath).inserted }.sorted {
    $0.displayPath.utf8.lexicographicallyPrecedes($1.displayPath.utf8)
  }
  return discovery
}

/// Searches the directory at `directory` (absolute) for Dockerfiles.
private func walk(
  directory root: String, display rootDisplay: String, into found: inout [DiscoveredFile], errors: inout [String]
) {
  var pending: [(absolute: String, display: String, ignores: IgnoreStack)] = [
    (root, rootDisplay, ancestorIgnores(of: root))
  ]
  while let (directory, display, inherited) = pending.popLast() {
    let entries: [(name: String, kind: FileSystem.EntryKind)]
    switch FileSystem.listDirectory(directory) {
    case .success(let list): entries = list
    case .failure(let error):
      errors.append("\(display): cannot list the directory: \(FileSystem.errorText(error.code))")
      continue
    }
    var ignores = inherited
    let names = Set(entries.map(\.name))
    if names.contains(".git") {
      ignores.levels = []
      addIgnoreFile(FileSystem.join(directory, ".git/info/exclude"), of: directory, to: &ignores)
    }
    if names.contains(".gitignore") {
      addIgnoreFile(FileSystem.join(directory, ".gitignore"), of: directory, to: &ignores)
    }
    var subdirectories: [(absolute: String, display: String, ignores: IgnoreStack)] = []
    for (name, kind) in entries.sorted(by: { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }) {
      let path = FileSystem.join(directory, name)
      let shown = display == "." ? name : FileSystem.join(display, name)
      var isFile = kind == .file
      if kind == .symbolicLink, case .success(.file) = FileSystem.entry(path) { isFile = true }
      if kind == .directory {
        if skippedDirectoryNames.contains(name) || ignores.isIgnored(path, isDirectory: true) { continue }
        subdirectories.append((path, shown, ignores))
      } else if isFile, isDiscoveredDockerfileName(name), !ignores.isIgnored(path, isDirectory: false) {
        found.append(DiscoveredFile(displayPath: shown, absolutePath: path, isExplicit: false))
      }
    }
    // Depth first, in name order.
    pending += subdirectories.reversed()
  }
}

/// The ignore files that apply to a named directory from above it: those between the root of the git repository
/// holding it and its parent (none when it is not inside a repository).
private func ancestorIgnores(of directory: String) -> IgnoreStack {
  var chain: [String] = []
  var current = directory
  while current != "/" {
    current = FileSystem.directory(of: current)
    chain.append(current)
    if FileSystem.exists(FileSystem.join(current, ".git")) {
      var stack = IgnoreStack()
      for ancestor in chain.reversed() {
        if ancestor == current {
          addIgnoreFile(FileSystem.join(ancestor, ".git/info/exclude"), of: ancestor, to: &stack)
        }
        addIgnoreFile(FileSystem.join(ancestor, ".gitignore"), of: ancestor, to: &stack)
      }
      return stack
    }
  }
  return IgnoreStack()
}

/// Adds the patterns of the ignore file at `file` (if it can be read) as applying to `directory` and below. A
/// directory's `.git/info/exclude` and `.gitignore` share one level, the latter's patterns last (they win).
private func addIgnoreFile(_ file: String, of directory: String, to stack: inout IgnoreStack) {
  guard case .success(.file) = FileSystem.entry(file), case .success(let bytes) = FileSystem.readFile(file) else {
    return
  }
  let ignore = GitIgnore(contents: bytes)
  if ignore.isEmpty { return }
  let prefix = directory == "/" ? "/" : directory + "/"
  if let last = stack.levels.last, last.prefix == prefix {
    stack.levels[stack.levels.count - 1].ignore.patterns += ignore.patterns
  } else {
    stack.levels.append(IgnoreStack.Level(prefix: prefix, ignore: ignore))
  }
}
