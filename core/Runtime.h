#pragma once
// Process-wide LibTorch settings. Debian's libtorch starts with one intra-op thread,
// which halves throughput on the 2-core machines this runs on.
#include <string>

namespace faultlens {

/// A thread count given as text (--threads, FAULTLENS_THREADS): a whole number from 1 to
/// 4 × the hardware threads. More would only oversubscribe the cores, and a mistyped
/// 100000 makes OpenMP start that many threads. Throws faultlens::Error naming `what`.
int parseThreadCount(const std::string& text, const std::string& what);

/// Sets LibTorch's intra-op threads: `requested` > 0 wins, else FAULTLENS_THREADS (checked
/// by parseThreadCount; throws when it is not a valid count), else the hardware thread
/// count. Returns the number in effect. Also switches the TorchScript
/// executor to its simple mode (no profiling re-specialisation), which keeps the first
/// inferences as fast as later ones and results independent of call history. When the
/// loaded OpenBLAS runs its own pthreads (see blasRuntime), it is held to one thread. On
/// glibc, large blocks stay in the heap instead of a fresh mmap each, and LibTorch's
/// tensor blocks of 1 MiB or more are kept for reuse by size (Runtime.cpp says why). On
/// GPUs, float32 stays float32 (no TF32 tensor cores) and cuDNN/cuBLAS pick deterministic
/// algorithms, so a seeded campaign gives the same records every run.
int configureRuntime(int requested = 0);

/// "1.13.1": the LibTorch this build links against (for About boxes and manifests).
std::string libtorchVersion();

/// Returns memory kept for reuse to the system: large tensor blocks cached by size (up to
/// 3 GiB, see configureRuntime) and free memory at the top of the heap (up to 2 GiB).
/// Campaigns call it when they end.
void releaseFreeMemory();

/// The BLAS that LibTorch's linear layers and some convolutions run on, e.g.
/// "OpenBLAS 0.3.21 ... (OpenMP threads)". Why it matters: LibTorch parallelises with an
/// OpenMP team; OpenBLAS built with pthreads keeps a second team of spinning threads, and
/// the two fight over the cores (faultlens-bench's Ablation-CAM on ResNet-50: 1.1-2.0 s
/// with pthreads, 0.6 s with OpenMP, on 2 cores). The
/// build prefers Debian's OpenMP OpenBLAS (libopenblas0-openmp) through the executables'
/// RPATH; with the pthreads one, configureRuntime gives OpenBLAS a single thread.
std::string blasRuntime();

}  // namespace faultlens
