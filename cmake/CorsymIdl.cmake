# SPDX-License-Identifier: MIT
#
# CorsymIdl -- turns idl/corsym.idl into the C/C++ interface header at build
# time and provides the `corsym_headers` target that everything including
# <corsym/corsym.h> links.
#
#   list(APPEND CMAKE_MODULE_PATH ${CMAKE_SOURCE_DIR}/cmake)
#   include(CorsymIdl)
#   target_link_libraries(mytarget PRIVATE corsym_headers)
#
# Provides
#   corsym_headers          INTERFACE library: include/, the generated
#                           directory and, except on Windows, include/corsym/pal
#                           (the stand-in for the Windows COM headers).  On
#                           Windows it also links uuid for IID_IUnknown & co.
#                           Depends on corsym_idl, so the header exists before
#                           anything that uses it compiles.
#   corsym_idl              custom target that runs widl.
#   corsym_iids             OBJECT library with the generated corsym_idl_i.c,
#                           for code that does not define INITGUID itself.
#   CORSYM_WIDL_EXECUTABLE  (cache) the widl found.
#   CORSYM_GENERATED_DIR    output directory; set it before include() to move
#                           it (default: ${CMAKE_BINARY_DIR}/generated).
#   CORSYM_IDL_HEADER       ${CORSYM_GENERATED_DIR}/corsym_idl.h
#   CORSYM_IDL_IID_SOURCE   ${CORSYM_GENERATED_DIR}/corsym_idl_i.c
#   corsym_install_headers([DESTINATION <includedir>])
#                           installs corsym.h, the generated header next to
#                           it and, except on Windows, the pal/ directory.

include_guard(GLOBAL)

get_filename_component(_corsym_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)

# widl is the same program whichever target it was packaged for; the mingw
# one comes with Debian's mingw-w64-tools, plain `widl` with Wine's tools.
find_program(CORSYM_WIDL_EXECUTABLE
    NAMES x86_64-w64-mingw32-widl widl i686-w64-mingw32-widl
    DOC "widl, the Wine IDL compiler, used to generate corsym_idl.h")
if(NOT CORSYM_WIDL_EXECUTABLE)
    message(FATAL_ERROR
        "widl not found. Install it (Debian/Ubuntu: apt install mingw-w64-tools) "
        "or point CORSYM_WIDL_EXECUTABLE at a widl binary.")
endif()

if(NOT CORSYM_GENERATED_DIR)
    set(CORSYM_GENERATED_DIR "${CMAKE_BINARY_DIR}/generated")
endif()
set(CORSYM_IDL_HEADER "${CORSYM_GENERATED_DIR}/corsym_idl.h")
set(CORSYM_IDL_IID_SOURCE "${CORSYM_GENERATED_DIR}/corsym_idl_i.c")

set(_corsym_idl_inputs
    "${_corsym_root}/idl/corsym.idl"
    "${_corsym_root}/idl/stub/wtypes.idl"
    "${_corsym_root}/idl/stub/unknwn.idl"
    "${_corsym_root}/idl/stub/objidl.idl"
    "${_corsym_root}/idl/stub/oaidl.idl")

# Runs from the source root with relative input paths because widl copies the
# input path into the banner of both files; an absolute path would make the
# output depend on where the tree is checked out.  --nostdinc keeps a host
# widl that has real system IDL files from using them instead of the stubs.
add_custom_command(
    OUTPUT "${CORSYM_IDL_HEADER}" "${CORSYM_IDL_IID_SOURCE}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${CORSYM_GENERATED_DIR}"
    COMMAND "${CORSYM_WIDL_EXECUTABLE}" --nostdinc -I idl/stub
            -h -H "${CORSYM_IDL_HEADER}"
            -u -U "${CORSYM_IDL_IID_SOURCE}"
            idl/corsym.idl
    DEPENDS ${_corsym_idl_inputs}
    WORKING_DIRECTORY "${_corsym_root}"
    COMMENT "Generating corsym_idl.h and corsym_idl_i.c from idl/corsym.idl"
    VERBATIM)
add_custom_target(corsym_idl DEPENDS "${CORSYM_IDL_HEADER}" "${CORSYM_IDL_IID_SOURCE}")

add_library(corsym_headers INTERFACE)
target_include_directories(corsym_headers INTERFACE
    "$<BUILD_INTERFACE:${_corsym_root}/include>"
    "$<BUILD_INTERFACE:${CORSYM_GENERATED_DIR}>"
    "$<INSTALL_INTERFACE:include>")
if(WIN32)
    target_link_libraries(corsym_headers INTERFACE uuid)
else()
    target_include_directories(corsym_headers INTERFACE
        "$<BUILD_INTERFACE:${_corsym_root}/include/corsym/pal>"
        "$<INSTALL_INTERFACE:include/corsym/pal>")
endif()
add_dependencies(corsym_headers corsym_idl)

# Created here, next to the custom command, so that the generated source
# needs no GENERATED marking in other directories.
add_library(corsym_iids OBJECT EXCLUDE_FROM_ALL "${CORSYM_IDL_IID_SOURCE}")
target_link_libraries(corsym_iids PUBLIC corsym_headers)
set_target_properties(corsym_iids PROPERTIES POSITION_INDEPENDENT_CODE ON)

function(corsym_install_headers)
    cmake_parse_arguments(PARSE_ARGV 0 arg "" "DESTINATION" "")
    if(NOT arg_DESTINATION)
        include(GNUInstallDirs)
        set(arg_DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
    endif()
    get_filename_component(root "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/.." ABSOLUTE)
    install(FILES "${root}/include/corsym/corsym.h" "${CORSYM_IDL_HEADER}"
            DESTINATION "${arg_DESTINATION}/corsym")
    if(NOT WIN32)
        install(DIRECTORY "${root}/include/corsym/pal"
                DESTINATION "${arg_DESTINATION}/corsym"
                FILES_MATCHING PATTERN "*.h")
    endif()
endfunction()
