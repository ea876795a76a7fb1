#include "core/io/NumericFiles.h"

#include <cctype>
#include <cstring>
#include <limits>
#include <sstream>

#include "core/Error.h"

namespace faultlens {

namespace {

struct NpyHeader {
  std::string descr;
  bool fortranOrder = false;
  std::vector<std::int64_t> shape;
};

/// The header dict exactly as numpy writes it: {'descr': '<f4', 'fortran_order': False,
/// 'shape': (1, 28, 28), } followed by spaces and a newline. Each of the three keys once,
/// nothing else; a dimension is a plain non-negative integer. Anything looser would let a
/// damaged or hand-made header be read as some other array.
class NpyHeaderParser {
 public:
  NpyHeaderParser(const std::string& text, const std::string& path) : text_(text), path_(path) {}

  NpyHeader parse() {
    NpyHeader h;
    bool haveDescr = false, haveOrder = false, haveShape = false;
    expect('{');
    while (true) {
      skipSpace();
      if (peek() == '}') break;
      const std::string key = quoted();
      skipSpace();
      expect(':');
      skipSpace();
      if (key == "descr") {
        if (haveDescr) fail("'descr' is given twice");
        h.descr = quoted(), haveDescr = true;
      } else if (key == "fortran_order") {
        if (haveOrder) fail("'fortran_order' is given twice");
        h.fortranOrder = boolean(), haveOrder = true;
      } else if (key == "shape") {
        if (haveShape) fail("'shape' is given twice");
        h.shape = tuple(), haveShape = true;
      } else {
        fail("has an unknown key '" + key + "' (it has only 'descr', 'fortran_order' and 'shape')");
      }
      skipSpace();
      if (peek() == ',') ++pos_;
      else if (peek() != '}') fail("expected ',' or '}' after '" + key + "'");
    }
    ++pos_;
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\0')) ++pos_;
    if (pos_ != text_.size()) fail("unexpected text after the header's closing '}'");
    if (!haveDescr) fail("lacks 'descr'");
    if (!haveOrder) fail("lacks 'fortran_order'");
    if (!haveShape) fail("lacks 'shape'");
    return h;
  }

 private:
  [[noreturn]] void fail(const std::string& problem) const { throw fileError(path_, ".npy header " + problem); }
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void skipSpace() {
    while (peek() == ' ') ++pos_;
  }
  void expect(char c) {
    skipSpace();
    if (peek() != c) fail(std::string("expected '") + c + "' at character " + std::to_string(pos_ + 1));
    ++pos_;
  }
  std::string quoted() {
    const char quote = peek();
    if (quote != '\'' && quote != '"') fail("expected a quoted name at character " + std::to_string(pos_ + 1));
    const std::size_t end = text_.find(quote, pos_ + 1);
    if (end == std::string::npos) fail("has an unterminated string");
    std::string value = text_.substr(pos_ + 1, end - pos_ - 1);
    pos_ = end + 1;
    return value;
  }
  bool boolean() {
    for (const auto& [word, value] : {std::pair{"True", true}, std::pair{"False", false}})
      if (text_.compare(pos_, std::strlen(word), word) == 0) {
        pos_ += std::strlen(word);
        return value;
      }
    fail("'fortran_order' must be True or False");
  }
  std::vector<std::int64_t> tuple() {
    std::vector<std::int64_t> dims;
    expect('(');
    while (true) {
      skipSpace();
      if (peek() == ')') break;
      const std::size_t start = pos_;
      while (std::isdigit(static_cast<unsigned char>(peek()))) ++pos_;
      if (pos_ == start)
        fail("'shape' dimension " + std::to_string(dims.size() + 1) + " is not a non-negative integer");
      const std::string digits = text_.substr(start, pos_ - start);
      // Compare as text first: a 30-digit dimension must be an error, not an overflow.
      dims.push_back(digits.size() > 12 ? std::numeric_limits<std::int64_t>::max() : std::stoll(digits));
      skipSpace();
      if (peek() == ',') ++pos_;
      else if (peek() != ')')
        fail("'shape' dimension " + std::to_string(dims.size()) + " is not a non-negative integer");
    }
    ++pos_;
    return dims;
  }

