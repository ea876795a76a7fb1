// The process-wide runtime: threads and the BLAS that LibTorch's linear layers run on.
#include <ATen/ATen.h>
#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include <cstdlib>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "core/Runtime.h"

namespace faultlens {
namespace {

TEST(Runtime, SetsTheRequestedThreadCount) {
  EXPECT_EQ(configureRuntime(1), 1);
  EXPECT_EQ(at::get_num_threads(), 1);
  EXPECT_EQ(configureRuntime(2), 2);
  EXPECT_EQ(at::get_num_threads(), 2);
}

TEST(Runtime, NeverLeavesTwoThreadTeamsCompeting) {
  // Either the OpenMP OpenBLAS shares LibTorch's team, or a pthreads one is held to one
  // thread; a pthreads OpenBLAS with threads of its own beside OpenMP is the slow case.
  configureRuntime(2);
  const std::string blas = blasRuntime();
  if (blas.find("pthreads") != std::string::npos)
    EXPECT_NE(blas.find("(pthreads: 1 of its own threads)"), std::string::npos) << blas;
  else
    EXPECT_TRUE(blas.find("(OpenMP threads)") != std::string::npos || blas.find("(sequential)") != std::string::npos ||
                blas == "not OpenBLAS")
        << blas;
}

TEST(Runtime, KeepsFloat32ExactAndDeterministicOnGpus) {
  // Set on every build, so a CUDA build inherits them without a code path of its own.
  configureRuntime(1);
  EXPECT_FALSE(at::globalContext().allowTF32CuDNN());
  EXPECT_FALSE(at::globalContext().allowTF32CuBLAS());
  EXPECT_TRUE(at::globalContext().deterministicCuDNN());
  EXPECT_FALSE(at::globalContext().benchmarkCuDNN());
  ASSERT_NE(std::getenv("CUBLAS_WORKSPACE_CONFIG"), nullptr);
}

#ifdef __GLIBC__
TEST(Runtime, KeepsLargeActivationsInTheHeap) {
  // A 64 MB activation (ResNet-18's first layer at batch 16 is 51 MB) must not be a fresh
  // mmap per pass: that page-faults and zeroes it every time (core/Runtime.cpp).
  configureRuntime(1);
  const std::size_t mappedBefore = mallinfo2().hblks;
  for (int pass = 0; pass < 3; ++pass) {
    at::Tensor activation = at::empty({16 << 20});
    activation.fill_(1.0f);
    EXPECT_EQ(mallinfo2().hblks, mappedBefore) << "pass " << pass << " got its activation from mmap";
  }
}
#endif

#ifdef FAULTLENS_EXPECT_OPENMP_BLAS
TEST(Runtime, ExecutablesLoadTheOpenMpOpenBlasWhenInstalled) {
  // CMake found libopenblas0-openmp and put it on the executables' RPATH; if the loader
  // still picks the pthreads build (a RUNPATH, a changed link line), this fails.
  EXPECT_NE(blasRuntime().find("(OpenMP threads)"), std::string::npos) << blasRuntime();
}
#endif

}  // namespace
}  // namespace faultlens
