// Nothing to compile: the driver is libFuzzer's (linked by -sanitize=fuzzer); this target only
// declares it (include/FuzzDriver.h).
#include "FuzzDriver.h"
