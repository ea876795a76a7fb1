#include "core/data/ImageCodec.h"

// libjpeg's header needs size_t and FILE declared first.
#include <csetjmp>
#include <cstdio>
#include <jpeglib.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/Error.h"

namespace faultlens {
namespace {

/// Decoders differ on a file cut short: libpng fails, but libjpeg fills the missing rows
/// with grey and only warns. A truncated image must never be used in part, so the formats
/// whose end is marked are checked for their end marker before decoding.
void requireCompleteImage(const std::string& bytes, const std::string& path) {
  const auto starts = [&](const char* magic, std::size_t n) {
    return bytes.size() >= n && bytes.compare(0, n, magic, n) == 0;
  };
  if (starts("\xFF\xD8\xFF", 3)) {
    // The last end-of-image marker must follow the last start-of-scan: entropy-coded data
    // never holds an unescaped 0xFF byte, so neither marker can appear inside it, and an
    // EXIF thumbnail's own end marker comes before the main image's scans.
    const auto eoi = bytes.rfind("\xFF\xD9");
    const auto sos = bytes.rfind("\xFF\xDA");
    if (eoi == std::string::npos || sos == std::string::npos || eoi < sos)
      throw fileError(path,
                      "cannot decode image: JPEG file is truncated (no end-of-image marker after its image data)");
  } else if (starts("\x89PNG\r\n\x1A\n", 8)) {
    if (bytes.find("IEND", bytes.size() >= 64 ? bytes.size() - 64 : 0) == std::string::npos)
      throw fileError(path, "cannot decode image: PNG file is truncated (no IEND chunk at its end)");
  }
}

/// libjpeg reports corrupt entropy-coded data (a scan cut short, then an end marker) as a
/// warning and goes on with grey blocks; OpenCV prints the warning and returns the half-grey
/// image. Decoding once with libjpeg first, at 1/8 scale (the entropy data is read whole all
/// the same), turns any such warning into an error naming the file, before OpenCV runs and
/// without a library line on stderr.
struct JpegCheck {
  jpeg_error_mgr manager{};
  std::jmp_buf jump{};
  std::string message;
};

void throwToCheck(j_common_ptr info) {
  auto* check = reinterpret_cast<JpegCheck*>(info->err);
  char text[JMSG_LENGTH_MAX] = {};
  info->err->format_message(info, text);
  check->message = text;
  std::longjmp(check->jump, 1);
}

void warningToCheck(j_common_ptr info, int level) {
  if (level >= 0) return;  // trace messages, not problems
  auto* check = reinterpret_cast<JpegCheck*>(info->err);
  char text[JMSG_LENGTH_MAX] = {};
  info->err->format_message(info, text);
  if (check->message.empty()) check->message = text;
  ++info->err->num_warnings;
}

void requireIntactJpeg(const std::string& bytes, const std::string& path) {
  jpeg_decompress_struct info{};
  JpegCheck check;
  info.err = jpeg_std_error(&check.manager);
  check.manager.error_exit = throwToCheck;
  check.manager.emit_message = warningToCheck;
  check.manager.output_message = [](j_common_ptr) {};  // FaultLens says it, once, with the file
  volatile bool failed = false;                        // set after a longjmp: kept in memory, not in a register
  if (setjmp(check.jump) == 0) {
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<unsigned long>(bytes.size()));
    jpeg_read_header(&info, TRUE);
    info.scale_num = 1;
    info.scale_denom = 8;
    info.dct_method = JDCT_IFAST;
    jpeg_start_decompress(&info);
    // From libjpeg's own pool: a longjmp out of here must skip no C++ destructor.
    JSAMPARRAY rows = (*info.mem->alloc_sarray)(reinterpret_cast<j_common_ptr>(&info), JPOOL_IMAGE,
                                                info.output_width * info.output_components, 1);
    while (info.output_scanline < info.output_height) jpeg_read_scanlines(&info, rows, 1);
    jpeg_finish_decompress(&info);
  } else {
    failed = true;
  }
  const long warnings = check.manager.num_warnings;
  jpeg_destroy_decompress(&info);
  if (failed || warnings > 0)
    throw fileError(path, "cannot decode image: JPEG data is corrupt (" + check.message + ")");
}

}  // namespace

void requireImageFiles(const std::string&) {}

cv::Mat decodeImageRgb(const std::string& bytes, const std::string& path) {
  requireCompleteImage(bytes, path);
  if (bytes.size() >= 3 && bytes.compare(0, 3, "\xFF\xD8\xFF", 3) == 0) requireIntactJpeg(bytes, path);
  cv::Mat bgr;
  try {
    const cv::Mat buffer(1, static_cast<int>(bytes.size()), CV_8U, const_cast<char*>(bytes.data()));
    bgr = cv::imdecode(buffer, cv::IMREAD_COLOR);
  } catch (const cv::Exception& e) {
    if (e.err.find("CV_IO_MAX_IMAGE_PIXELS") != std::string::npos)
      throw fileError(path, "cannot decode image: its header declares more pixels than the decoder's limit (2^30; "
                            "OPENCV_IO_MAX_IMAGE_PIXELS raises it): a damaged or hostile header?");
    throw fileError(path, "cannot decode image: " + e.err);
  }
  if (bgr.empty()) throw fileError(path, "cannot decode image (not an image format OpenCV reads, or corrupt)");
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);  // OpenCV decodes to BGR; the engine is RGB throughout
  return rgb;
}

bool hasImageReader(const std::string& path) {
  try {
    return cv::haveImageReader(path);
  } catch (const cv::Exception&) {
    return false;
  }
}

std::string encodePng(const cv::Mat& rgb, const std::string& path) {
  cv::Mat bgr;
  cv::cvtColor(rgb, bgr, rgb.channels() == 1 ? cv::COLOR_GRAY2BGR : cv::COLOR_RGB2BGR);
  std::vector<uchar> bytes;
  if (!cv::imencode(".png", bgr, bytes)) throw fileError(path, "cannot encode PNG");
  return std::string(bytes.begin(), bytes.end());
}

}  // namespace faultlens
