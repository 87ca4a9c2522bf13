#include "carena.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Every allocation is preceded by a 16-byte header holding its requested size (for realloc).
#define HEADER 16
#define ROUND(n) (((n) + 15) & ~(size_t)15)
#define MIN_BLOCK ((size_t)1 << 20)

static _Thread_local char *block;          // the thread's main block
static _Thread_local size_t block_size, block_used;
static _Thread_local void *overflow;       // allocations that did not fit: a list freed on reset
static _Thread_local size_t overflow_bytes;

// libcmark never checks for NULL (its own allocator aborts), so neither does this one return it.
static void out_of_memory(void) {
    fputs("pantau: out of memory while rendering Markdown\n", stderr);
    abort();
}

static void *carve(size_t n) {
    if (n > SIZE_MAX / 2) out_of_memory();
    size_t need = HEADER + ROUND(n);
    if (block == NULL && overflow == NULL) {
        size_t size = need > MIN_BLOCK ? need : MIN_BLOCK;
        block = malloc(size);
        block_size = block ? size : 0;
        block_used = 0;
    }
    char *p;
    if (block != NULL && block_used + need <= block_size) {
        p = block + block_used;
        block_used += need;
    } else {
        void **extra = malloc(HEADER + need);
        if (extra == NULL) out_of_memory();
        *extra = overflow;
        overflow = extra;
        overflow_bytes += need;
        p = (char *)extra + HEADER;
    }
    *(size_t *)p = n;
    return p + HEADER;
}

static void *arena_calloc(size_t count, size_t size) {
    if (size != 0 && count > SIZE_MAX / size) out_of_memory();
    void *p = carve(count * size);
    memset(p, 0, count * size);
    return p;
}

static void *arena_realloc(void *old, size_t size) {
    if (old == NULL) return carve(size);
    if (size > SIZE_MAX / 2) out_of_memory();
    char *header = (char *)old - HEADER;
    size_t old_size = *(size_t *)header;
    if (size <= old_size) return old;
    // The block's last allocation grows in place when there is room.
    if (block != NULL && header + HEADER + ROUND(old_size) == block + block_used
        && block_used - ROUND(old_size) + ROUND(size) <= block_size) {
        block_used = block_used - ROUND(old_size) + ROUND(size);
        *(size_t *)header = size;
        return old;
    }
    void *p = carve(size);
    memcpy(p, old, old_size);
    return p;
}

static void arena_free(void *p) { (void)p; }

// Same layout as libcmark's `cmark_mem`.
static struct {
    void *(*calloc)(size_t, size_t);
    void *(*realloc)(void *, size_t);
    void (*free)(void *);
} arena_mem = {arena_calloc, arena_realloc, arena_free};

void *pantau_arena_cmark_mem(void) { return &arena_mem; }

void pantau_arena_reset(void) {
    while (overflow != NULL) {
        void *next = *(void **)overflow;
        free(overflow);
        overflow = next;
    }
    // A document that overflowed gets a main block big enough for it next time.
    if (overflow_bytes > 0) {
        size_t want = 2 * (block_used + overflow_bytes);
        free(block);
        block = malloc(want);
        block_size = block ? want : 0;
        overflow_bytes = 0;
    }
    block_used = 0;
}

#ifdef __GLIBC__
#include <malloc.h>
#endif

void pantau_malloc_trim(void) {
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}
