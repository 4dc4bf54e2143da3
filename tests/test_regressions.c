#include "suites.h"
Suite *suite_regressions(void) { return suite_create("regressions"); }
