#include "suites.h"
Suite *suite_api(void) { return suite_create("api"); }
