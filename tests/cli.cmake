# End-to-end tests through the command line: runs, determinism, compare,
# validate, the output's readability from Python. Small runs (CI has 2 cores).
set(TS ${CMAKE_BINARY_DIR}/tokenstress)
set(OUT ${CMAKE_BINARY_DIR}/test-output)
file(MAKE_DIRECTORY ${OUT})
set(SMALL --quiet --paths 6 --set simulation.horizon=60d --set simulation.snapshot_every=1w)

# A test script called as SCRIPT TOKENSTRESS SOURCE_DIR OUTDIR.
function(ts_script_test name script outdir)
  add_test(NAME ${name}
           COMMAND bash ${CMAKE_SOURCE_DIR}/tests/scripts/${script} ${CMAKE_BINARY_DIR}/tokenstress
                   ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR}/test-output/${outdir})
endfunction()

# Debian's Python has h5py, xarray, h5netcdf and netCDF4 (scripts/setup-debian.sh).
find_program(TS_DEBIAN_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)

# --- a run whose file the other tests read (fixture)
add_test(NAME cli.run_ionet_small COMMAND ${TS} run ${CMAKE_SOURCE_DIR}/configs/ionet.toml ${SMALL} -o ${OUT}/ionet_small.h5)
set_tests_properties(cli.run_ionet_small PROPERTIES FIXTURES_SETUP ionet_small)

# --- determinism: thread count, batch size, the same seed twice
add_test(NAME cli.run_ionet_threads1 COMMAND ${TS} run ${CMAKE_SOURCE_DIR}/configs/ionet.toml ${SMALL} --threads 1 -o ${OUT}/t1.h5)
add_test(NAME cli.run_ionet_threads2 COMMAND ${TS} run ${CMAKE_SOURCE_DIR}/configs/ionet.toml ${SMALL} --threads 2 --batch 1 -o ${OUT}/t2.h5)
add_test(NAME cli.run_ionet_batch4 COMMAND ${TS} run ${CMAKE_SOURCE_DIR}/configs/ionet.toml ${SMALL} --threads 2 --batch 4 -o ${OUT}/b4.h5)
set_tests_properties(cli.run_ionet_threads1 PROPERTIES FIXTURES_SETUP det_t1)
set_tests_properties(cli.run_ionet_threads2 PROPERTIES FIXTURES_SETUP det_t2)
set_tests_properties(cli.run_ionet_batch4 PROPERTIES FIXTURES_SETUP det_b4)
add_test(NAME cli.determinism_threads COMMAND ${TS} compare --exact ${OUT}/t1.h5 ${OUT}/t2.h5)
set_tests_properties(cli.determinism_threads PROPERTIES FIXTURES_REQUIRED "det_t1;det_t2")
add_test(NAME cli.determinism_batch COMMAND ${TS} compare --exact ${OUT}/t2.h5 ${OUT}/b4.h5)
set_tests_properties(cli.determinism_batch PROPERTIES FIXTURES_REQUIRED "det_t2;det_b4")
add_test(NAME cli.determinism_same_seed_twice COMMAND ${TS} compare --exact ${OUT}/t1.h5 ${OUT}/ionet_small.h5)
set_tests_properties(cli.determinism_same_seed_twice PROPERTIES FIXTURES_REQUIRED "det_t1;ionet_small")

# --- a different seed must differ (compare exits 1)
add_test(NAME cli.other_seed_differs COMMAND ${TS} run ${CMAKE_SOURCE_DIR}/configs/ionet.toml ${SMALL} --seed 7 -o ${OUT}/seed7.h5)
set_tests_properties(cli.other_seed_differs PROPERTIES FIXTURES_SETUP seed7)
add_test(NAME cli.compare_detects_other_seed COMMAND ${TS} compare --exact ${OUT}/seed7.h5 ${OUT}/ionet_small.h5)
set_tests_properties(cli.compare_detects_other_seed PROPERTIES FIXTURES_REQUIRED "seed7;ionet_small" WILL_FAIL TRUE)

