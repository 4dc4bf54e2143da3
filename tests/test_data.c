#include "suites.h"
Suite *suite_data(void) { return suite_create("data"); }
