cmake_minimum_required(VERSION 3.25)
# The synthetic dataset generator (tests/bench/gen_dataset.c) at a tiny
# scale: two runs give byte-identical folders, pcplan init accepts the
# folder and pcplan info counts the practices and sites the scale asks for.
# cmake -DGEN=gen_dataset -DPCPLAN=pcplan -DSRC=<repo> -DWORK=<dir>
#       -P gen_dataset_check.cmake
set(scale 0.005) # 2 LADs, 33 practices, 40 premises, 6 PCNs, 100 sites
set(dir ${WORK}/gen_dataset_check)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
foreach(n a b)
  execute_process(COMMAND ${GEN} --out ${dir}/${n} --scale ${scale}
                  --from ${SRC}/tests/data/fixture RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gen_dataset exited ${rc}")
  endif()
endforeach()
file(GLOB files RELATIVE ${dir}/a ${dir}/a/*)
file(GLOB files_b RELATIVE ${dir}/b ${dir}/b/*)
if(NOT files STREQUAL files_b OR NOT files)
  message(FATAL_ERROR "the two runs wrote different files: ${files} / "
          "${files_b}")
endif()
foreach(f IN LISTS files)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${dir}/a/${f}
                  ${dir}/b/${f} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${f} differs between two runs with the same "
            "arguments")
  endif()
endforeach()
execute_process(COMMAND ${PCPLAN} --db ${dir}/store.db init --data ${dir}/a
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pcplan init exited ${rc}:\n${out}")
endif()
execute_process(COMMAND ${PCPLAN} --db ${dir}/store.db info --json
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pcplan info exited ${rc}:\n${out}${err}")
endif()
# what the scale asks for (tests/bench/gen_dataset.h, rounded)
foreach(pair practices=33 premises=40 pcns=6 lads=2 sites=100)
  string(REPLACE "=" ";" kv ${pair})
  list(GET kv 0 key)
  list(GET kv 1 want)
  string(JSON got GET "${out}" result system ${key})
  if(NOT got EQUAL want)
    message(FATAL_ERROR "pcplan info: ${key} ${got}, expected ${want}")
  endif()
endforeach()
foreach(table premises sites)
  string(JSON got GET "${out}" result tables ${table} illustrative)
  string(JSON rows GET "${out}" result tables ${table} rows)
  if(NOT got EQUAL rows)
    message(FATAL_ERROR "${table}: ${got} of ${rows} rows illustrative")
  endif()
endforeach()
message(STATUS "gen_dataset at ${scale}: identical twice, init and info ok")
