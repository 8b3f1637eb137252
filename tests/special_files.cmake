cmake_minimum_required(VERSION 3.25)
# Input files that are not regular files inside their folder are refused
# with exit 2 and a message naming them, never read or waited on: a
# dataset file that is a FIFO, a symlink to /dev/zero, a symlink out of
# the dataset folder or a folder; --scenario a FIFO; --geojson a symlink
# to /dev/zero. Each run has a timeout, so a FIFO that blocks fails.
# cmake -DPCPLAN=... -DSRC=... -DWORK=... -P special_files.cmake
set(dir ${WORK}/special_files)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
file(COPY ${SRC}/tests/data/fixture DESTINATION ${dir})
set(data ${dir}/fixture)
file(COPY ${data}/funds.csv DESTINATION ${dir})  # outside the folder

function(expect_refused what want)
  execute_process(COMMAND ${PCPLAN} ${ARGN} RESULT_VARIABLE rc OUTPUT_QUIET
                  ERROR_VARIABLE err TIMEOUT 60)
  if(NOT rc EQUAL 2)
    message(FATAL_ERROR "${what}: exit ${rc}, expected 2\n${err}")
  endif()
  string(FIND "${err}" "${want}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${what}: stderr lacks \"${want}\"\n(got: ${err})")
  endif()
endfunction()

macro(funds_becomes)
  file(REMOVE_RECURSE ${data}/funds.csv)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE r)
  if(NOT r EQUAL 0)
    message(FATAL_ERROR "cannot make funds.csv: ${ARGN}")
  endif()
endmacro()

set(key "dataset.json: key \"files.funds.path\": ${data}/funds.csv")
funds_becomes(mkfifo ${data}/funds.csv)
expect_refused("a FIFO" "${key} is not a regular file (expected a file, "
               --db ${dir}/a.db init --data ${data})
funds_becomes(${CMAKE_COMMAND} -E create_symlink /dev/zero ${data}/funds.csv)
expect_refused("a link to /dev/zero" "${key} is not a regular file"
               --db ${dir}/a.db init --data ${data})
funds_becomes(${CMAKE_COMMAND} -E create_symlink ${dir}/funds.csv
              ${data}/funds.csv)
expect_refused("a link out of the folder"
               "${key} leads out of the dataset folder"
               --db ${dir}/a.db init --data ${data})
funds_becomes(${CMAKE_COMMAND} -E make_directory ${data}/funds.csv)
expect_refused("a folder" "${key} is not a regular file"
               --db ${dir}/a.db init --data ${data})
if(EXISTS ${dir}/a.db)
  message(FATAL_ERROR "a refused init left a store behind")
endif()

execute_process(COMMAND mkfifo ${dir}/scenario.json)
expect_refused("--scenario a FIFO"
               "scenario: ${dir}/scenario.json is not a regular file"
               --db ${dir}/none.db run --scenario ${dir}/scenario.json)
execute_process(COMMAND ${PCPLAN} --db ${dir}/s.db init --data
                ${SRC}/tests/data/fixture RESULT_VARIABLE r OUTPUT_QUIET)
if(NOT r EQUAL 0)
  message(FATAL_ERROR "cannot make the store (${r})")
endif()
file(CREATE_LINK /dev/zero ${dir}/site.geojson SYMBOLIC)
expect_refused("--geojson a link to /dev/zero"
               "${dir}/site.geojson is not a regular file"
               --db ${dir}/s.db site assess --geojson ${dir}/site.geojson
               --dwellings 10)
file(REMOVE_RECURSE ${dir})
