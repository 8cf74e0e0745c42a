// The test runner for the CI-lint policy library: Catch2 provides main().
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
