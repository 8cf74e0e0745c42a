// The test runner for the configuration file: Catch2 provides main().
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
