// The engine tests run under the runtime the executables use (core/Runtime.h): LibTorch's
// threads from FAULTLENS_THREADS (default: every core), the BLAS and heap settings, the
// simple JIT executor. A numeric assertion that holds only for one way of splitting the
// work then fails here, in the single-threaded run that ctest adds, not on a user's machine.
#include <gtest/gtest.h>

#include "core/Runtime.h"

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  faultlens::configureRuntime(0);
  return RUN_ALL_TESTS();
}
