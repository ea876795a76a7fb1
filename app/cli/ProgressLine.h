#pragma once
// A status line that updates in place on a terminal and is one line per update in a log.
// While it is open, any message (an error, a warning) must first end it: otherwise the
// message lands glued to the end of the progress text. main() calls endOpenProgressLine()
// before it prints an error, so no command has to remember.
#include <cstdio>
#include <string>

namespace faultlens::cli {

class ProgressLine {
 public:
  explicit ProgressLine(std::FILE* stream);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  /// True when the stream is a terminal (updates overwrite each other).
  bool interactive() const { return tty_; }
  /// Shows `text`: in place on a terminal, as a line of its own in a log.
  void update(const std::string& text);
  /// Ends the line on a terminal, so whatever follows starts on a line of its own.
  void finish();

 private:
  std::FILE* stream_;
  bool tty_;
  bool open_ = false;
};

/// Ends whichever progress line is open (no-op when none is).
void endOpenProgressLine();

}  // namespace faultlens::cli