# --- every shipped scenario validates
file(GLOB TS_CONFIGS ${CMAKE_SOURCE_DIR}/configs/*.toml)
foreach(cfg ${TS_CONFIGS})
  get_filename_component(name ${cfg} NAME_WE)
  add_test(NAME cli.validate.${name} COMMAND ${TS} validate ${cfg})
endforeach()

# --- bad input: exit code 2 and no output file
add_test(NAME cli.bad_input_exit_code_2
         COMMAND ${CMAKE_COMMAND} -DTS=${TS} -DCFG=${CMAKE_SOURCE_DIR}/configs/ionet.toml -DOUT=${OUT}/never.h5
                 -P ${CMAKE_SOURCE_DIR}/tests/scripts/expect_bad_input.cmake)

# --- Python: h5py and xarray (h5netcdf and netcdf4 engines) read the output
if(TS_DEBIAN_PYTHON)
  add_test(NAME python.output_readable COMMAND ${TS_DEBIAN_PYTHON} ${CMAKE_SOURCE_DIR}/tests/python/test_output.py ${OUT}/ionet_small.h5)
  set_tests_properties(python.output_readable PROPERTIES FIXTURES_REQUIRED ionet_small)
  add_test(NAME cli.run_fee_sweep_small COMMAND ${TS} run ${CMAKE_SOURCE_DIR}/configs/ionet-fee-sweep.toml --quiet --paths 3
           --set simulation.horizon=14d --set simulation.snapshot_every=1d -o ${OUT}/sweep_small.h5)
  set_tests_properties(cli.run_fee_sweep_small PROPERTIES FIXTURES_SETUP sweep_small)
  add_test(NAME python.select_by_swept_parameter COMMAND ${TS_DEBIAN_PYTHON} ${CMAKE_SOURCE_DIR}/tests/python/test_output.py
           ${OUT}/sweep_small.h5 --param fees.buyback_share)
  set_tests_properties(python.select_by_swept_parameter PROPERTIES FIXTURES_REQUIRED sweep_small)
  # Crafted and damaged HDF5 files through compare: no crash, exit 2 with a
  # message naming the file (issue 11, item 7).
  add_test(NAME cli.compare_corrupt_hdf5_corpus
           COMMAND ${TS_DEBIAN_PYTHON} ${CMAKE_SOURCE_DIR}/tests/python/corrupt_hdf5_corpus.py ${TS}
                   ${OUT}/ionet_small.h5 ${OUT}/corrupt-hdf5)
  set_tests_properties(cli.compare_corrupt_hdf5_corpus PROPERTIES FIXTURES_REQUIRED ionet_small TIMEOUT 300)
  # A seeded 60 s fuzz of mutated shipped scenarios: no crash, no hang, no
  # file left behind (issue 11).
  add_test(NAME cli.fuzz_scenarios
           COMMAND ${TS_DEBIAN_PYTHON} ${CMAKE_SOURCE_DIR}/tests/python/fuzz_scenarios.py ${TS} ${CMAKE_SOURCE_DIR}
                   ${OUT}/fuzz --seconds 60)
  set_tests_properties(cli.fuzz_scenarios PROPERTIES TIMEOUT 300)
endif()

# --- compare of two runs from the same seed: side-by-side, paired intervals
add_test(NAME cli.run_no_buyback COMMAND ${TS} run ${CMAKE_SOURCE_DIR}/configs/ionet.toml ${SMALL} --set fees.buyback_share=0 -o ${OUT}/no_buyback.h5)
set_tests_properties(cli.run_no_buyback PROPERTIES FIXTURES_SETUP no_buyback)
add_test(NAME cli.compare_side_by_side COMMAND ${TS} compare ${OUT}/ionet_small.h5 ${OUT}/no_buyback.h5)
set_tests_properties(cli.compare_side_by_side PROPERTIES FIXTURES_REQUIRED "ionet_small;no_buyback"
  PASS_REGULAR_EXPRESSION "paired: same seed.*burned_cum +[0-9.e+]+ +[0-9.e+]+ +-[0-9.e+]+ +\\[ *-[0-9.e+]+, *-[0-9.e+]+\\]")

# The build's register check (cuda/check/) is shown able to fail; runs
# without nvcc.
add_test(NAME build.register_check_fails_over_budget
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/scripts/register_check.sh ${CMAKE_SOURCE_DIR}
                 ${CMAKE_BINARY_DIR}/test-output/register-check)

# Streaming statistics: one digest for any batch size and thread count.
foreach(name akash-fee-proposal ionet-fee-sweep)
  add_test(NAME cli.batch_invariance.${name}
           COMMAND bash ${CMAKE_SOURCE_DIR}/tests/scripts/batch_invariance.sh ${CMAKE_BINARY_DIR}/tokenstress
                   ${CMAKE_SOURCE_DIR}/configs/${name}.toml ${CMAKE_BINARY_DIR}/test-output/batch-invariance)
endforeach()

# Checkpoint and resume: SIGKILL at several moments, inside a checkpoint's
# write too, then --resume: the uninterrupted run's digest.
add_test(NAME cli.resume_after_sigkill
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/scripts/resume_after_kill.sh ${CMAKE_BINARY_DIR}/tokenstress
                 ${CMAKE_SOURCE_DIR}/configs/akash-fee-proposal.toml ${CMAKE_BINARY_DIR}/test-output/resume)

# 20 SIGKILLs at random moments: the output is absent, the earlier file or
# the complete result, never half of one (issue 11).
add_test(NAME cli.kill_anytime
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/scripts/kill_anytime.sh ${CMAKE_BINARY_DIR}/tokenstress
                 ${CMAKE_SOURCE_DIR}/configs/ionet-fee-sweep.toml ${CMAKE_BINARY_DIR}/test-output/kill-anytime)
set_tests_properties(cli.kill_anytime PROPERTIES TIMEOUT 600)

# The output path and --seed / --threads checked before any work (issue 11).
ts_script_test(cli.output_path_checked_first output_path.sh output-path)

# validate runs every check run runs (issue 11).
ts_script_test(cli.validate_equals_run validate_equals_run.sh validate-run)

# The bad-input corpus (tests/bad_configs, every protocol): exit 2 with the
# file, line and key, and no output (issue 11).
ts_script_test(cli.bad_config_corpus bad_config_corpus.sh bad-config-corpus)

# Sweeps counted before expansion, refused past 100,000 points (issue 11).
ts_script_test(cli.sweep_limits sweep_limits.sh sweep-limits)

# The README's Python examples run as written (issue 11).
ts_script_test(cli.readme_python_examples readme_python.sh readme-python)

# --- the CPU executor's instruction sets give one digest (issue 14)
ts_script_test(cli.cpu_paths cpu_paths.sh cpu_paths)

# The hot loops marked [vectorises] in models/ are vectorised in the
# compiler's report (issue 14; GCC only, exit 77 = skipped elsewhere).
add_test(NAME build.vectorisation
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/scripts/vectorisation.sh ${CMAKE_BINARY_DIR}/vectorisation
                 ${CMAKE_SOURCE_DIR})
set_tests_properties(build.vectorisation PROPERTIES SKIP_RETURN_CODE 77)
