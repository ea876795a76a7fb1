#include "core/faults/Fault.h"

#include <cctype>

#include "core/Error.h"

namespace faultlens {
namespace {

std::int64_t parseNonNegative(const std::string& token, const std::string& whole, const char* what) {
  if (token.empty() || token.size() > 18)
    throw Error("fault '" + whole + "': " + what + " '" + token + "' is not a number");
  for (char c : token)
    if (!std::isdigit(static_cast<unsigned char>(c)))
      throw Error("fault '" + whole + "': " + what + " '" + token + "' is not a non-negative integer");
  return std::stoll(token);
}

}  // namespace

std::uint32_t faultMask(int bit, std::uint32_t mask) { return mask != 0 ? mask : 1u << bit; }

void requireValidFaultBits(const ValueEncoding& encoding, int bit, std::uint32_t mask) {
  if (encoding.format.kind == NumberFormatKind::Float32) requireValidBit(bit);  // the float32 message
  else requireValidBit(encoding.format, bit);
  if (mask == 0) return;
  const int width = encoding.format.bitWidth();
  if (width < 32 && (mask >> width) != 0) {
    int outside = width;  // the lowest offending bit: the one the user has to change
    while (((mask >> outside) & 1u) == 0) ++outside;
    throw Error("a multi-bit fault changes bits outside " + encoding.format.name() + " (bits 0.." +
                std::to_string(width - 1) + "): bit " + std::to_string(outside));
  }
  if ((mask & (1u << bit)) == 0) throw Error("a multi-bit fault's bits must include its bit " + std::to_string(bit));
}

float applyErrorModelIn(const ValueEncoding& encoding, float value, ErrorModel model, int bit, std::uint32_t mask,
                        float randomValue) {
  const NumberFormat& format = encoding.format;
  // float32's own path keeps NaN payloads and every historical result bit for bit.
  if (format.kind == NumberFormatKind::Float32 && mask == 0) return applyErrorModel(value, model, bit, randomValue);
  if (model == ErrorModel::RandomValue) {
    requireValidFaultBits(encoding, bit, mask);
    return quantize(format, randomValue, encoding.scale);
  }
  const std::uint32_t code = encode(format, value, encoding.scale);
  return decode(format, faultedCode(encoding, code, model, bit, mask, randomValue), encoding.scale);
}

std::uint32_t faultedCode(const ValueEncoding& encoding, std::uint32_t code, ErrorModel model, int bit,
                          std::uint32_t mask, float randomValue) {
  requireValidFaultBits(encoding, bit, mask);
  const std::uint32_t bits = faultMask(bit, mask);
  switch (model) {
    case ErrorModel::BitFlip: return code ^ bits;
    case ErrorModel::StuckAt0: return code & ~bits;
    case ErrorModel::StuckAt1: return code | bits;
    case ErrorModel::RandomValue: return encode(encoding.format, randomValue, encoding.scale);
  }
  return code;
}

FaultSpec parseFaultSpec(const std::string& text) {
  const auto at = text.find('@');
  const auto colon = text.rfind(':');
  if (at == std::string::npos || colon == std::string::npos || colon < at)
    throw Error("fault '" + text + "': expected LAYER@I,J,...:BIT");
  FaultSpec spec;
  spec.layerName = text.substr(0, at);
  if (spec.layerName.empty()) throw Error("fault '" + text + "': layer name is empty");
  const std::string coords = text.substr(at + 1, colon - at - 1);
  if (coords.empty()) throw Error("fault '" + text + "': no coordinates between '@' and ':'");
  std::size_t start = 0;
  while (true) {
    const auto comma = coords.find(',', start);
    spec.coords.push_back(parseNonNegative(coords.substr(start, comma - start), text, "coordinate"));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  // BIT, or B1+B2+... for one fault that changes several bits of the value.
  const std::string bits = text.substr(colon + 1);
  std::uint32_t mask = 0;
  start = 0;
  for (bool first = true;; first = false) {
    const auto plus = bits.find('+', start);
    const std::int64_t bit = parseNonNegative(bits.substr(start, plus - start), text, "bit");
    if (bit >= kFloatBits) throw Error("fault '" + text + "': bit " + std::to_string(bit) + " is outside 0..31");
    if (mask & (1u << bit)) throw Error("fault '" + text + "': bit " + std::to_string(bit) + " is given twice");
    mask |= 1u << bit;
    if (first) spec.bit = static_cast<int>(bit);
    if (plus == std::string::npos) break;
    start = plus + 1;
  }
  spec.mask = mask == (1u << spec.bit) ? 0 : mask;
  return spec;
}

std::string formatFaultSpec(const FaultSpec& spec) {
  std::string out = spec.layerName + "@";
  for (std::size_t i = 0; i < spec.coords.size(); ++i) out += (i ? "," : "") + std::to_string(spec.coords[i]);
  out += ":" + std::to_string(spec.bit);
  // The other bits of a multi-bit fault, highest first.
  for (int b = kFloatBits - 1; b >= 0; --b)
    if (b != spec.bit && (spec.mask >> b) & 1u) out += "+" + std::to_string(b);
  return out;
}

std::int64_t elementCount(const std::vector<std::int64_t>& shape) {
  std::int64_t n = 1;
  for (auto d : shape) n *= d;
  return n;
}

static std::string shapeText(const std::vector<std::int64_t>& shape) {
  std::string out = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? "," : "") + std::to_string(shape[i]);
  return out + "]";
}

std::int64_t flatIndex(const std::vector<std::int64_t>& coords, const std::vector<std::int64_t>& shape,
                       const std::string& what) {
  if (coords.size() != shape.size())
    throw Error(what + " has shape " + shapeText(shape) + ": expected " + std::to_string(shape.size()) +
                " coordinates, got " + std::to_string(coords.size()));
  std::int64_t index = 0;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (coords[i] < 0 || coords[i] >= shape[i])
      throw Error(what + " has shape " + shapeText(shape) + ": coordinate " + std::to_string(i) + " = " +
                  std::to_string(coords[i]) + " is out of range");
    index = index * shape[i] + coords[i];
  }
  return index;
}

std::vector<std::int64_t> unflattenIndex(std::int64_t index, const std::vector<std::int64_t>& shape) {
  std::vector<std::int64_t> coords(shape.size());
  for (std::size_t i = shape.size(); i-- > 0;) {
    coords[i] = index % shape[i];
    index /= shape[i];
  }
  return coords;
}

}  // namespace faultlens
