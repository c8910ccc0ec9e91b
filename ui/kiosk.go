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

// KioskOptions configures a self-service kiosk screen.
type KioskOptions struct {
	// Cards takes card payments (the kiosk takes no cash). Without it the
	// pay button says card payment is unavailable.
	Cards *pos.CardPayments
	// Catalog, when set, lets customers find items by name. (Age-restricted
	// items pause the kiosk for staff whatever it is: pos marks the lines.)
	Catalog pos.Catalog
	// CallHelp is called when the customer asks for help (light, pager…).
	CallHelp func()
	// IdleAfter sends an untouched kiosk back to the attract screen
	// (default 60 s). A basket with items is never dropped: the kiosk asks
	// whether the customer is still there, then calls for help.
	IdleAfter time.Duration
	// Now is the clock for the idle timer and the wedge's keys (default time.Now).
	Now func() time.Time
	// Wedge, when set, tells a keyboard-wedge scanner's bursts from typing
	// wherever the focus is (the search field, or nothing on the attract
	// screen): a burst adds its item and leaves nothing in the field.
	Wedge Wedge
	// Log receives what customers do not need to read; nil discards.
	Log *slog.Logger
	// Scale weighs produce the customer puts on it; without it the
	// weighing screen asks the customer to call for help.
	Scale pos.Scale
}

// kioskState is which screen the kiosk shows.
type kioskState int

const (
	stateAttract kioskState = iota
	stateSelling
	statePaying
	stateDone
	// stateAgeCheck waits for staff to check the customer's age.
	stateAgeCheck
	// stateWeighing shows the scale while the customer weighs produce.
	stateWeighing
)

// KioskScreen is a self-service checkout for customers: an attract screen
// with the language choice, big touch targets, scanning, card payment, a
// call-for-help button and an idle timeout back to the attract screen. It
// runs full screen. The lane must have its kiosk operator signed in and a
// shift open (cmd does that).
type KioskScreen struct {
	app    fyne.App
	lane   *pos.Lane
	opts   KioskOptions
	lang   string
	window fyne.Window
	jobs   serial
	// tap runs the keys through opts.Wedge; nil without one.
	tap *wedgeTap

	state     kioskState
	lastTouch time.Time
	warned    bool // "are you still there?" shown
	helpAsked bool
	basket    pos.BasketView

	attract *kioskAttract
	sell    *kioskSell
	done    *kioskDone
	search  *kioskSearch
	age     *kioskAge
	weigh   *kioskWeigh
}

// NewKioskScreen builds the kiosk in a new full-screen window of app,
// showing the attract screen.
func NewKioskScreen(app fyne.App, lane *pos.Lane, opts KioskOptions) *KioskScreen {
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.IdleAfter <= 0 {
		opts.IdleAfter = time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Catalog == nil {
		opts.Log.Warn("kiosk without a catalog: customers cannot search")
	}
	k := &KioskScreen{app: app, lane: lane, opts: opts, lang: i18n.Default, basket: lane.Basket()}
	k.tap = newWedgeTap(opts.Wedge, opts.Now, k.wedgeScan)
	k.window = app.NewWindow("Omnilane")
	k.tap.listen(k.window.Canvas())
	k.window.SetFullScreen(true)
	k.window.Resize(fyne.NewSize(1024, 768))
	k.showAttract()
	return k
}

// Window returns the kiosk's window.
func (k *KioskScreen) Window() fyne.Window { return k.window }

// Start checks the idle timer every second until ctx ends.
func (k *KioskScreen) Start(ctx context.Context) {
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				fyne.Do(func() { k.checkIdle(k.opts.Now()) })
			}
		}
	}()
}

// show puts content on the kiosk with the kiosk's large theme.
func (k *KioskScreen) show(content fyne.CanvasObject) {
	k.window.SetContent(container.NewThemeOverride(content, kioskTheme{}))
}

// touch records customer activity for the idle timer.
func (k *KioskScreen) touch() {
	k.lastTouch = k.opts.Now()
	if k.warned {
		k.warned = false
		k.sell.stillThere.Hide()
		k.sell.relayout()
	}
}

// checkIdle goes back to the attract screen after IdleAfter without a
// touch. A basket with items is kept: first the kiosk asks whether the
// customer is still there, then it calls for help. Paying never idles out.
func (k *KioskScreen) checkIdle(now time.Time) {
	if k.state == stateWeighing && now.Sub(k.lastTouch) >= k.opts.IdleAfter {
		k.closeWeighKiosk() // back to the basket: the idle rules there apply
		return
	}
	if k.state == stateAttract || k.state == statePaying || k.state == stateAgeCheck || now.Sub(k.lastTouch) < k.opts.IdleAfter {
		return
	}
	if k.state == stateSelling && k.basket.Totals.Items > 0 {
		if !k.warned {
			k.warned = true
			k.lastTouch = now
			k.sell.stillThere.Show()
			k.sell.relayout()
			return
		}
		if !k.helpAsked {
			k.callHelp()
		}
		return
	}
	k.showAttract()
}

// callHelp asks staff to come, once per customer.
func (k *KioskScreen) callHelp() {
	k.helpAsked = true
	if k.opts.CallHelp != nil {
		k.opts.CallHelp()
	}
	k.sell.help.SetText(i18n.T(k.lang, "kiosk.help.coming"))
	k.sell.help.Show()
	k.sell.relayout()
	if k.age != nil {
		k.age.help.SetText(i18n.T(k.lang, "kiosk.help.coming"))
	}
}
