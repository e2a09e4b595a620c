// The `[k/n] path` line a long `check` run keeps rewriting on standard error when that is a terminal, so that a
// run over a large tree shows it is moving. It appears only after the run has taken a quarter of a second (short
// runs never flicker), is redrawn at most ten times a second, never wider than the terminal, and is erased before
// anything else is printed. The runner creates one only for a terminal; pipes and CI logs never see it.
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A progress line on a terminal, safe to update from any thread.
final class ProgressLine: Sendable {
  /// How long a run goes before the line appears, in nanoseconds.
  static let delay: UInt64 = 250_000_000
  /// The least time between redraws, in nanoseconds.
  static let interval: UInt64 = 100_000_000

  private struct State {
    var done = 0
    var lastDraw: UInt64 = 0
    var drawn = false
  }

  private let total: Int
  private let width: Int
  private let write: @Sendable (String) -> Void
  private let start: UInt64
  private let state = Mutex(State())
  private let clock: @Sendable () -> UInt64

  /// A line for `total` files on a terminal `width` columns wide; `write` prints raw text to the terminal;
  /// `clock` gives monotonic nanoseconds (tests pass their own).
  init(
    total: Int, width: Int, write: @escaping @Sendable (String) -> Void,
    clock: @escaping @Sendable () -> UInt64 = monotonicNanoseconds
  ) {
    self.total = total
    self.width = max(width, 20)
    self.write = write
    self.clock = clock
    start = clock()
  }

  /// Records that `path` is done, and redraws the line when it is time to.
  func completed(_ path: String) {
    let now = clock()
    state.withLock { state in
      state.done += 1
      guard now - start >= Self.delay, !state.drawn || now - state.lastDraw >= Self.interval else { return }
      state.drawn = true
      state.lastDraw = now
      write("\r" + Self.line(done: state.done, total: total, path: path, width: width) + "\u{1B}[K")
    }
  }

  /// Erases the line if it was drawn.
  func finish() {
    state.withLock { state in
      if state.drawn { write("\r\u{1B}[K") }
      state.drawn = false
    }
  }

  /// `[k/n] path`, with the path shortened from the left (`…` first) to fit in `width - 1` columns.
  static func line(done: Int, total: Int, path: String, width: Int) -> String {
    let head = "[\(done)/\(total)] "
    let room = width - 1 - head.unicodeScalars.count
    let scalars = path.unicodeScalars
    if scalars.count <= room { return head + path }
    guard room > 1 else { return String(head.unicodeScalars.prefix(width - 1)) }
    return head + "…" + String(String.UnicodeScalarView(scalars.suffix(room - 1)))
  }
}

/// The monotonic clock, in nanoseconds.
@Sendable func monotonicNanoseconds() -> UInt64 {
  var time = timespec()
  clock_gettime(CLOCK_MONOTONIC, &time)
  return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}
