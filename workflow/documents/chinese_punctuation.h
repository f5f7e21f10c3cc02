#pragma once
// Joining a handler's free text into the sentences of an official document. Text is stored as
// typed; only the renderer decides the punctuation between sections: a sentence gets its final
// 。 when it lacks one, a clause that runs on gets ，, and a mark is never doubled. Half-width
// marks typed beside Chinese characters are shown full-width (",“ after 解决 -> "，").
#include <string>
#include <string_view>

namespace hotline::workflow {

// The text as a complete sentence or sentences: ends with 。！？ or …… (a trailing ， ； 、 or
// half-width mark becomes 。). Empty text stays empty.
std::string as_sentence(std::string_view text);

// The text as a clause that the next words continue: ends with ， unless it already ends a
// sentence (then the next words start a new one) or a clause (， ；).
std::string as_clause(std::string_view text);

// The text without its final punctuation, for embedding in a sentence ("满意。" -> "满意").
std::string without_final_mark(std::string_view text);

// Several typed lines as one paragraph: every line but the last as a clause, joined.
std::string as_paragraph_text(std::string_view text);

}  // namespace hotline::workflow
