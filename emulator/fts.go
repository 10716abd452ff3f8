package emulator

import (
	"errors"
	"strings"
	"unicode"
)

// maxQueryWords bounds the words of a full-text query (list_archives
// filters.query, REST v2 GET /chats?query=): each is one FTS5 phrase, and
// the search runs on the single writer.
const maxQueryWords = 64

// ftsQuery turns free text into an FTS5 query in which every word must
// match. Any string is accepted: a word is cut into the tokens the
// unicode61 tokenizer would see (letters, digits, marks and private-use
// characters; everything else, NUL and invalid UTF-8 included, separates
// tokens) and each word becomes one quoted phrase of its tokens, so no
// character can reach FTS5's query syntax. A query with no token at all
// gives "" (no full-text condition); one with more than maxQueryWords
// words is an error (the caller answers validation).
func ftsQuery(q string) (string, error) {
	var b strings.Builder
	words := 0
	for _, w := range strings.Fields(q) {
		toks := strings.FieldsFunc(w, func(r rune) bool { return !ftsTokenRune(r) })
		if len(toks) == 0 {
			continue
		}
		if words++; words > maxQueryWords {
			return "", errors.New("has more than 64 words")
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('"')
		b.WriteString(strings.Join(toks, " "))
		b.WriteByte('"')
	}
	return b.String(), nil
}

// ftsTokenRune reports whether r is part of a token for unicode61
// (categories L*, N*, M* and Co); U+FFFD, which stands for invalid
// UTF-8, is not.
func ftsTokenRune(r rune) bool {
	return r != unicode.ReplacementChar && (unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) || unicode.Is(unicode.Co, r))
}
