# Finds the three OpenCV modules FaultLens uses (core, imgproc, imgcodecs) without the full
# libopencv-dev meta package, whose OpenCVConfig.cmake drags in ~60 more packages.
# Defines the imported target OpenCV::Imaging.
find_path(OpenCVImaging_INCLUDE_DIR opencv2/core.hpp PATH_SUFFIXES opencv4)
foreach(_m core imgproc imgcodecs)
  find_library(OpenCVImaging_${_m}_LIBRARY NAMES opencv_${_m})
  list(APPEND _ocv_libs OpenCVImaging_${_m}_LIBRARY)
endforeach()
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(OpenCVImaging REQUIRED_VARS OpenCVImaging_INCLUDE_DIR ${_ocv_libs})
if(OpenCVImaging_FOUND AND NOT TARGET OpenCV::Imaging)
  add_library(OpenCV::Imaging INTERFACE IMPORTED)
  set_target_properties(OpenCV::Imaging PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${OpenCVImaging_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${OpenCVImaging_imgcodecs_LIBRARY};${OpenCVImaging_imgproc_LIBRARY};${OpenCVImaging_core_LIBRARY}")
endif()
