#include "Expectations.h"
#include <catch2/catch.hpp>

using namespace afalg;

TEST_CASE("expectation syntax", "[expect]") {
  ExpectationSet S;
  parseExpectations("a.c",
                    "x; // expect: afalg-socket, afalg-io\n"
                    "// expect@+1: afalg-sockaddr {{aead rfc7539(chacha20,"
                    "poly1305)}} [low]\n"
                    "y;\n"
                    "z; // expect@-3: afalg-bind [flow]\n",
                    S);
  REQUIRE(S.Errors.empty());
  REQUIRE(S.Items.size() == 4);
  CHECK(S.Items[0].Line == 1);
  CHECK(S.Items[1].Rule == "afalg-io");
  CHECK(S.Items[2].Line == 3);
  CHECK(S.Items[2].Alg->Name == "rfc7539(chacha20,poly1305)");
  CHECK(S.Items[2].Conf == Confidence::Low);
  CHECK(S.Items[3].Line == 1);
  CHECK(S.Items[3].Flow);
}

TEST_CASE("malformed annotations are errors, not silence", "[expect]") {
  ExpectationSet S;
  parseExpectations("a.c",
                    "// expect: afalg-sokcet\n// expect: afalg-io [hot]\n", S);
  CHECK(S.Errors.size() == 2);
}

TEST_CASE("comparison reports missing and unexpected findings", "[expect]") {
  ExpectationSet S;
  parseExpectations("a.c", "a; // expect: afalg-socket\nb;\n", S);
  Finding Unexpected;
  Unexpected.Rule = RuleId::Io;
  Unexpected.Loc = {"a.c", 2, 1, 2, 1};
  auto D = compareFindings(S, {Unexpected});
  REQUIRE(D.size() == 2);
  CHECK(D[0] == "a.c:1: missing afalg-socket");
  CHECK(D[1].rfind("a.c:2: unexpected afalg-io", 0) == 0);
  Finding Hit;
  Hit.Rule = RuleId::Socket;
  Hit.Loc = {"a.c", 1, 1, 1, 1};
  CHECK(compareFindings(S, {Hit}).empty());
}
