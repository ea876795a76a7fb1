#include "app/cli/MpiRanks.h"

#include <cstdlib>
#include <string>
#include <thread>

#include "core/Error.h"

#ifdef FAULTLENS_HAVE_MPI
#include <mpi.h>
#endif

namespace faultlens::cli {
namespace {

int envInt(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::atoi(v) : 0;
}

}  // namespace

bool launchedByMpirun() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
}

int threadsPerLocalRank() {
  if (envInt("FAULTLENS_THREADS") > 0) return 0;
  const int local = envInt("OMPI_COMM_WORLD_LOCAL_SIZE");
  if (local <= 1) return 0;
  const int cores = static_cast<int>(std::thread::hardware_concurrency());
  return std::max(1, cores / local);
}

#ifdef FAULTLENS_HAVE_MPI

MpiRanks::MpiRanks() {
  if (!launchedByMpirun()) return;
  int already = 0;
  MPI_Initialized(&already);
  if (!already) MPI_Init(nullptr, nullptr);
  initialised_ = !already;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiRanks::~MpiRanks() {
  if (initialised_) MPI_Finalize();
}

bool MpiRanks::allSucceeded(bool ok) const {
  if (size_ == 1) return ok;
  int mine = ok ? 1 : 0, all = 0;
  MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  return all == 1;
}

#else

MpiRanks::MpiRanks() {
  if (launchedByMpirun() && envInt("OMPI_COMM_WORLD_SIZE") != 1 && envInt("PMI_SIZE") != 1)
    throw Error("started by mpirun, but this faultlens-cli was built without Open MPI: every rank would run the "
                "whole campaign. Install libopenmpi-dev and rebuild, or run shards with --shard i/n");
}

MpiRanks::~MpiRanks() = default;

bool MpiRanks::allSucceeded(bool ok) const { return ok; }

#endif

}  // namespace faultlens::cli
