#pragma once
// For domain's tests only: the files of data/ and the organisation built from them once.

#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>

#include "domain/org_catalog.hpp"

namespace wp::domain::testing {

inline std::string Data(const char* name) {
  std::ifstream f(std::string(WP_SOURCE_DIR) + "/data/" + name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// The registry of data/'s province tables with the Ministry's units (BuildInitialRegistry).
inline const OrgRegistry& Registry() {
  static const OrgRegistry registry = [] {
    auto r = BuildInitialRegistry(Data("provinces.csv"), Data("provinces_2025.csv"));
    EXPECT_TRUE(r) << r.error().message;
    return r ? std::move(*r) : OrgRegistry();
  }();
  return registry;
}

}  // namespace wp::domain::testing
