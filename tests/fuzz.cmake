# fuzz.cmake: libFuzzer targets, one per parser of outside input
# (STYLE.md §12). With clang and -DPC_FUZZ=ON -DPC_SANITIZE=ON each target
# is a real fuzzer:
#   build-fz/tests/fuzz_csv -max_total_time=60 CORPUS_DIR tests/fuzz/fuzz_csv
# In every other build fuzz_main.c stands in for libFuzzer and ctest replays
# the seed corpus tests/fuzz/<name>/ as the test <name>_corpus.
function(pc_fuzz name)
  if(PC_FUZZ)
    add_executable(${name} ${name}.c)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  else()
    add_executable(${name} ${name}.c fuzz_main.c)
    file(GLOB corpus CONFIGURE_DEPENDS
         ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/${name}/*)
    add_test(NAME ${name}_corpus COMMAND ${name} ${corpus})
    set_tests_properties(${name}_corpus PROPERTIES
      ENVIRONMENT "PC_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
  endif()
  target_link_libraries(${name} PRIVATE ${ARGN})
endfunction()

pc_fuzz(fuzz_csv pc_datasets)
pc_fuzz(fuzz_geojson pc_geo cjson)
pc_fuzz(fuzz_manifest pc_datasets)
pc_fuzz(fuzz_dataset_dir pc_datasets pc_geo)
pc_fuzz(fuzz_contrib_import pc_datasets)
pc_fuzz(fuzz_spatial pc_planner pc_datasets pc_geo cjson)
pc_fuzz(fuzz_scenario pc_planner pc_datasets pc_geo cjson)
pc_fuzz(fuzz_letter pc_reports cjson)
pc_fuzz(fuzz_request pc_planner pc_reports pc_datasets pc_geo cjson)
pc_fuzz(fuzz_build pc_datasets pc_geo cjson)
pc_fuzz(fuzz_cli_args pc_planner pc_datasets pc_geo cjson)
