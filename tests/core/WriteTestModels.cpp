// Writes the tiny test models of TestModels.h into a directory, for the CLI tests.
#include <iostream>

#include "tests/core/TestModels.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: write_test_models DIR\n";
    return 2;
  }
  std::cout << faultlens::test::writeTinyConvNet(argv[1]) << "\n"
            << faultlens::test::writeBranchingNet(argv[1]) << "\n";
  return 0;
}
