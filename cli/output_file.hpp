#pragma once

// Failed writes to stdout, remembered and said once at the end of the run. Files the user
// asks for are written with base::AtomicFile.

#include <string>

namespace vigie::cli {

// Records a failed write to stdout (its errno), so the end of the run can say it.
void note_stdout_failure(int error);
// After a final flush of stdout: the French error if a write to it failed, else empty.
std::string stdout_failure();

}  // namespace vigie::cli
