# Finds the OpenCV modules FaultLens uses (core, imgproc, and imgcodecs for image files) without the full
# libopencv-dev meta package, whose OpenCVConfig.cmake drags in ~60 more packages.
# Defines the imported target OpenCV::Imaging.
find_path(OpenCVImaging_INCLUDE_DIR opencv2/core.hpp PATH_SUFFIXES opencv4)
# imgcodecs only where FaultLens reads and writes image files (FAULTLENS_WITH_IMAGE_FILES).
set(_ocv_modules core imgproc)
if(NOT DEFINED FAULTLENS_WITH_IMAGE_FILES OR FAULTLENS_WITH_IMAGE_FILES)
  list(PREPEND _ocv_modules imgcodecs)
endif()
foreach(_m ${_ocv_modules})
  find_library(OpenCVImaging_${_m}_LIBRARY NAMES opencv_${_m})
  list(APPEND _ocv_libs OpenCVImaging_${_m}_LIBRARY)
endforeach()
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(OpenCVImaging REQUIRED_VARS OpenCVImaging_INCLUDE_DIR ${_ocv_libs})
set(_ocv_link)
foreach(_m ${_ocv_modules})
  list(APPEND _ocv_link "${OpenCVImaging_${_m}_LIBRARY}")
endforeach()
if(OpenCVImaging_FOUND AND NOT TARGET OpenCV::Imaging)
  add_library(OpenCV::Imaging INTERFACE IMPORTED)
  set_target_properties(OpenCV::Imaging PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${OpenCVImaging_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${_ocv_link}")
endif()
