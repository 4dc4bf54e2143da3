#include "suites.h"
Suite *suite_timers(void) { return suite_create("timers"); }
