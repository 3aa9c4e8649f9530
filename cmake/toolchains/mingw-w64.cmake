# Cross-compiles the host for 64-bit Windows with Debian's mingw-w64 (the POSIX thread model, which
# std::thread and std::mutex need):
#   cmake -S . -B build/windows -G Ninja --toolchain cmake/toolchains/mingw-w64.cmake \
#         -DCMAKE_BUILD_TYPE=Release -DOPTOUT_BUILD_TESTS=OFF
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(_optout_triple x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${_optout_triple}-gcc-posix)
set(CMAKE_CXX_COMPILER ${_optout_triple}-g++-posix)
set(CMAKE_RC_COMPILER ${_optout_triple}-windres)

# nlohmann/json is header-only, so the build machine's copy serves. Adding /usr/include itself would
# put glibc's headers in front of mingw's; instead stage a prefix holding only nlohmann's headers and
# CMake package files, and let find_package look there and in the mingw sysroot only.
set(_optout_stage "${CMAKE_BINARY_DIR}/mingw-w64-stage")
foreach(_link "include/nlohmann=/usr/include/nlohmann" "share/cmake/nlohmann_json=/usr/share/cmake/nlohmann_json")
  string(REPLACE "=" ";" _pair "${_link}")
  list(GET _pair 0 _name)
  list(GET _pair 1 _target)
  if(NOT EXISTS "${_optout_stage}/${_name}" AND EXISTS "${_target}")
    get_filename_component(_parent "${_optout_stage}/${_name}" DIRECTORY)
    file(MAKE_DIRECTORY "${_parent}")
    file(CREATE_LINK "${_target}" "${_optout_stage}/${_name}" SYMBOLIC)
  endif()
endforeach()

set(CMAKE_FIND_ROOT_PATH /usr/${_optout_triple} "${_optout_stage}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# A self-contained .exe: no libstdc++/libgcc/winpthread DLLs to ship beside it.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
