#include "suites.h"
Suite *suite_user_calls(void) { return suite_create("user_calls"); }
