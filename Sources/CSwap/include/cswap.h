#ifndef CSWAP_H
#define CSWAP_H
/// Atomically exchanges two paths (Linux renameat2 RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (for example EINVAL on file systems without support).
int pantau_exchange_paths(const char *a, const char *b);
#endif
