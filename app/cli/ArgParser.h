#pragma once
// A small command-line parser for faultlens-cli verbs: named options (possibly repeated),
// boolean flags and positionals, with generated --help text. Usage errors throw
// UsageError, which main() turns into exit code 2.
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace faultlens::cli {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ArgParser {
 public:
  ArgParser(std::string verb, std::string summary);

  void option(const std::string& name, const std::string& valueName, const std::string& help, bool repeatable = false);
  void flag(const std::string& name, const std::string& help);
  void positional(const std::string& name, const std::string& help);

  /// Parses argv after the verb. Returns false if --help was given (help already printed).
  bool parse(const std::vector<std::string>& args);
  std::string help() const;

  bool has(const std::string& name) const;
  std::string value(const std::string& name) const;  ///< throws UsageError when absent
  std::string valueOr(const std::string& name, const std::string& fallback) const;
  std::vector<std::string> values(const std::string& name) const;
  /// A comma-separated value ("a,b,c") split into its items; empty items are usage errors.
  std::vector<std::string> listValue(const std::string& name) const;
  bool flagSet(const std::string& name) const;
  std::string positionalValue(const std::string& name) const;
  int intValue(const std::string& name, int fallback) const;
  std::uint64_t uint64Value(const std::string& name, std::uint64_t fallback) const;
  /// The whole value must be a number ("0.05x" is a usage error).
  double doubleValue(const std::string& name, double fallback) const;

 private:
  struct Spec {
    std::string valueName, help;
    bool isFlag = false, repeatable = false;
  };
  std::string verb_, summary_;
  std::map<std::string, Spec> specs_;
  std::vector<std::string> order_;
  std::vector<std::pair<std::string, std::string>> positionals_;
  std::map<std::string, std::vector<std::string>> values_;
  std::map<std::string, std::string> positionalValues_;
};

}  // namespace faultlens::cli
