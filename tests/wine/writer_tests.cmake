# SPDX-License-Identifier: MIT
# The Windows PDB writer under Wine (include()d from tests/wine/CMakeLists.txt):
# writer_pdbs.exe replays tests/wine/writer_scenarios.c on corsym's core (the symbol model
# and the Windows PDB emitter); corsym.dll's reader is then asked about every PDB and must
# answer what expected/writer/NAME.corsym.txt says. tests/wine/writer_golden.sh made those
# files, after checking that Microsoft's reader answers the same for these PDBs as for the
# ones Microsoft's writer makes from the same calls (expected/writer/NAME.txt).
add_executable(writer_pdbs writer_pdbs.c writer_ops_com.c writer_ops_core.c writer_metadata.c
                           writer_scenarios.c)
target_include_directories(writer_pdbs PRIVATE ${CMAKE_SOURCE_DIR}/src)
target_link_libraries(writer_pdbs PRIVATE corsym_headers corsym_core ole32 oleaut32 uuid)

find_program(LLVM_PDBUTIL NAMES llvm-pdbutil llvm-pdbutil-19 llvm-pdbutil-16 llvm-pdbutil-15
                                llvm-pdbutil-14)
set(pdbutil_arg "")
if(LLVM_PDBUTIL)
  set(pdbutil_arg -DPDBUTIL=${LLVM_PDBUTIL})
endif()
file(GLOB writer_golden CONFIGURE_DEPENDS
     ${CMAKE_CURRENT_SOURCE_DIR}/expected/writer/*.corsym.txt)
foreach(golden ${writer_golden})
  get_filename_component(file ${golden} NAME)
  string(REGEX REPLACE "\\.corsym\\.txt$" "" scenario ${file})
  add_test(NAME wine_writer_${scenario}
           COMMAND ${CMAKE_COMMAND} -DWINE=${WINE_EXECUTABLE}
                   -DWRITER=$<TARGET_FILE:writer_pdbs> -DDUMP=$<TARGET_FILE:api_dump>
                   -DDLL=$<TARGET_FILE:corsym> -DSCENARIO=${scenario}
                   -DEXPECTED=${golden} ${pdbutil_arg}
                   -DRECORDS=${CMAKE_CURRENT_SOURCE_DIR}/expected/writer/${scenario}.records.txt
                   -DWORK=${CMAKE_CURRENT_BINARY_DIR}/writer_${scenario}
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/writer_compare.cmake)
  set_tests_properties(wine_writer_${scenario} PROPERTIES ENVIRONMENT "${CORSYM_TEST_ENV}")
endforeach()
