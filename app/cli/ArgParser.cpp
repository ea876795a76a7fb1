#include "app/cli/ArgParser.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace faultlens::cli {
namespace {

std::string formatBound(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

/// The value of a numeric option as a double; the option's own check (see valueOption)
/// has already made it a plain number.
double numberIn(const std::string& text) { return std::stod(text); }

/// `text` as the option's type, rewritten in plain decimal; otherwise a usage error. The
/// rewrite matters: CLI11 converts with strtoll(..., 0), which would read "010" as octal.
std::string checkedNumber(const std::string& name, const std::string& text, bool integer, bool nonNegative) {
  try {
    std::size_t used = 0;
    if (integer && !nonNegative) {
      const int n = std::stoi(text, &used);
      if (used == text.size()) return std::to_string(n);
    } else if (integer) {
      if (!text.empty() && text[0] != '-') {
        const unsigned long long n = std::stoull(text, &used);
        if (used == text.size()) return std::to_string(n);
      }
    } else {
      const double d = std::stod(text, &used);
      if (used == text.size()) {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.17g", d);  // reads back as the same double
        return buf;
      }
    }
  } catch (const std::exception&) {
  }
  const char* expected = !integer ? "a number" : nonNegative ? "a non-negative integer" : "an integer";
  throw UsageError(name + " expects " + expected + ", got '" + text + "'");
}

}  // namespace

// The checks throw UsageError themselves instead of returning CLI11's error text, which
// CLI11 would prefix with the option's name: the messages stay exactly FaultLens's own.
CLI::Validator atLeast(double min, const std::string& message) {
  return CLI::Validator(
      [min, message](std::string& value) {
        if (!(numberIn(value) >= min)) throw UsageError(message);
        return std::string();
      },
      "at least " + formatBound(min));
}

CLI::Validator inRange(double min, double max, const std::string& message) {
  return CLI::Validator(
      [min, max, message](std::string& value) {
        const double v = numberIn(value);
        if (!(v >= min && v <= max)) throw UsageError(message);
        return std::string();
      },
      formatBound(min) + " to " + formatBound(max));
}

CLI::Validator oneOf(std::vector<std::string> choices, const std::string& message) {
  return CLI::Validator(
      [choices = std::move(choices), message](std::string& value) {
        for (const auto& c : choices)
          if (value == c) return std::string();
        throw UsageError(message);
      },
      "");
}

std::vector<std::string> listItems(const std::string& option, const std::string& list) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto comma = std::min(list.find(',', start), list.size());
    items.push_back(list.substr(start, comma - start));
    if (items.back().empty()) throw UsageError(option + ": empty item in '" + list + "'");
    start = comma + 1;
  }
  return items;
}

ArgParser::ArgParser(std::string verb, std::string summary) : verb_(std::move(verb)), app_(std::move(summary), verb_) {
  app_.allow_extras();  // unknown options and surplus arguments: rejectExtras words them
  app_.allow_windows_style_options(false);
  // --help acts where it stands, as soon as the scan reaches it: what follows it is not
  // checked, so `VERB --help` always works, and a half-written command line too.
  app_.set_help_flag();
  const auto showHelp = [] { throw CLI::CallForHelp(); };
  app_.add_flag_callback("-h,--help", showHelp, "show this help")->trigger_on_parse();
}

CLI::Option* ArgParser::valueOption(CLI::Option* option, const std::string& valueName, ValueKind kind) {
  const std::string name = option->get_name();
  // In front of every other check (transform puts it there): given once, and a number
  // where the field is one.
  option->transform(CLI::Validator(
      [option, name, kind](std::string& value) {
        if (option->count() > 1) throw UsageError(name + " given twice");
        if (kind != ValueKind::Text)
          value = checkedNumber(name, value, kind != ValueKind::Number, kind == ValueKind::Count);
        return std::string();
      },
      ""));
  option->type_name("");  // so that get_type_name() lists only the validators' descriptions
  option->option_text(valueName);
  return option;
}

CLI::Option* ArgParser::repeatable(const std::string& name, std::vector<std::string>& target,
                                   const std::string& valueName, const std::string& help) {
  // One value per occurrence ("--model a b" is not two models), every occurrence kept.
  auto* option = app_.add_option(name, target, help)
                     ->expected(1)
                     ->allow_extra_args(false)
                     ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  option->type_name("");
  option->option_text(valueName);
  return option;
}

