# The CUDA executor through the CPU emulation (label "emulation"): parity of
# every shipped scenario in two thread orders, the mutation check, and the
# GPU tests with TOKENSTRESS_REQUIRE_GPU=1 (the emulated device is present).
if(TOKENSTRESS_CUDA_EMULATION)
  file(GLOB TS_EMU_SCENARIOS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/configs/*.toml)
  foreach(cfg ${TS_EMU_SCENARIOS})
    get_filename_component(name ${cfg} NAME_WE)
    add_test(NAME emulation.parity.${name}
             COMMAND bash ${CMAKE_SOURCE_DIR}/tests/scripts/emu_parity.sh ${CMAKE_BINARY_DIR}/tokenstress
                     ${CMAKE_BINARY_DIR}/tokenstress-emu ${cfg} ${CMAKE_BINARY_DIR}/test-output/emu)
    set_tests_properties(emulation.parity.${name} PROPERTIES LABELS emulation)
  endforeach()
  # Each protocol's main scenario once more in a seeded shuffled order (a new
  # permutation of the threads per block and barrier interval).
  foreach(name akash bittensor clore hanzo ionet phala secret_ai twopm)
    add_test(NAME emulation.parity_shuffled.${name}
             COMMAND bash ${CMAKE_SOURCE_DIR}/tests/scripts/emu_parity.sh ${CMAKE_BINARY_DIR}/tokenstress
                     ${CMAKE_BINARY_DIR}/tokenstress-emu ${CMAKE_SOURCE_DIR}/configs/${name}.toml
                     ${CMAKE_BINARY_DIR}/test-output/emu-shuffled shuffle:20261202)
    set_tests_properties(emulation.parity_shuffled.${name} PROPERTIES LABELS emulation)
  endforeach()
  # The last snapshot at a horizon that is not a multiple of the interval
  # (10 days, weekly): the snapshot kernel's final launch.
  add_test(NAME emulation.parity_partial_last_snapshot
           COMMAND bash ${CMAKE_SOURCE_DIR}/tests/scripts/emu_parity.sh ${CMAKE_BINARY_DIR}/tokenstress
                   ${CMAKE_BINARY_DIR}/tokenstress-emu ${CMAKE_SOURCE_DIR}/configs/ionet.toml
                   ${CMAKE_BINARY_DIR}/test-output/emu-partial)
  set_tests_properties(emulation.parity_partial_last_snapshot PROPERTIES LABELS emulation
                       ENVIRONMENT "EMU_PARITY_HORIZON=10d;EMU_PARITY_EVERY=1w")
  # The device reduction's other paths: a proposal against its baseline
  # (differences formed on the device), 5 paths in host batches of 2, the
  # sketches past stats.exact_paths (bucket runs only come back).
  add_test(NAME emulation.parity_digest_baseline_buckets
           COMMAND bash ${CMAKE_SOURCE_DIR}/tests/scripts/emu_parity.sh ${CMAKE_BINARY_DIR}/tokenstress
                   ${CMAKE_BINARY_DIR}/tokenstress-emu ${CMAKE_SOURCE_DIR}/configs/akash-fee-proposal.toml
                   ${CMAKE_BINARY_DIR}/test-output/emu-digest)
  set_tests_properties(emulation.parity_digest_baseline_buckets PROPERTIES LABELS emulation
                       ENVIRONMENT "EMU_PARITY_PATHS=5;EMU_PARITY_SET=stats.exact_paths=2 stats.bucket_bits=6")
  add_test(NAME emulation.mutation_fails_parity
           COMMAND bash ${CMAKE_SOURCE_DIR}/tests/scripts/emu_mutation.sh ${CMAKE_BINARY_DIR}/tokenstress
                   ${CMAKE_BINARY_DIR}/tokenstress-emu ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR}/test-output/emu)
  set_tests_properties(emulation.mutation_fails_parity PROPERTIES LABELS emulation)

  add_executable(ts_gpu_tests_emu ${CMAKE_CURRENT_SOURCE_DIR}/gpu/test_backends.cpp)
  target_link_libraries(ts_gpu_tests_emu PRIVATE ts_host_emu GTest::gtest_main)
  target_compile_definitions(ts_gpu_tests_emu PRIVATE TS_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  gtest_discover_tests(ts_gpu_tests_emu TEST_PREFIX emulation. DISCOVERY_TIMEOUT 60
                       PROPERTIES LABELS emulation ENVIRONMENT TOKENSTRESS_REQUIRE_GPU=1)
endif()

# The emulation's own tests: small kernels it must run and faulty ones it
# must catch, and the executor's use of the fake runtime.
if(TOKENSTRESS_CUDA_EMULATION)
  add_executable(ts_emulation_tests ${CMAKE_CURRENT_SOURCE_DIR}/emulation/test_emulation.cpp)
  target_link_libraries(ts_emulation_tests PRIVATE ts_host_emu GTest::gtest_main)
  target_compile_definitions(ts_emulation_tests PRIVATE TS_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  gtest_discover_tests(ts_emulation_tests TEST_PREFIX emulation. DISCOVERY_TIMEOUT 60
                       PROPERTIES LABELS emulation)
endif()
