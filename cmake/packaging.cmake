# Installing and packaging the host: `cmake --install`, and CPack's .deb and .tar.gz.
#   cmake -S . -B build/pkg -G Ninja -DCMAKE_BUILD_TYPE=Release -DOPTOUT_BUILD_TESTS=OFF -DCMAKE_INSTALL_PREFIX=/usr
#   cmake --build build/pkg && (cd build/pkg && cpack)
# The browser manifests are filled from manifests/*.json.in (the templates scripts/install.sh fills too)
# with the installed binary's absolute path, and installed into every system directory that
# manifests/locations.txt lists for this OS. Packages are built with CMAKE_INSTALL_PREFIX=/usr.
include(GNUInstallDirs)
include("${CMAKE_CURRENT_LIST_DIR}/native-messaging.cmake")

set(OPTOUT_EXTRA_EXTENSION_IDS "" CACHE STRING
  "Chromium extension ids the manifests allow besides the fixed one (a ;-list, e.g. store ids)")
if(UNIX AND NOT APPLE)
  set(_optout_os linux)
elseif(APPLE)
  set(_optout_os macos)
else()
  set(_optout_os windows)
endif()
# Off for Windows (the registry points at the manifests: scripts/install.ps1) and for per-user installs
# (`cmake --install build --prefix ~/.local` cannot write to /etc; scripts/install.sh does per-user).
if(_optout_os STREQUAL "windows")
  set(_optout_default_system_manifests OFF)
else()
  set(_optout_default_system_manifests ON)
endif()
option(OPTOUT_INSTALL_SYSTEM_MANIFESTS "Install the browser manifests into the system directories"
  ${_optout_default_system_manifests})

install(TARGETS optout-guard-host RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(FILES "${PROJECT_SOURCE_DIR}/rules/linkedin.json" DESTINATION "${CMAKE_INSTALL_DATADIR}/optout-guard/rules")

set(_optout_conffiles "")
set(OPTOUT_HOST_PATH "${CMAKE_INSTALL_FULL_BINDIR}/optout-guard-host")
set(OPTOUT_ALLOWED_ORIGINS "")
foreach(_id IN LISTS OPTOUT_EXTENSION_ID OPTOUT_EXTRA_EXTENSION_IDS)
  if(OPTOUT_ALLOWED_ORIGINS)
    string(APPEND OPTOUT_ALLOWED_ORIGINS ", ")
  endif()
  string(APPEND OPTOUT_ALLOWED_ORIGINS "\"chrome-extension://${_id}/\"")
endforeach()
foreach(_kind chromium firefox)
  set(_manifest "${CMAKE_BINARY_DIR}/manifests/${_kind}/${OPTOUT_HOST_NAME}.json")
  configure_file("${PROJECT_SOURCE_DIR}/manifests/${_kind}.json.in" "${_manifest}" @ONLY)
  if(OPTOUT_INSTALL_SYSTEM_MANIFESTS)
    set(_dirs ${OPTOUT_SYSTEM_MANIFEST_DIRS_${_optout_os}_${_kind}})
    list(REMOVE_DUPLICATES _dirs)
    foreach(_dir IN LISTS _dirs)
      install(FILES "${_manifest}" DESTINATION "${_dir}")
      if(_dir MATCHES "^/etc/")
        string(APPEND _optout_conffiles "${_dir}/${OPTOUT_HOST_NAME}.json\n")
      endif()
    endforeach()
  endif()
endforeach()

set(CPACK_PACKAGE_NAME optout-guard)
set(CPACK_PACKAGE_VENDOR "Opt-Out Guard")
set(CPACK_PACKAGE_CONTACT "Opt-Out Guard maintainers <maintainers@optoutguard.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Shows which LinkedIn privacy opt-outs are still to change (native host)")
set(CPACK_PACKAGE_DESCRIPTION
  "The native-messaging host of the Opt-Out Guard browser extension, registered for Chrome, Chromium,\n Edge, Brave, Vivaldi, Opera and Firefox.")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
if(_optout_os STREQUAL "linux")
  set(CPACK_GENERATOR "DEB;TGZ")
else()
  set(CPACK_GENERATOR "TGZ")
endif()
# The manifests go to absolute system directories: stage everything under DESTDIR so both the .deb and
# the .tar.gz hold a tree rooted at / (usr/bin/..., etc/opt/chrome/...).
set(CPACK_SET_DESTDIR ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends: computed by dpkg-shlibdeps from the libraries the host needs
# Files under /etc are configuration files to dpkg (kept if the administrator changed them).
file(WRITE "${CMAKE_BINARY_DIR}/debian/conffiles" "${_optout_conffiles}")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${CMAKE_BINARY_DIR}/debian/conffiles")
set(CPACK_DEBIAN_PACKAGE_ENHANCES "chromium, firefox-esr, firefox")
include(CPack)