CLI::Option* ArgParser::flag(const std::string& name, bool& target, const std::string& help) {
  auto* option = app_.add_flag(name, target, help);
  // CLI11 would take --json=false as "off" and --json=true as on; a flag here has no
  // value at all, so parse() refuses both before CLI11 sees them.
  flags_.push_back(name);
  option->type_name("");
  return option;
}

CLI::Option* ArgParser::positional(const std::string& name, std::string& target, const std::string& help) {
  auto* option = app_.add_option(name, target, help)->required();
  option->type_name("");
  return option;
}

bool ArgParser::parse(const std::vector<std::string>& args) {
  for (const std::string& arg : args)
    for (const std::string& flag : flags_)
      if (arg.rfind(flag + "=", 0) == 0) throw UsageError(flag + " takes no value (give " + flag + " or leave it out)");
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes arguments from the back
  // An unknown option or surplus argument is named before any other problem, as when it is
  // the only one: CLI11 itself would report it last.
  try {
    app_.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    rejectExtras();
    std::cout << help();
    return false;
  } catch (const CLI::ParseError& e) {
    rejectExtras();
    throw UsageError(usageMessage(e, args));
  } catch (const UsageError&) {
    rejectExtras();
    throw;
  }
  rejectExtras();
  return true;
}

void ArgParser::rejectExtras() const {
  const auto extras = app_.remaining();
  if (extras.empty()) return;
  const std::string& first = extras.front();
  if (first.rfind("--", 0) == 0)
    throw UsageError("unknown option " + first.substr(0, first.find('=')) + " (see faultlens-cli " + verb_ +
                     " --help)");
  throw UsageError("unexpected argument '" + first + "'");
}

std::string ArgParser::usageMessage(const CLI::ParseError& error, const std::vector<std::string>& args) const {
  const std::string seeHelp = " (see faultlens-cli " + verb_ + " --help)";
  if (dynamic_cast<const CLI::RequiredError*>(&error)) {
    for (const CLI::Option* o : app_.get_options())
      if (o->get_required() && o->count() == 0)
        return (o->get_positional() ? "missing " + o->get_name(true) : o->get_name() + " is required") + seeHelp;
  }
  // CLI11 runs out of arguments only right after the option that wanted one more.
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) && !args.empty()) {
    const std::string& last = args.back();
    if (const CLI::Option* o = app_.get_option_no_throw(last.substr(0, last.find('='))); o && !o->get_positional())
      return o->get_name() + " needs a value " + o->get_option_text();
  }
  return error.what();
}

bool ArgParser::has(const std::string& name) const { return app_.get_option(name)->count() > 0; }

std::string ArgParser::help() const {
  const auto options = app_.get_options();
  std::ostringstream out;
  out << "usage: faultlens-cli " << verb_ << " [options]";
  for (const CLI::Option* o : options)
    if (o->get_positional()) out << " " << o->get_name(true);
  out << "\n\n" << app_.get_description() << "\n";
  const auto describe = [&out](const CLI::Option* o) {
    // What the declaration carries besides the sentence: the default, then the bounds.
    std::vector<std::string> notes;
    if (!o->get_default_str().empty()) notes.push_back("default " + o->get_default_str());
    std::istringstream constraints(o->get_type_name());
    for (std::string c; std::getline(constraints, c, ':');)
      if (!c.empty()) notes.push_back(c);
    out << "\n      " << o->get_description();
    for (std::size_t i = 0; i < notes.size(); ++i) out << (i ? "; " : " (") << notes[i];
    out << (notes.empty() ? "\n" : ")\n");
  };
  bool anyPositional = false;
  for (const CLI::Option* o : options) {
    if (!o->get_positional()) continue;
    if (!anyPositional) out << "\narguments:\n";
    anyPositional = true;
    out << "  " << o->get_name(true);
    describe(o);
  }
  out << "\noptions:\n";
  const CLI::Option* helpFlag = app_.get_option("--help");
  for (const CLI::Option* o : options) {
    if (o->get_positional() || o == helpFlag) continue;
    out << "  " << o->get_name() << (o->get_option_text().empty() ? "" : " " + o->get_option_text())
        << (o->get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll ? "  (repeatable)" : "");
    describe(o);
  }
  out << "  --help";
  describe(helpFlag);
  return out.str();
}

}  // namespace faultlens::cli
