package ui

import (
	"errors"
	"strings"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// ErrorMessage chooses the message a cashier sees for err, in lang, from
// its pos.ErrorCode. The pos message (English, for staff) appears only where
// it is the reason the cashier needs.
func ErrorMessage(lang string, err error) string {
	if err == nil {
		return ""
	}
	reason := err.Error()
	var pe *pos.Error
	if errors.As(err, &pe) {
		reason = pe.Message
		if pe.Reason != "" {
			// A reason the screens know is said in the screen's language.
			if key := "reason." + pe.Reason; i18n.T(lang, key) != key {
				return i18n.T(lang, key, pe.Args...)
			}
		}
	}
	switch code := pos.ErrorCode(err); code {
	case pos.ENOTFOUND:
		return i18n.T(lang, "err.not_found", reason)
	case pos.EINVALID:
		return i18n.T(lang, "err.invalid", reason)
	case pos.EEMPTY:
		return i18n.T(lang, "err.empty_basket")
	case pos.EJOURNAL:
		return i18n.T(lang, "err.journal_broken")
	case pos.ECONFLICT:
		return i18n.T(lang, "err.conflict", reason)
	case pos.EFORBIDDEN:
		return i18n.T(lang, "err.forbidden")
	case pos.ENOOPERATOR:
		return i18n.T(lang, "err.no_operator")
	case pos.ENOSHIFT:
		return i18n.T(lang, "err.no_shift")
	case pos.EBADCREDENTIAL:
		return i18n.T(lang, "err.bad_credential")
	case pos.ELOCKED:
		return i18n.T(lang, "err.operator_locked")
	case pos.EOVERRIDE:
		return i18n.T(lang, "err.override_required")
	case pos.EINSUFFICIENT:
		return i18n.T(lang, "err.invalid", reason)
	case pos.EAGECHECK:
		return i18n.T(lang, "err.age_check")
	default:
		return i18n.T(lang, "err.internal", reason)
	}
}

// scanErrorMessage is the message for a failed scan of code: a not-found
// names the code, and an invalid code says what is wrong with it.
func scanErrorMessage(lang, code string, err error) string {
	switch pos.ErrorCode(err) {
	case pos.ENOTFOUND:
		return i18n.T(lang, "err.not_found", code)
	case pos.EINVALID:
		if msg := codeProblem(lang, code); msg != "" {
			return msg
		}
	}
	return ErrorMessage(lang, err)
}

// codeProblem explains why a typed code cannot be a PLU or a GTIN, or
// returns "" when the code looks well formed (the problem is elsewhere).
func codeProblem(lang, code string) string {
	code = strings.TrimSpace(code)
	if code == "" {
		return i18n.T(lang, "err.code.empty")
	}
	for _, r := range code {
		if r < '0' || r > '9' {
			return i18n.T(lang, "err.code.not_digits", code)
		}
	}
	if len(code) <= 5 {
		return ""
	}
	switch len(code) {
	case 8, 12, 13, 14:
		if _, err := pos.NormalizeGTIN(code); err != nil {
			return i18n.T(lang, "err.code.check", code)
		}
		return ""
	}
	return i18n.T(lang, "err.code.length", code, len(code))
}
