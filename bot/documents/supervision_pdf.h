#pragma once
// The supervision notice (督办通报) as a PDF: the period, the counts, and for each case its unit,
// what made it a case, the handling from the audit trail and, for readers allowed to see them, the
// leaders' instructions. Marked confidential; citizens' numbers only masked.
#include <string>

#include "workflow/documents/supervision_notice.h"

namespace hotline::bot::documents {

// issuer: the office that signs it (`[supervision] issuer`). Throws std::runtime_error if cairo fails.
std::string render_supervision_pdf(const workflow::SupervisionNotice& n, const std::string& issuer);

}  // namespace hotline::bot::documents
