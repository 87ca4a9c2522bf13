// zlib (Debian zlib1g-dev), for the CRC-32 of workbook parts: ZIPFoundation's own Linux build computes it a byte
// at a time in Swift. A module of Pantau's own: ZIPFoundation's CZLib module is not a product others may import.
#include <zlib.h>
