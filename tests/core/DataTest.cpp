// Data loaders on synthetic files of each format (including malformed ones) and on the
// real Fashion-MNIST test set from Debian's dataset-fashion-mnist.
#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <opencv2/imgcodecs.hpp>

#include "core/Error.h"
#include "core/data/RawFormats.h"
#include "core/io/FileIO.h"
#include "core/io/NumericFiles.h"
#include "core/io/TensorFile.h"
#include "core/data/CifarDataset.h"
#include "core/data/IdxDataset.h"
#include "core/data/ImageFolderDataset.h"
#include "core/data/Preprocess.h"
#include "tests/core/ExpectError.h"
#include "tests/core/TestModels.h"

namespace faultlens {
namespace {
namespace fs = std::filesystem;

std::string be32(std::uint32_t v) {
  return {char(v >> 24), char((v >> 16) & 0xFF), char((v >> 8) & 0xFF), char(v & 0xFF)};
}

std::string idxImages(std::uint32_t n, std::uint32_t rows, std::uint32_t cols) {
  std::string s = std::string("\0\0\x08\x03", 4) + be32(n) + be32(rows) + be32(cols);
  for (std::uint32_t i = 0; i < n * rows * cols; ++i) s += char(i % 251);
  return s;
}

std::string gzip(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

using test::expectErrorMentioning;

TEST(Idx, ReadsPlainAndGzippedFiles) {
  const auto dir = test::tempDir("idx");
  writeFileAtomically(dir + "/a-images-idx3-ubyte", idxImages(3, 2, 4));
  writeFileAtomically(dir + "/a-labels-idx1-ubyte",
                      std::string("\0\0\x08\x01", 4) + be32(3) + std::string("\x02\x00\x01", 3));
  writeFileAtomically(dir + "/b-images-idx3-ubyte.gz", gzip(idxImages(3, 2, 4)));
  IdxDataset plain(dir + "/a-images-idx3-ubyte", dir + "/a-labels-idx1-ubyte");
  IdxDataset zipped(dir + "/b-images-idx3-ubyte.gz", "");
  ASSERT_EQ(plain.size(), 3u);
  EXPECT_EQ(plain.label(0), 2);
  EXPECT_EQ(zipped.label(0), -1);
  EXPECT_EQ(plain.classNames().size(), 3u);
  const cv::Mat img = plain.image(1);
  EXPECT_EQ(img.rows, 2);
  EXPECT_EQ(img.cols, 4);
  EXPECT_EQ(img.at<std::uint8_t>(0, 0), 8);  // image 1 starts at byte 8
  EXPECT_EQ(cv::norm(img, zipped.image(1), cv::NORM_INF), 0.0);
  // openDataset finds the labels beside the images.
  EXPECT_EQ(openDataset(dir + "/a-images-idx3-ubyte")->label(2), 1);
}

TEST(Idx, WrittenImagesReadBackAndAWrongPixelCountIsRefused) {
  const std::string pixels = "abcdefghijklmnopqrstuvwx";  // 2 images of 3x4
  const IdxArray back = parseIdx(idxImagesBytes(2, 3, 4, pixels), "written", 3);
  EXPECT_EQ(back.dims, (std::vector<std::uint32_t>{2, 3, 4}));
  EXPECT_EQ(std::string(back.data.begin(), back.data.end()), pixels);
  EXPECT_THROW(idxImagesBytes(2, 3, 5, pixels), Error);
}

TEST(Idx, MalformedFilesGiveClearErrors) {
  const auto dir = test::tempDir("idxbad");
  const std::string good = idxImages(2, 3, 3);
  const auto write = [&](const std::string& name, const std::string& bytes) {
    writeFileAtomically(dir + "/" + name, bytes);
    return dir + "/" + name;
  };
  const auto badMagic = write("magic", "\x01\x02\x08\x03" + good.substr(4));
  expectErrorMentioning([&] { readIdxFile(badMagic, 3); }, badMagic, "not an IDX file");
  const auto badType = write("type", std::string("\0\0\x0D\x03", 4) + good.substr(4));
  expectErrorMentioning([&] { readIdxFile(badType, 3); }, badType, "unsupported");
  const auto truncated = write("trunc", good.substr(0, good.size() - 5));
  expectErrorMentioning([&] { readIdxFile(truncated, 3); }, truncated, "truncated");
  const auto header = write("header", good.substr(0, 9));
  expectErrorMentioning([&] { readIdxFile(header, 3); }, header, "header is truncated");
  const auto extra = write("extra", good + "xx");
  expectErrorMentioning([&] { readIdxFile(extra, 3); }, extra, "beyond its declared size");
  const auto rank = write("rank", good);
  expectErrorMentioning([&] { readIdxFile(rank, 1); }, rank, "dimensions, expected 1");
  const std::string gz = gzip(good);
  const auto gzTrunc = write("gztrunc.gz", gz.substr(0, gz.size() / 2));
  expectErrorMentioning([&] { readIdxFile(gzTrunc, 3); }, gzTrunc, "gzip data is truncated");
  const auto labels =
      write("labels", std::string("\0\0\x08\x01", 4) + be32(5) + std::string("\x00\x01\x02\x03\x04", 5));
  const auto images = write("images", good);
  expectErrorMentioning([&] { IdxDataset d(images, labels); }, labels, "5 labels for 2 images");
  expectErrorMentioning([&] { readIdxFile(dir + "/missing", 3); }, dir + "/missing", "cannot open");
}

TEST(FashionMnist, DebianTestSetLoads) {
  auto data = openDataset("fashion-mnist");
  ASSERT_EQ(data->size(), 10000u);
  EXPECT_EQ(data->classNames().size(), 10u);
  EXPECT_EQ(data->classNames()[9], "Ankle boot");
  std::vector<int> perClass(10);
  for (std::size_t i = 0; i < data->size(); ++i) ++perClass.at(data->label(i));
  for (int c : perClass) EXPECT_EQ(c, 1000);
  // The first test image is an ankle boot (label 9), 28×28 grey, not blank.
  EXPECT_EQ(data->label(0), 9);
  const cv::Mat img = data->image(0);
  EXPECT_EQ(img.rows, 28);
  EXPECT_EQ(img.channels(), 1);
  EXPECT_GT(cv::countNonZero(img), 100);
}

TEST(Cifar, ReadsRecordsAsRgbAndRejectsBadSizes) {
  const auto dir = test::tempDir("cifar");
  std::string rec(1 + 3072, '\0');
  rec[0] = 7;
  rec[1 + 0] = char(200);     // R plane, pixel 0
  rec[1 + 1024] = char(100);  // G plane, pixel 0
  rec[1 + 2048] = char(50);   // B plane, pixel 0
  writeFileAtomically(dir + "/data_batch_1.bin", rec + rec);
  writeFileAtomically(dir + "/batches.meta.txt",
                      "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n");
  CifarDataset ds({dir + "/data_batch_1.bin"});
  EXPECT_EQ(ds.variant(), CifarVariant::Cifar10);
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_EQ(ds.label(1), 7);
  EXPECT_EQ(ds.classNames()[7], "horse");
  const cv::Vec3b px = ds.image(0).at<cv::Vec3b>(0, 0);
  EXPECT_EQ(px[0], 200);  // RGB order, not BGR
  EXPECT_EQ(px[1], 100);
  EXPECT_EQ(px[2], 50);

  writeFileAtomically(dir + "/short.bin", rec + rec.substr(0, 100));
  expectErrorMentioning([&] { CifarDataset d({dir + "/short.bin"}); }, dir + "/short.bin", "not a whole number");
  std::string badLabel = rec;
  badLabel[0] = 12;
  writeFileAtomically(dir + "/test_batch.bin", badLabel);
  expectErrorMentioning([&] { CifarDataset d({dir + "/test_batch.bin"}); }, dir + "/test_batch.bin", "label 12");
  std::string rec100(2 + 3072, '\0');
  rec100[1] = 42;
  writeFileAtomically(dir + "/train.bin", rec100);
  CifarDataset hundred({dir + "/train.bin"});
  EXPECT_EQ(hundred.variant(), CifarVariant::Cifar100);
  EXPECT_EQ(hundred.label(0), 42);
}

TEST(ImageFolder, ReadsRgbSkipsJunkAndRejectsEmptyFolders) {
  const auto root = test::tempDir("folder");
  fs::create_directories(root + "/cat");
  fs::create_directories(root + "/dog");
  // Pure red in RGB is (0, 0, 255) in OpenCV's BGR: the loader must hand out RGB.
  cv::Mat redBgr(5, 7, CV_8UC3, cv::Scalar(0, 0, 255));
  cv::imwrite(root + "/cat/red.png", redBgr);
  cv::imwrite(root + "/dog/red.jpg", redBgr);
  writeFileAtomically(root + "/dog/notes.txt", "not an image");
  writeFileAtomically(root + "/dog/broken.png", "\x89PNG\r\n\x1a\n garbage");
  ImageFolderDataset ds(root);
  EXPECT_EQ(ds.classNames(), (std::vector<std::string>{"cat", "dog"}));
  EXPECT_EQ(ds.label(0), 0);
  const cv::Vec3b px = ds.image(0).at<cv::Vec3b>(2, 3);
  EXPECT_EQ(px[0], 255);
  EXPECT_EQ(px[1], 0);
  EXPECT_EQ(px[2], 0);
  EXPECT_EQ(ds.skippedFiles(), 1u) << "notes.txt";
  ASSERT_FALSE(ds.warnings().empty());
  // broken.png has a PNG signature: listed, but decoding it names the file.
  std::size_t broken = ds.size();
  for (std::size_t i = 0; i < ds.size(); ++i)
    if (ds.filePath(i).find("broken.png") != std::string::npos) broken = i;
  ASSERT_LT(broken, ds.size());
  expectErrorMentioning([&] { ds.image(broken); }, "broken.png", "cannot decode");

  const auto empty = test::tempDir("emptyfolder");
  expectErrorMentioning([&] { ImageFolderDataset d(empty); }, empty, "no class sub-directories");
  fs::create_directories(empty + "/only");
  writeFileAtomically(empty + "/only/readme.txt", "x");
  expectErrorMentioning([&] { ImageFolderDataset d(empty); }, empty, "no readable images");
  expectErrorMentioning([&] { ImageFolderDataset d(empty + "/nope"); }, empty + "/nope", "does not exist");
}

TEST(ImageFolder, AFlatFolderIsUnlabelledImages) {
  // One's own images without class sub-directories: usable for predictions, CAMs and
  // faults, with no labels and no classes (what needs labels says so).
  const auto root = test::tempDir("flat");
  cv::imwrite(root + "/b.png", cv::Mat(5, 7, CV_8UC3, cv::Scalar(0, 0, 255)));
  cv::imwrite(root + "/a.png", cv::Mat(5, 7, CV_8UC3, cv::Scalar(255, 0, 0)));
  writeFileAtomically(root + "/notes.txt", "x");
  ImageFolderDataset ds(root);
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_TRUE(ds.classNames().empty());
  EXPECT_EQ(ds.label(0), -1);
  EXPECT_NE(ds.filePath(0).find("a.png"), std::string::npos);  // sorted by name
  EXPECT_EQ(ds.image(1).at<cv::Vec3b>(0, 0)[0], 255);          // b.png: red in RGB
}

TEST(ImageFolder, AJpegCutMidScanIsRefusedNotDecodedHalfGrey) {
  // A JPEG cut in its scan data with an end marker appended passes the marker check;
  // libjpeg then warns "premature end of data segment" and fills the rest grey. Refused.
  const auto dir = test::tempDir("cutjpeg");
  cv::Mat noise(64, 64, CV_8UC3);
  cv::randu(noise, cv::Scalar::all(0), cv::Scalar::all(255));
  std::vector<unsigned char> encoded;
  ASSERT_TRUE(cv::imencode(".jpg", noise, encoded));
  const std::string whole(encoded.begin(), encoded.end());
  writeFileAtomically(dir + "/whole.jpg", whole);
  EXPECT_EQ(readImageRgb(dir + "/whole.jpg").rows, 64);
  const auto scan = whole.rfind("\xFF\xDA");
  ASSERT_NE(scan, std::string::npos);
  const std::string cut = whole.substr(0, scan + (whole.size() - scan) / 2) + "\xFF\xD9";
  writeFileAtomically(dir + "/cut.jpg", cut);
  expectErrorMentioning([&] { readImageRgb(dir + "/cut.jpg"); }, dir + "/cut.jpg", "JPEG data is corrupt");
}

TEST(Preprocess, ConvertsChannelsResizesAndNormalises) {
  cv::Mat grey(4, 4, CV_8UC1, cv::Scalar(51));  // 51/255 = 0.2
  InputSpec rgb;
  rgb.channels = 3;
  rgb.height = rgb.width = 4;
  rgb.mean = {0.1f, 0.2f, 0.3f};
  rgb.std = {0.5f, 0.5f, 0.5f};
  const at::Tensor t = preprocessImage(grey, rgb);
  EXPECT_EQ(t.sizes(), (at::IntArrayRef{3, 4, 4}));
  EXPECT_NEAR(t[0][0][0].item<float>(), (0.2f - 0.1f) / 0.5f, 1e-6);
  EXPECT_NEAR(t[2][3][3].item<float>(), (0.2f - 0.3f) / 0.5f, 1e-6);

  cv::Mat red(10, 20, CV_8UC3, cv::Scalar(255, 0, 0));  // RGB red
  InputSpec cropped;
  cropped.channels = 3;
  cropped.height = cropped.width = 8;
  cropped.resize = 8;
  const at::Tensor c = preprocessImage(red, cropped);
  EXPECT_EQ(c.sizes(), (at::IntArrayRef{3, 8, 8}));
  EXPECT_NEAR(c[0].mean().item<float>(), 1.0f, 1e-6);
  EXPECT_NEAR(c[2].mean().item<float>(), 0.0f, 1e-6);
  InputSpec greyOut;
  greyOut.channels = 1;
  greyOut.height = 5;
  greyOut.width = 5;
  EXPECT_EQ(preprocessImage(red, greyOut).sizes(), (at::IntArrayRef{1, 5, 5}));
}

TEST(Preprocess, BatchStreamCoversTheRangeInOrder) {
  auto data = openDataset("fashion-mnist");
  InputSpec spec;
  spec.channels = 1;
  spec.height = spec.width = 28;
  BatchStream stream(*data, spec, 64, 100, 230);
  Batch b;
  std::vector<std::size_t> seen;
  while (stream.next(b)) {
    EXPECT_LE(b.images.size(0), 64);
    EXPECT_EQ(b.images.size(0), static_cast<std::int64_t>(b.labels.size()));
    seen.insert(seen.end(), b.indices.begin(), b.indices.end());
  }
  ASSERT_EQ(seen.size(), 130u);
  EXPECT_EQ(seen.front(), 100u);
  EXPECT_EQ(seen.back(), 229u);
  EXPECT_LE(b.images.max().item<float>(), 1.0f);
}

TEST(TensorFile, ReadsNpyAndRejectsBadOnes) {
  const auto dir = test::tempDir("npy");
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 2), }";
  header += std::string(63 - (10 + header.size()) % 64, ' ') + "\n";  // pad to a multiple of 64
  std::string npy = std::string("\x93NUMPY\x01\x00", 8) + char(header.size()) + char(0) + header;
  const float values[4] = {1.5f, -2.0f, 0.25f, 8.0f};
  npy.append(reinterpret_cast<const char*>(values), sizeof values);
  writeFileAtomically(dir + "/x.npy", npy);
  const at::Tensor t = readNpy(dir + "/x.npy");
  EXPECT_EQ(t.sizes(), (at::IntArrayRef{1, 2, 2}));
  EXPECT_EQ(t[0][1][0].item<float>(), 0.25f);
  InputSpec spec;
  spec.channels = 1;
  spec.height = spec.width = 2;
  EXPECT_EQ(loadInputBatch(dir + "/x.npy", spec).sizes(), (at::IntArrayRef{1, 1, 2, 2}));
  spec.width = 3;
  expectErrorMentioning([&] { loadInputBatch(dir + "/x.npy", spec); }, dir + "/x.npy",
                        "does not match the model input");
  writeFileAtomically(dir + "/short.npy", npy.substr(0, npy.size() - 4));
  expectErrorMentioning([&] { readNpy(dir + "/short.npy"); }, dir + "/short.npy", "truncated");
  writeFileAtomically(dir + "/bad.npy", "NUMPY but not really");
  expectErrorMentioning([&] { readNpy(dir + "/bad.npy"); }, dir + "/bad.npy", "bad magic");
  writeFileAtomically(dir + "/bad.pt", "not a pickle");
  expectErrorMentioning([&] { readTorchTensor(dir + "/bad.pt"); }, dir + "/bad.pt", "torch.save");
}

// What FaultLens writes (CAM maps) reads back bit for bit, NaN included, with its shape;
// numpy reading the same files is checked by the CLI test.
TEST(TensorFile, WrittenNpyReadsBack) {
  const auto dir = test::tempDir("npy");
  const std::vector<float> values{0.0f, 1.5f, -2.0f, NAN, 1e-30f, 3.0f};
  for (const std::vector<std::int64_t>& shape : {std::vector<std::int64_t>{2, 3}, std::vector<std::int64_t>{6}}) {
    const std::string bytes = npyFloat32Bytes(values, shape);
    EXPECT_EQ(parseNpyLayout(bytes, "x.npy").dataOffset % 64, 0u);
    writeFileAtomically(dir + "/x.npy", bytes);
    const at::Tensor t = readNpy(dir + "/x.npy");
    EXPECT_EQ(std::vector<std::int64_t>(t.sizes().begin(), t.sizes().end()), shape);
    const at::Tensor flat = t.reshape({-1}).contiguous();
    for (std::size_t i = 0; i < values.size(); ++i)
      if (std::isnan(values[i])) EXPECT_TRUE(std::isnan(flat[i].item<float>()));
      else EXPECT_EQ(flat[i].item<float>(), values[i]);  // bit-identical: bytes copied both ways
  }
  EXPECT_THROW(npyFloat32Bytes(values, {4}), Error);
}

}  // namespace
}  // namespace faultlens
