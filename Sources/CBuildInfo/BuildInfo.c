#include "CBuildInfo.h"

#ifndef PANTAU_BUILD_COMMIT
#define PANTAU_BUILD_COMMIT "unknown"
#endif

const char *pantau_build_commit(void) { return PANTAU_BUILD_COMMIT; }
