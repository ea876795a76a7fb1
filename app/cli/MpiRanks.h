#pragma once
// `mpirun -n K faultlens-cli campaign …`: the ranks of an MPI job become the campaign's
// shards. In builds without Open MPI (FAULTLENS_HAVE_MPI unset) there is one rank, and a
// process that mpirun started anyway is refused instead of running the whole campaign K
// times into the same files.

namespace faultlens::cli {

/// Set by mpirun (Open MPI, MPICH/PMI or PMIx) in every rank's environment.
bool launchedByMpirun();

/// Intra-op threads per rank when mpirun started several ranks on this node and neither
/// --threads nor FAULTLENS_THREADS chose: the cores divided among them. 0 otherwise.
int threadsPerLocalRank();

/// MPI_Init on construction (only when launched by mpirun), MPI_Finalize on destruction.
class MpiRanks {
 public:
  MpiRanks();
  ~MpiRanks();
  MpiRanks(const MpiRanks&) = delete;
  MpiRanks& operator=(const MpiRanks&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  /// Collective: every rank calls it; true when every rank passed ok = true.
  bool allSucceeded(bool ok) const;

 private:
  int rank_ = 0;
  int size_ = 1;
  bool initialised_ = false;
};

}  // namespace faultlens::cli
