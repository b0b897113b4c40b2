# Scale-out (issue 13): shards + merge against the single run, and MPI
# ranks against the plain run (skipped, with the reason, where this build
# has no MPI or mpirun is absent: exit 77).
add_test(NAME scaleout.shards_merge
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/scripts/shards_merge.sh ${CMAKE_BINARY_DIR}/tokenstress
                 ${CMAKE_SOURCE_DIR}/configs ${CMAKE_BINARY_DIR}/test-output/shards)
add_test(NAME scaleout.mpi_jobs
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/scripts/mpi_jobs.sh ${CMAKE_BINARY_DIR}/tokenstress
                 ${CMAKE_SOURCE_DIR}/configs ${CMAKE_BINARY_DIR}/test-output/mpi)
set_tests_properties(scaleout.mpi_jobs PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900 RUN_SERIAL TRUE)
set_tests_properties(scaleout.shards_merge PROPERTIES TIMEOUT 600)
add_test(NAME scaleout.slurm_scripts
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/scripts/slurm_scripts.sh ${CMAKE_BINARY_DIR}/tokenstress
                 ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR}/test-output/slurm)
