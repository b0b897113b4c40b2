# GPU tests: label "gpu". Without a CUDA device they skip; with
# TOKENSTRESS_REQUIRE_GPU=1 a skip becomes a failure.
add_executable(ts_gpu_tests ${CMAKE_CURRENT_SOURCE_DIR}/gpu/test_backends.cpp)
target_link_libraries(ts_gpu_tests PRIVATE ts_host GTest::gtest_main)
target_compile_definitions(ts_gpu_tests PRIVATE TS_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
gtest_discover_tests(ts_gpu_tests DISCOVERY_TIMEOUT 60 PROPERTIES LABELS gpu)

# CLI parity: the same scenario through --backend cpu and --backend cuda,
# files equal under compare --exact (exit 77 = skipped without a device).
add_test(NAME gpu.cli_parity_fee_sweep
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/scripts/cli_parity.sh ${CMAKE_BINARY_DIR}/tokenstress
                 ${CMAKE_SOURCE_DIR}/configs/ionet-fee-sweep.toml ${CMAKE_BINARY_DIR}/test-output)
set_tests_properties(gpu.cli_parity_fee_sweep PROPERTIES LABELS gpu SKIP_RETURN_CODE 77)
