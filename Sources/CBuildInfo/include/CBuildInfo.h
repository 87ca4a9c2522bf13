#ifndef CBUILDINFO_H
#define CBUILDINFO_H

/// The git commit this binary was built from (12 hex digits, "-dirty" when the checkout had changes),
/// or "unknown" when it was built outside a git checkout. Package.swift sets it.
const char *pantau_build_commit(void);

#endif
