cmake_minimum_required(VERSION 3.25)
# The demo_golden test: runs tests/demo/demo.sh (the commands `make demo`
# runs) on the bundled dataset into WORK/out and compares, byte for byte,
# every file it writes (not the store, pcplan.db) and what the commands
# print (stdout and stderr, as `make demo` shows them, with the binary's
# path written build/pcplan and the output directory out/) with
# tests/golden/demo/ (the printed text is stdout.txt there). The workbook
# and the GeoPackage are compared as bytes too: two runs write identical
# bytes (no clock or random ids in them).
# With PC_UPDATE_GOLDEN=1 in the environment the goldens are replaced by
# what this run wrote.
# cmake -DPCPLAN=... -DSRC=... -DWORK=... -P run_demo.cmake
set(out ${WORK}/out)
set(golden ${SRC}/tests/golden/demo)
file(REMOVE_RECURSE ${out})
# one pipe for stdout and stderr, so they interleave as in `make demo`
execute_process(
  COMMAND sh -c "exec sh \"$@\" 2>&1" demo ${SRC}/tests/demo/demo.sh
          ${PCPLAN} ${out} datasets/coventry-warwickshire
  WORKING_DIRECTORY ${SRC} RESULT_VARIABLE rc OUTPUT_VARIABLE log)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "demo: tests/demo/demo.sh exit ${rc}\n${log}")
endif()
string(REPLACE "${out}/" "out/" log "${log}")
string(REPLACE "${PCPLAN}" "build/pcplan" log "${log}")

file(GLOB_RECURSE got_files LIST_DIRECTORIES false RELATIVE ${out} ${out}/*)
list(REMOVE_ITEM got_files pcplan.db)
list(SORT got_files)
# the --json answers name the store they read (inputs.store): as out/
foreach(f IN LISTS got_files)
  if(f MATCHES "\\.json$")
    file(READ ${out}/${f} text)
    string(REPLACE "\"${out}/" "\"out/" text "${text}")
    file(WRITE ${out}/${f} "${text}")
  endif()
endforeach()

if(DEFINED ENV{PC_UPDATE_GOLDEN} AND NOT "$ENV{PC_UPDATE_GOLDEN}" STREQUAL "")
  file(REMOVE_RECURSE ${golden})
  foreach(f IN LISTS got_files)
    get_filename_component(d ${golden}/${f} DIRECTORY)
    file(COPY ${out}/${f} DESTINATION ${d})
  endforeach()
  file(WRITE ${golden}/stdout.txt "${log}")
  message(STATUS "demo: rewrote ${golden}")
endif()

set(bad "")
file(READ ${golden}/stdout.txt want)
if(NOT log STREQUAL want)
  file(WRITE ${WORK}/stdout.got "${log}")
  string(APPEND bad "\n  printed text differs from stdout.txt "
         "(got ${WORK}/stdout.got)")
endif()
file(GLOB_RECURSE want_files LIST_DIRECTORIES false RELATIVE ${golden}
     ${golden}/*)
list(REMOVE_ITEM want_files stdout.txt)
list(SORT want_files)
foreach(f IN LISTS want_files)
  if(NOT EXISTS ${out}/${f})
    string(APPEND bad "\n  ${f}: not written")
    continue()
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${out}/${f}
                          ${golden}/${f} RESULT_VARIABLE same)
  if(NOT same EQUAL 0)
    string(APPEND bad "\n  ${f}: differs (got ${out}/${f})")
  endif()
endforeach()
foreach(f IN LISTS got_files)
  if(NOT f IN_LIST want_files)
    string(APPEND bad "\n  ${f}: written, but no golden file")
  endif()
endforeach()
if(bad)
  message(FATAL_ERROR "demo: outputs differ from tests/golden/demo/:${bad}\n"
          "(PC_UPDATE_GOLDEN=1 rewrites the goldens)")
endif()
list(LENGTH want_files n)
message(STATUS "demo: ${n} files and the printed text as in tests/golden/demo/")
