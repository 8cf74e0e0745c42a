// The prefilter's pieces on their own: the text scan of one file and the
// names a link key is spelled with (driver/TextIndex.h, driver/Prefilter.h).
#include "driver/Prefilter.h"
#include "driver/TextIndex.h"
#include <algorithm>
#include <catch2/catch.hpp>

using namespace afalg;

TEST_CASE("the prefilter's text scan", "[prefilter]") {
  auto Seed = [](const char *Text) { return scanFileText(Text).Seed; };
  CHECK(Seed("int s = socket(AF_ALG, SOCK_SEQPACKET, 0);"));
  CHECK(Seed("int s = socket(38, SOCK_SEQPACKET, 0);"));
  CHECK(Seed("int s = socket(family, SOCK_SEQPACKET, 0);"));
  CHECK(Seed("#define OPEN socket\nint s = OPEN(38, 5, 0);"));
  CHECK(Seed("setsockopt(fd, 279, 1, key, 16);"));
  CHECK(Seed("setsockopt(fds[i], level, 1, key, 16);"));
  CHECK(Seed("syscall(41, 38, 5, 0);"));
  CHECK(Seed("c->cmsg_level = lvl;"));
  CHECK(Seed("struct sockaddr_alg sa;"));
  CHECK(Seed("kcapi_md_init(&h, \"sha1\", 0);"));
  CHECK(Seed("e = ENGINE_by_id(name);"));
  CHECK(Seed("#include <linux/if_alg.h>"));
  CHECK(Seed("// afalg-scan: ignore[afalg-io] reason\nint x;"));
  CHECK(Seed("/* NOLINTBEGIN */ int x;"));
  CHECK(Seed("#define AF_INET 38\nint s = socket(AF_INET, 5, 0);"));
  CHECK_FALSE(Seed("#include <sys/socket.h>\n"
                   "int s = socket(AF_INET, SOCK_STREAM, 0);\n"
                   "setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, 4);\n"
                   "n = read(c->fd, buf, sizeof buf);\n"
                   "syscall(SYS_getrandom, buf, 16, 0);\n"
                   "struct socket *sk = ops->socket;"));
  FileText F = scanFileText("#include \"a.h\"\n#include <b/c.h>\n#include X\n"
                            "#define CAT(a) a##fd\nint op;");
  CHECK(F.Doubt); // #include X
  REQUIRE(F.Includes.size() == 2);
  CHECK(F.Includes[0].Name == "a.h");
  CHECK(F.Includes[1].Angled);
  CHECK(std::find(F.Pasted.begin(), F.Pasted.end(), "fd") != F.Pasted.end());
  CHECK(std::binary_search(F.Idents.begin(), F.Idents.end(), identHash("op")));
}

TEST_CASE("the names a key is spelled with", "[prefilter]") {
  auto Names = [](const Key &K) {
    std::vector<std::string> N;
    if (!keyIdentifiers(K, N))
      return std::string("?");
    std::string S;
    for (const std::string &X : N)
      S += X + ";";
    return S;
  };
  CHECK(Names("f:c:@S@alg_ctx@FI@opfd") == "opfd;");
  CHECK(Names("*f:c:@S@alg_ctx@FI@opfd[]") == "opfd;");
  CHECK(Names("v:c:@g_fd") == "g_fd;");
  CHECK(Names("v:c:a.c@g_fd") == "g_fd;");
  CHECK(Names("v:c:a.c@120@F@open_alg@fd") == ""); // a local
  CHECK(Names("p:c:@F@alg_open#0") == "alg_open;");
  CHECK(Names("r:c:b.c@F@helper") == "helper;");
  CHECK(Names("r:c:@N@ns@S@Sock@F@get#") == "get;");
  CHECK(Names("s:a.c:10:afalg-socket") == "");
  CHECK(Names("r:c:@S@X@F@operator=#&1$@S@X#") == "?");
  CHECK(Names("l:compound-literal") == "?");
}
