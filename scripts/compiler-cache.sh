# Sourced by the build scripts: compile through ccache where it is installed, so that a
# fresh clone in another directory (CI's) reuses the objects of an earlier build of the
# same sources. Sets FAULTLENS_CACHE_LAUNCHER to CMake's launcher options (empty without
# ccache, or with FAULTLENS_NO_CCACHE=1).
FAULTLENS_CACHE_LAUNCHER=()
if [ -z "${FAULTLENS_NO_CCACHE:-}" ] && command -v ccache >/dev/null 2>&1; then
  FAULTLENS_CACHE_LAUNCHER=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  # Paths under the checkout are hashed relative to it, and the build directory's own
  # path is left out of the hash (debug info then names the directory of the first build):
  # that is what lets a clone elsewhere hit the cache.
  export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
  # The targets' precompiled headers (FAULTLENS_PRECOMPILED_HEADERS): without this every
  # translation unit that includes one is "uncacheable" for ccache.
  export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
  # Big enough for the three builds (release, sanitizers, fuzz) of two checkouts.
  ccache --max-size=8G >/dev/null 2>&1 || true
fi
