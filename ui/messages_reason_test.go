package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// Every reason code the domain gives has words in every language.
func TestEveryReasonTranslated(t *testing.T) {
	for _, r := range pos.Reasons() {
		for _, lang := range i18n.Languages {
			key := "reason." + r
			if got := i18n.T(lang, key); got == key || (lang == "es" && got == i18n.T("en", key)) {
				t.Errorf("%s: no %s translation of %s", r, lang, key)
			}
		}
	}
}

// Domain errors with a reason read in the screen's language, with their
// values; others keep the general message.
func TestErrorMessageSaysReasonInLanguage(t *testing.T) {
	lane, _ := newTestLane(t)
	ctx := context.Background()
	if _, err := lane.Scan(ctx, coffeeCode); err != nil {
		t.Fatal(err)
	}
	_, err := lane.SetQuantity(ctx, 1, 0, nil)
	for lang, want := range map[string]string{"es": "La cantidad 0 no vale: entre 1 y 9999.", "en": "Quantity 0 is not allowed: between 1 and 9999."} {
		if got := ErrorMessage(lang, err); got != want {
			t.Errorf("%s: %q, want %q (err %v)", lang, got, want, err)
		}
	}
	if _, err := lane.Scan(ctx, "8410001000016"); ErrorMessage("es", err) != "El código 8410001000016 no es válido (dígito de control erróneo): escanéelo de nuevo." {
		t.Errorf("bad check digit: %q (%v)", ErrorMessage("es", err), err)
	}
	_, err = pos.EUR.ParseMoney("12,345")
	if got := ErrorMessage("es", err); got != "«12,345» no es un importe válido." {
		t.Errorf("amount: %q", got)
	}
	// Without a reason, the general message still carries the detail.
	if got := ErrorMessage("es", pos.Errorf(pos.EINVALID, "something odd")); !strings.Contains(got, "something odd") {
		t.Errorf("plain invalid: %q", got)
	}
}
