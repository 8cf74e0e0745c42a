"""What every part of the generated tree shares: rule ids, word lists, the
source-file builder."""

RULES = [
    "afalg-socket", "afalg-bind", "afalg-setsockopt", "afalg-accept",
    "afalg-cmsg", "afalg-zerocopy", "afalg-io", "afalg-sockaddr",
    "afalg-kcapi", "afalg-openssl-engine",
]

SHARE_SOCKET = 0.30   # plain TUs that include <sys/socket.h> and do TCP/UDP
SHARE_OPENSSL = 0.20  # plain TUs that include <openssl/evp.h> and <openssl/ssl.h>

WORDS = ["parser", "cache", "queue", "config", "buffer", "index", "store",
         "codec", "table", "stream", "sched", "proto", "util", "log", "arena",
         "metric", "route", "token", "frame", "batch"]


class Src:
    """A file being written line by line, with the findings expected on its lines."""

    def __init__(self, rel):
        self.rel = rel
        self.lines = []
        self.expect = []  # (line, rule)

    def __call__(self, text="", *rules):
        for i, ln in enumerate(text.split("\n")):
            self.lines.append(ln)
            if i == 0:
                for r in rules:
                    assert r in RULES, r
                    self.expect.append((len(self.lines), r))
        return self

    def at(self, rule, offset):
        """Expect RULE on the line OFFSET lines after the last line written (0 = it)."""
        self.expect.append((len(self.lines) + offset, rule))

    def text(self):
        return "\n".join(self.lines) + "\n"


# ---------------------------------------------------------------- plain code