  const std::string& text_;
  const std::string& path_;
  std::size_t pos_ = 0;
};

NpyHeader parseNpyHeader(const std::string& text, const std::string& path) {
  return NpyHeaderParser(text, path).parse();
}

}  // namespace

NpyLayout parseNpyLayout(const std::string& bytes, const std::string& path) {
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0) throw fileError(path, "not a .npy file (bad magic)");
  const int major = static_cast<unsigned char>(bytes[6]);
  std::size_t headerLen, headerStart;
  if (major == 1) {
    headerLen = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) throw fileError(path, ".npy header is truncated");
    headerLen = 0;
    for (int i = 3; i >= 0; --i) headerLen = (headerLen << 8) | static_cast<unsigned char>(bytes[8 + i]);
    headerStart = 12;
  } else {
    throw fileError(path, ".npy version " + std::to_string(major) + " is not supported");
  }
  if (bytes.size() - headerStart < headerLen) throw fileError(path, ".npy header is truncated");
  const NpyHeader header = parseNpyHeader(bytes.substr(headerStart, headerLen), path);
  const std::string& descr = header.descr;
  if (header.fortranOrder) throw fileError(path, "Fortran-ordered .npy arrays are not supported; save with C order");
  NpyLayout out;
  constexpr std::int64_t kMaxElements = std::int64_t(1) << 34;
  for (const std::int64_t d : header.shape) {
    if (d > kMaxElements || (d > 0 && out.elementCount > kMaxElements / d))
      throw fileError(path, ".npy shape is implausibly large");
    out.shape.push_back(d);
    out.elementCount *= d;
  }
  if (descr == "<f4") out.type = NpyType::Float32, out.itemSize = 4;
  else if (descr == "<f8") out.type = NpyType::Float64, out.itemSize = 8;
  else if (descr == "|u1" || descr == "<u1") out.type = NpyType::UInt8, out.itemSize = 1;
  else throw fileError(path, ".npy dtype '" + descr + "' is not supported (use float32, float64 or uint8)");
  out.dataOffset = headerStart + headerLen;
  const std::size_t dataBytes = bytes.size() - out.dataOffset;
  if (dataBytes != static_cast<std::size_t>(out.elementCount) * out.itemSize)
    throw fileError(path, ".npy data has " + std::to_string(dataBytes) + " bytes, shape needs " +
                              std::to_string(static_cast<std::size_t>(out.elementCount) * out.itemSize) +
                              " (truncated?)");
  return out;
}

std::vector<std::vector<float>> parseNumericCsv(const std::string& text, const std::string& path) {
  std::istringstream in(text);
  std::string line;
  std::vector<std::vector<float>> rows;
  int lineNo = 0;
  while (std::getline(in, line)) {
    ++lineNo;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<float> row;
    std::stringstream fields(line);
    std::string field;
    bool first = true;
    while (std::getline(fields, field, ',')) {
      try {
        std::size_t used = 0;
        const float v = std::stof(field, &used);
        if (used != field.size() && field.find_first_not_of(" \t", used) != std::string::npos)
          throw std::invalid_argument(field);
        row.push_back(v);
      } catch (const std::exception&) {  // invalid_argument, or out_of_range for 1e999
        if (!first) throw fileError(path, "line " + std::to_string(lineNo) + ": '" + field + "' is not a number");
        // A leading non-numeric field is the class name.
      }
      first = false;
    }
    if (row.empty()) throw fileError(path, "line " + std::to_string(lineNo) + " holds no numbers");
    if (!rows.empty() && row.size() != rows.front().size())
      throw fileError(path, "line " + std::to_string(lineNo) + " has " + std::to_string(row.size()) +
                                " values, the first row has " + std::to_string(rows.front().size()));
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw fileError(path, "no embedding rows");
  return rows;
}

std::string npyFloat32Bytes(const std::vector<float>& values, const std::vector<std::int64_t>& shape) {
  std::int64_t count = 1;
  for (std::int64_t d : shape) count *= d;
  if (count != static_cast<std::int64_t>(values.size()))
    throw Error("npyFloat32Bytes: " + std::to_string(values.size()) + " values do not fill the shape");
  std::string dims;
  for (std::size_t i = 0; i < shape.size(); ++i) dims += (i ? ", " : "") + std::to_string(shape[i]);
  if (shape.size() == 1) dims += ",";  // Python's one-element tuple
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
  // Magic, version, header length, then the header padded with spaces and ended by '\n'
  // so that the data start at a multiple of 64 bytes (the format's alignment).
  const std::size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  out += header;
  static_assert(sizeof(float) == 4, "float32");
  for (float v : values) {
    std::uint32_t bits = 0;
    std::memcpy(&bits, &v, 4);
    for (int b = 0; b < 4; ++b) out += static_cast<char>((bits >> (8 * b)) & 0xff);
  }
  return out;
}

}  // namespace faultlens
