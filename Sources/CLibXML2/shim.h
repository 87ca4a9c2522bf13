// libxml2's streaming reader (xmlTextReader), for XLSX sheets: a pull parser, so a sheet is never held as a DOM.
#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU, whose headers clash with Foundation's own copy of ICU. Only encoding.h's
// converter struct depends on it, and Pantau never touches that struct (it uses the reader through pointers).
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
