#include "app/cli/ArgParser.h"

#include <algorithm>
#include <iostream>
#include <sstream>

namespace faultlens::cli {

ArgParser::ArgParser(std::string verb, std::string summary) : verb_(std::move(verb)), summary_(std::move(summary)) {}

void ArgParser::option(const std::string& name, const std::string& valueName, const std::string& help, bool repeatable) {
  specs_[name] = Spec{valueName, help, false, repeatable};
  order_.push_back(name);
}

void ArgParser::flag(const std::string& name, const std::string& help) {
  specs_[name] = Spec{"", help, true, false};
  order_.push_back(name);
}

void ArgParser::positional(const std::string& name, const std::string& help) { positionals_.emplace_back(name, help); }

bool ArgParser::parse(const std::vector<std::string>& args) {
  std::size_t nextPositional = 0;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      std::cout << help();
      return false;
    }
    if (a.rfind("--", 0) == 0) {
      std::string name = a.substr(2), inlineValue;
      const auto eq = name.find('=');
      const bool hasInline = eq != std::string::npos;
      if (hasInline) {
        inlineValue = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
      auto it = specs_.find(name);
      if (it == specs_.end()) throw UsageError("unknown option --" + name + " (see faultlens-cli " + verb_ + " --help)");
      if (it->second.isFlag) {
        if (hasInline) throw UsageError("--" + name + " takes no value");
        values_[name].push_back("1");
        continue;
      }
      if (!hasInline) {
        if (i + 1 >= args.size()) throw UsageError("--" + name + " needs a value " + it->second.valueName);
        inlineValue = args[++i];
      }
      if (!it->second.repeatable && values_.count(name)) throw UsageError("--" + name + " given twice");
      values_[name].push_back(inlineValue);
      continue;
    }
    if (nextPositional >= positionals_.size()) throw UsageError("unexpected argument '" + a + "'");
    positionalValues_[positionals_[nextPositional++].first] = a;
  }
  if (nextPositional < positionals_.size())
    throw UsageError("missing " + positionals_[nextPositional].first + " (see faultlens-cli " + verb_ + " --help)");
  return true;
}

std::string ArgParser::help() const {
  std::ostringstream out;
  out << "usage: faultlens-cli " << verb_ << " [options]";
  for (const auto& p : positionals_) out << " " << p.first;
  out << "\n\n" << summary_ << "\n";
  if (!positionals_.empty()) {
    out << "\narguments:\n";
    for (const auto& p : positionals_) out << "  " << p.first << "\n      " << p.second << "\n";
  }
  out << "\noptions:\n";
  for (const auto& name : order_) {
    const Spec& s = specs_.at(name);
    out << "  --" << name << (s.isFlag ? "" : " " + s.valueName) << (s.repeatable ? "  (repeatable)" : "") << "\n      "
        << s.help << "\n";
  }
  out << "  --help\n      show this help\n";
  return out.str();
}

bool ArgParser::has(const std::string& name) const { return values_.count(name) != 0; }

std::string ArgParser::value(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) throw UsageError("--" + name + " is required (see faultlens-cli " + verb_ + " --help)");
  return it->second.front();
}

std::string ArgParser::valueOr(const std::string& name, const std::string& fallback) const {
  return has(name) ? value(name) : fallback;
}

std::vector<std::string> ArgParser::values(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

bool ArgParser::flagSet(const std::string& name) const { return has(name); }

std::string ArgParser::positionalValue(const std::string& name) const { return positionalValues_.at(name); }

std::vector<std::string> ArgParser::listValue(const std::string& name) const {
  const std::string list = value(name);
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto comma = std::min(list.find(',', start), list.size());
    items.push_back(list.substr(start, comma - start));
    if (items.back().empty()) throw UsageError("--" + name + ": empty item in '" + list + "'");
    start = comma + 1;
  }
  return items;
}

int ArgParser::intValue(const std::string& name, int fallback) const {
  if (!has(name)) return fallback;
  const std::string v = value(name);
  try {
    std::size_t used = 0;
    const int n = std::stoi(v, &used);
    if (used == v.size()) return n;
  } catch (const std::exception&) {
  }
  throw UsageError("--" + name + " expects an integer, got '" + v + "'");
}

std::uint64_t ArgParser::uint64Value(const std::string& name, std::uint64_t fallback) const {
  if (!has(name)) return fallback;
  const std::string v = value(name);
  try {
    std::size_t used = 0;
    if (!v.empty() && v[0] != '-') {
      const auto n = std::stoull(v, &used);
      if (used == v.size()) return n;
    }
  } catch (const std::exception&) {
  }
  throw UsageError("--" + name + " expects a non-negative integer, got '" + v + "'");
}

double ArgParser::doubleValue(const std::string& name, double fallback) const {
  if (!has(name)) return fallback;
  const std::string v = value(name);
  try {
    std::size_t used = 0;
    const double d = std::stod(v, &used);
    if (used == v.size()) return d;
  } catch (const std::exception&) {
  }
  throw UsageError("--" + name + " expects a number, got '" + v + "'");
}

}  // namespace faultlens::cli
