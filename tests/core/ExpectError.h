#pragma once
// The check behind every bad-input test: the call throws faultlens::Error, and the
// message names the file (or value) and says what is wrong with it.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "core/Error.h"

namespace faultlens::test {

inline void expectErrorMentioning(const std::function<void()>& f, const std::string& where, const std::string& what) {
  try {
    f();
    ADD_FAILURE() << "expected an error about '" << what << "' naming " << where;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(where), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
  }
}

}  // namespace faultlens::test
