/* Prints "type name 0|1": what the compat runtime linked in supports. */
#include "afalg_compat.h"
#include <stdio.h>

int main(void) {
  char type[64], name[256];
  while (scanf("%63s %255s", type, name) == 2)
    printf("%s %s %d\n", type, name, afalg_compat_supported(type, name));
  return 0;
}
