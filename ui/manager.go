package ui

import (
	"context"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// JournalVerifier checks and reads a device's journal; pos.Journal (the
// local store) satisfies it. The lane service does not expose these itself.
type JournalVerifier interface {
	// VerifyJournal checks the whole chain and returns how many entries it
	// holds; a broken chain is a *pos.ChainError.
	VerifyJournal(ctx context.Context) (int64, error)
	// EventsAfter returns up to limit entries with seq > after, in order.
	EventsAfter(ctx context.Context, after int64, limit int) ([]pos.Event, error)
	// LastEvent returns the last entry, or ENOTFOUND on an empty journal.
	LastEvent(ctx context.Context) (pos.Event, error)
}

// ManagerOptions configures the manager screen; every source may be nil
// and is then shown as "no data".
type ManagerOptions struct {
	// Lang is "es" or "en" (default "es").
	Lang string
	// Journal is verified on demand.
	Journal JournalVerifier
	// Sync reports the sync agent's state.
	Sync pos.SyncStatusSource
	// Devices lists the devices and their health, read by cmd from the drivers.
	Devices func() []DeviceStatus
	// TestPrint prints a test page on the receipt printer.
	TestPrint func(ctx context.Context) error
	// Settings keeps the device's settings (the local store); nil leaves
	// the settings tab read-only.
	Settings pos.SettingsStore
	// PrinterAddress is the receipt printer the device runs with, shown
	// when no settings were saved.
	PrinterAddress string
	// Log receives what staff do not need to read; nil discards.
	Log *slog.Logger
}

// ManagerScreen is the manager's screen: the shift with its X and Z
// reports, journal verification, device health and sync status.
type ManagerScreen struct {
	app    fyne.App
	lane   *pos.Lane
	opts   ManagerOptions
	lang   string
	cur    pos.Currency
	window fyne.Window
	jobs   serial

	tabs    *container.AppTabs
	shift   *managerShift
	journal *managerJournal
	devices *managerDevices
	// settings is the settings tab.
	settings *managerSettings

	// main is the tabs with the staff bar; signin replaces it while nobody
	// is signed in.
	main     fyne.CanvasObject
	signin   *signInForm
	bar      *staffBar
	signedIn bool
}

// NewManagerScreen builds the manager screen for a lane's till in a new
// window of app, 1024×768. Show it with Window().Show(). Nothing shows
// until somebody signs in (code and PIN, or badge); what their role may not
// do asks a supervisor in place. Call Start to keep devices and sync fresh
// and to sign staff out after the access policy's idle time.
func NewManagerScreen(app fyne.App, lane *pos.Lane, opts ManagerOptions) *ManagerScreen {
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	m := &ManagerScreen{app: app, lane: lane, opts: opts, lang: i18n.Normalize(opts.Lang), cur: lane.Config().Store.Currency}
	m.window = app.NewWindow(i18n.T(m.lang, "mgr.title", lane.Config().DeviceID))
	m.shift = m.newShiftTab()
	m.journal = m.newJournalTab()
	m.devices = m.newDevicesTab()
	m.settings = m.newSettingsTab()
	m.tabs = container.NewAppTabs(
		container.NewTabItem(i18n.T(m.lang, "mgr.tab.shift"), m.shift.box),
		container.NewTabItem(i18n.T(m.lang, "mgr.tab.journal"), m.journal.page),
		container.NewTabItem(i18n.T(m.lang, "mgr.tab.devices"), m.devices.box),
		container.NewTabItem(i18n.T(m.lang, "mgr.tab.settings"), m.settings.box),
	)
	m.bar = newStaffBar(m.lang, m.signOut)
	m.main = container.NewBorder(nil, m.bar.box, nil, nil, m.tabs)
	m.signin = newSignInForm(m.lang, m.window, nil, &m.jobs, lane.Access(), nil, m.afterSignIn)
	m.window.Resize(fyne.NewSize(1024, 768))
	m.signin.show("")
	m.jobs.do(func() func() {
		ctx := context.Background()
		op, err := lane.Access().Current(ctx)
		if err != nil {
			return nil // the sign-in stays
		}
		return m.afterSignIn(ctx, op)
	})
	return m
}

// afterSignIn shows the manager's tabs to op, read afresh.
func (m *ManagerScreen) afterSignIn(_ context.Context, op pos.Operator) func() {
	return func() {
		m.signedIn = true
		m.bar.set(m.lang, op)
		m.window.SetContent(m.main)
		m.Refresh()
	}
}

// showSignIn hides everything behind the sign-in, with msg.
func (m *ManagerScreen) showSignIn(msg string) {
	m.signedIn = false
	m.shift.report.SetText("") // the last report is not left for the next person
	m.settings.supPIN.SetText("")
	m.signin.show(msg)
}

// signOut signs the manager out.
func (m *ManagerScreen) signOut() {
	m.jobs.do(func() func() {
		err := m.lane.Access().SignOut(context.Background())
		return func() {
			if err != nil {
				m.shift.message.SetText(ErrorMessage(m.lang, err))
				return
			}
			m.showSignIn("")
		}
	})
}

// Start refreshes devices and sync every second and signs staff out after
// the access policy's idle time, until ctx ends.
func (m *ManagerScreen) Start(ctx context.Context) {
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				m.tick(ctx)
			}
		}
	}()
}

// tick signs an idle manager out and refreshes devices and sync (through fyne.Do).
func (m *ManagerScreen) tick(ctx context.Context) {
	idled, _ := m.lane.Access().CheckIdle(ctx)
	fyne.Do(func() {
		if idled {
			m.showSignIn(i18n.T(m.lang, "signin.idle"))
		}
		if m.signedIn {
			m.refreshDevices()
		}
	})
}

// Window returns the screen's window.
func (m *ManagerScreen) Window() fyne.Window { return m.window }

// Refresh reads the shift, devices and sync status again. It runs on the
// UI goroutine; the shift is read off it.
func (m *ManagerScreen) Refresh() {
	m.refreshShift()
	m.refreshDevices()
	m.loadSettings()
}
