# Sourced by the build scripts: compile through ccache where it is installed, so that a
# fresh clone in another directory (CI's) reuses the objects of an earlier build of the
# same sources. Sets FAULTLENS_CACHE_LAUNCHER to CMake's launcher options (empty without
# ccache, or with FAULTLENS_NO_CCACHE=1).
FAULTLENS_CACHE_LAUNCHER=()
if [ -z "${FAULTLENS_NO_CCACHE:-}" ] && command -v ccache >/dev/null 2>&1; then
  # The settings travel inside the launcher, so that every later `cmake --build` of the
  # directory (not only the one these scripts start) caches the same way:
  # - paths under the checkout are hashed relative to it (CCACHE_BASEDIR), and the build
  #   directory's own path is left out of the hash (CCACHE_NOHASHDIR; debug info then names
  #   the directory of the first build): that is what lets a clone elsewhere hit the cache;
  # - the sloppiness the targets' precompiled headers (FAULTLENS_PRECOMPILED_HEADERS) need:
  #   without it every translation unit that includes one is "uncacheable".
  launcher="env;CCACHE_BASEDIR=$root;CCACHE_NOHASHDIR=1"
  launcher+=";CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime;ccache"
  FAULTLENS_CACHE_LAUNCHER=(-DCMAKE_C_COMPILER_LAUNCHER="$launcher" -DCMAKE_CXX_COMPILER_LAUNCHER="$launcher")
  # Big enough for the three builds (release, sanitizers, fuzz) of two checkouts.
  ccache --max-size=8G >/dev/null 2>&1 || true
fi
