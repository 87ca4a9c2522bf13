#include "CBuildInfo.h"

// BuildCommit.h is written by scripts/stamp-commit (scripts/setup, test and package run it) and is not in git:
// SwiftPM caches the manifest, so the commit cannot come from Package.swift without going stale.
#if __has_include("BuildCommit.h")
#include "BuildCommit.h"
#endif

#ifndef PANTAU_BUILD_COMMIT
#define PANTAU_BUILD_COMMIT "unknown"
#endif

const char *pantau_build_commit(void) { return PANTAU_BUILD_COMMIT; }
