#include "suites.h"
Suite *suite_spec(void) { return suite_create("spec"); }
