#include "suites.h"
Suite *suite_rfc5961(void) { return suite_create("rfc5961"); }
