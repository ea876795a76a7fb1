#include "app/cli/ProgressLine.h"

#include <unistd.h>

namespace faultlens::cli {
namespace {
ProgressLine* gOpen = nullptr;  // the CLI runs one command, on one thread, at a time
}

ProgressLine::ProgressLine(std::FILE* stream) : stream_(stream), tty_(isatty(fileno(stream)) != 0) {}

ProgressLine::~ProgressLine() { finish(); }

void ProgressLine::update(const std::string& text) {
  if (!tty_) {
    std::fprintf(stream_, "%s\n", text.c_str());
  } else {
    // Pad over a longer previous text instead of clearing the line (no terminal codes).
    std::fprintf(stream_, "\r%s   ", text.c_str());
    open_ = true;
    gOpen = this;
  }
  std::fflush(stream_);
}

void ProgressLine::finish() {
  if (open_) {
    std::fputc('\n', stream_);
    std::fflush(stream_);
  }
  open_ = false;
  if (gOpen == this) gOpen = nullptr;
}

void endOpenProgressLine() {
  if (gOpen) gOpen->finish();
}

}  // namespace faultlens::cli
