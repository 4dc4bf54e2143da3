#include "suites.h"
Suite *suite_scenarios(void) { return suite_create("scenarios"); }
