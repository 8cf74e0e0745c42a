int f(int fd, char *b, int n) {
  write(fd, b, n); // afalg-scan: ignore[afalg-io] legacy path, tracked
  // afalg-scan: ignore[afalg-io,afalg-accept]: known slow path
  read(fd, b, n);
  /* afalg-scan: ignore-begin[afalg-*] vendor code */
  accept(fd, 0, 0);
  /* afalg-scan: ignore-end */
  socket(38, 5, 0); // NOLINT(afalg-socket)
  // NOLINTNEXTLINE(afalg-bind, bugprone-foo)
  bind(fd, 0, 0);
  // NOLINTBEGIN(afalg-io)
  send(fd, b, n, 0);
  // NOLINTEND(afalg-io)
  // afalg-scan: ignore[afalg-unknown reason
  // afalg-scan: ignore[] nothing
  // afalg-scan: ignore-end
  // NOLINT
  return 0; // "afalg-scan: ignore[afalg-io] in a string"
}
