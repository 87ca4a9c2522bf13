#ifndef CBUILDINFO_H
#define CBUILDINFO_H

/// The git commit this binary was built from (12 hex digits, "-dirty" when the checkout had changes),
/// or "unknown" when built without scripts/stamp-commit (a plain `swift build`, or outside a git checkout).
const char *pantau_build_commit(void);

#endif
