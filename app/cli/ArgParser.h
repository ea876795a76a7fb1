#pragma once
// The command line of a faultlens-cli verb, parsed by CLI11. Each option is declared once,
// bound to a field of the verb's option struct: the field's initialiser is the default,
// its type the value's type, and validators (atLeast, inRange, oneOf) the allowed values;
// --help is generated from these declarations. Every failure, CLI11's own included, is a
// UsageError with FaultLens's wording, which main() turns into exit code 2.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace faultlens::cli {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Checks for numeric options (chain after option(): ->check(atLeast(1, "..."))). A value
/// outside fails with exactly `message`; --help shows the bound.
CLI::Validator atLeast(double min, const std::string& message);
CLI::Validator inRange(double min, double max, const std::string& message);
/// A text option that must be one of `choices` (which its help sentence names).
CLI::Validator oneOf(std::vector<std::string> choices, const std::string& message);

/// "a,b,c" split into its items; an empty item is a usage error naming `option`.
std::vector<std::string> listItems(const std::string& option, const std::string& list);

class ArgParser {
 public:
  ArgParser(std::string verb, std::string summary);
  ArgParser(const ArgParser&) = delete;
  ArgParser& operator=(const ArgParser&) = delete;

  /// An option with one value ("--name VALUE" or "--name=VALUE"), given at most once and
  /// stored in `target`: std::string, int, std::uint64_t (non-negative) or double. Chain
  /// ->capture_default_str() where target's initial value is a default worth showing.
  template <typename T>
  CLI::Option* option(const std::string& name, T& target, const std::string& valueName, const std::string& help);
  /// An option that may be given several times; `target` gets the values in order.
  CLI::Option* repeatable(const std::string& name, std::vector<std::string>& target, const std::string& valueName,
                          const std::string& help);
  CLI::Option* flag(const std::string& name, bool& target, const std::string& help);
  /// A required positional argument.
  CLI::Option* positional(const std::string& name, std::string& target, const std::string& help);

  /// Parses argv after the verb. Returns false if --help was given (help already printed).
  bool parse(const std::vector<std::string>& args);
  std::string help() const;
  /// Whether the option ("--limit") was on the command line at all.
  bool has(const std::string& name) const;

 private:
  enum class ValueKind { Text, Integer, Count, Number };
  CLI::Option* valueOption(CLI::Option* option, const std::string& valueName, ValueKind kind);
  void rejectExtras() const;
  std::string usageMessage(const CLI::ParseError& error, const std::vector<std::string>& args) const;

  std::string verb_;
  CLI::App app_;
  std::vector<std::string> flags_;  ///< names of the options that take no value
};

template <typename T>
CLI::Option* ArgParser::option(const std::string& name, T& target, const std::string& valueName,
                               const std::string& help) {
  static_assert(std::is_same_v<T, std::string> || std::is_same_v<T, int> || std::is_same_v<T, std::uint64_t> ||
                    std::is_same_v<T, double>,
                "an option value is text, int, std::uint64_t or double");
  ValueKind kind = ValueKind::Text;
  if constexpr (std::is_same_v<T, int>) kind = ValueKind::Integer;
  if constexpr (std::is_same_v<T, std::uint64_t>) kind = ValueKind::Count;
  if constexpr (std::is_same_v<T, double>) kind = ValueKind::Number;
  return valueOption(app_.add_option(name, target, help), valueName, kind);
}

}  // namespace faultlens::cli
