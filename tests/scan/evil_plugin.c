/* A stand-in for a malicious compiler plugin (HostileTest.cpp): loading it
 * runs this constructor, which leaves a file where AFALG_EVIL_MARKER says.
 * If that file ever appears during a scan, the scan loaded code it was
 * told to load by a compile database. */
#include <stdio.h>
#include <stdlib.h>

__attribute__((constructor)) static void afalg_evil_loaded(void) {
  const char *Marker = getenv("AFALG_EVIL_MARKER");
  if (!Marker)
    return;
  FILE *F = fopen(Marker, "w");
  if (F)
    fclose(F);
}
