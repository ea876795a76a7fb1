#include "core/NumericFiles.h"

#include <cstring>
#include <regex>
#include <sstream>

#include "core/Error.h"

namespace faultlens {

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
  const std::string header = bytes.substr(headerStart, headerLen);
  std::smatch m;
  if (!std::regex_search(header, m, std::regex("'descr':\\s*'([^']*)'")))
    throw fileError(path, ".npy header lacks 'descr'");
  const std::string descr = m[1];
  if (std::regex_search(header, std::regex("'fortran_order':\\s*True")))
    throw fileError(path, "Fortran-ordered .npy arrays are not supported; save with C order");
  if (!std::regex_search(header, m, std::regex("'shape':\\s*\\(([^)]*)\\)")))
    throw fileError(path, ".npy header lacks 'shape'");
  NpyLayout out;
  const std::string dims = m[1];
  const std::regex number("\\d+");
  constexpr std::int64_t kMaxElements = std::int64_t(1) << 34;
  for (std::sregex_iterator it(dims.begin(), dims.end(), number), end; it != end; ++it) {
    // Compare as text first: a 30-digit dimension must be an error, not an overflow.
    const std::string digits = it->str();
    const std::int64_t d = digits.size() > 11 ? kMaxElements + 1 : std::stoll(digits);
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
