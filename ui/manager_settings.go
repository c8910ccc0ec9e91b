package ui

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// managerSettings is the settings tab: language, the receipt header, the
// idle sign-out and the receipt printer, saved in the device's store and
// applied at the next start. Saving needs change_settings (an admin, or
// an admin's code and PIN in place).
type managerSettings struct {
	box     fyne.CanvasObject
	lang    *widget.RadioGroup
	name    *widget.Entry
	address *widget.Entry
	taxID   *widget.Entry
	idle    *widget.Entry
	printer *widget.Entry
	supID   *widget.Entry
	supPIN  *widget.Entry
	save    *widget.Button
	message *widget.Label
}

// langNames are the choices of the language setting, in their own words.
var langNames = map[string]string{"es": "Español", "en": "English"}

func (m *ManagerScreen) newSettingsTab() *managerSettings {
	L := func(k string) string { return i18n.T(m.lang, k) }
	t := &managerSettings{name: widget.NewEntry(), address: widget.NewMultiLineEntry(), taxID: widget.NewEntry(), idle: widget.NewEntry(),
		printer: widget.NewEntry(), supID: widget.NewEntry(), supPIN: widget.NewPasswordEntry(), message: widget.NewLabel("")}
	t.lang = widget.NewRadioGroup([]string{langNames["es"], langNames["en"]}, nil)
	t.lang.Horizontal = true
	t.address.SetMinRowsVisible(2)
	t.address.SetPlaceHolder(L("set.address.hint"))
	t.idle.SetPlaceHolder(L("set.idle.hint"))
	t.printer.SetPlaceHolder("192.168.1.50:9100")
	t.supID.SetPlaceHolder(i18n.T(m.lang, "signin.id"))
	t.supPIN.SetPlaceHolder(i18n.T(m.lang, "signin.pin"))
	t.save = widget.NewButton(L("set.save"), m.saveSettings)
	t.save.Importance = widget.HighImportance
	t.message.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(L("set.lang"), t.lang),
		widget.NewFormItem(L("set.store_name"), t.name),
		widget.NewFormItem(L("set.address"), t.address),
		widget.NewFormItem(L("set.tax_id"), t.taxID),
		widget.NewFormItem(L("set.idle"), t.idle),
		widget.NewFormItem(L("set.printer"), t.printer),
	)
	hint := widget.NewLabel(L("set.hint"))
	hint.Wrapping = fyne.TextWrapWord
	sup := widget.NewLabel(L("set.supervisor"))
	sup.Wrapping = fyne.TextWrapWord
	t.box = container.NewBorder(hint, container.NewVBox(sup, container.NewGridWithColumns(2, t.supID, t.supPIN), t.message, tall(t.save, 56)), nil, nil,
		container.NewVScroll(form))
	return t
}

// loadSettings fills the tab with the saved settings, or with what the
// device runs with now.
func (m *ManagerScreen) loadSettings() {
	st := m.opts.Settings
	cfg := m.lane.Config()
	m.jobs.do(func() func() {
		s, ok, err := pos.Settings{}, false, error(nil)
		if st != nil {
			s, ok, err = st.LoadSettings(context.Background())
		}
		return func() {
			t := m.settings
			if !ok {
				info := cfg.Store
				s = pos.Settings{Lang: info.Lang, StoreName: info.Name, Address: info.Address, TaxID: info.TaxID, Printer: m.opts.PrinterAddress}
			}
			t.lang.SetSelected(langNames[i18n.Normalize(s.Lang)])
			t.name.SetText(s.StoreName)
			t.address.SetText(strings.Join(s.Address, "\n"))
			t.taxID.SetText(s.TaxID)
			t.idle.SetText("")
			if s.IdleSignOut > 0 {
				t.idle.SetText(strconv.Itoa(int(s.IdleSignOut / time.Minute)))
			}
			t.printer.SetText(s.Printer)
			t.message.SetText("")
			if err != nil {
				t.message.SetText(ErrorMessage(m.lang, err))
			}
			if st == nil {
				t.save.Disable()
				t.message.SetText(i18n.T(m.lang, "set.unavailable"))
			}
		}
	})
}

// saveSettings checks the form and saves it, with an admin's code and PIN
// when the signed-in role may not change settings.
func (m *ManagerScreen) saveSettings() {
	t := m.settings
	st := m.opts.Settings
	if st == nil {
		return
	}
	s := pos.Settings{Lang: "es", StoreName: strings.TrimSpace(t.name.Text), TaxID: strings.TrimSpace(t.taxID.Text), Printer: strings.TrimSpace(t.printer.Text)}
	if t.lang.Selected == langNames["en"] {
		s.Lang = "en"
	}
	for _, a := range strings.Split(t.address.Text, "\n") {
		if a = strings.TrimSpace(a); a != "" {
			s.Address = append(s.Address, a)
		}
	}
	if v := strings.TrimSpace(t.idle.Text); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 480 {
			t.message.Importance = widget.DangerImportance
			t.message.SetText(i18n.T(m.lang, "set.idle.bad"))
			return
		}
		s.IdleSignOut = time.Duration(n) * time.Minute
	}
	if err := s.Validate(); err != nil {
		// Say which field, in the screen's language (the error is English).
		key := "set.name.bad"
		if s.StoreName != "" {
			key = "set.printer.bad"
		}
		t.message.Importance = widget.DangerImportance
		t.message.SetText(i18n.T(m.lang, key))
		return
	}
	cred := pos.Credential{OperatorID: strings.TrimSpace(t.supID.Text), PIN: t.supPIN.Text}
	reason := i18n.T(m.lang, "set.reason")
	m.jobs.do(func() func() {
		ctx := context.Background()
		err := m.lane.SaveSettings(ctx, st, s, nil)
		if pos.ErrorCode(err) == pos.EOVERRIDE && cred.OperatorID != "" {
			var ov *pos.Override
			ov, err = m.lane.Access().GrantOverride(ctx, pos.OverrideRequest{Permission: pos.PermChangeSettings, Reason: reason, Credential: cred})
			if err == nil {
				err = m.lane.SaveSettings(ctx, st, s, ov)
			}
		}
		return func() {
			t.supPIN.SetText("")
			if err != nil {
				t.message.Importance = widget.DangerImportance
				t.message.SetText(ErrorMessage(m.lang, err))
				m.signedOut(err)
				return
			}
			t.message.Importance = widget.SuccessImportance
			t.message.SetText(i18n.T(m.lang, "set.saved"))
		}
	})
}
