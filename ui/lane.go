package ui

import (
	"context"
	"image/color"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/pos"
	"github.com/omnilane/omnilane/ui/i18n"
)

// LaneOptions configures a lane screen. Every field but Lang may be left
// empty; what is missing is shown as "no data".
type LaneOptions struct {
	// Lang is the cashier's language, "es" or "en" (default "es").
	Lang string
	// Sync reports online/offline and events pending; usually the sync agent.
	Sync pos.SyncStatusSource
	// Printer reports the receipt printer's health, e.g. PrinterFromQueue(q).
	Printer func() DeviceStatus
	// Operator is a name for the status bar until the lane's access control
	// reports who is signed in (the screen reads it itself). Optional.
	Operator string
	// Catalog, when set, lets the cashier search products by name. (The
	// lane service has no search of its own yet.)
	Catalog pos.Catalog
	// Cards takes card payments on the lane's terminal; nil hides the Card button.
	Cards *pos.CardPayments
	// StatusEvery is how often Start refreshes the status bar (default 1s).
	StatusEvery time.Duration
	// Log receives what the cashier does not need to read; nil discards.
	Log *slog.Logger
	// Wedge, when set, tells a keyboard-wedge scanner's bursts from typing
	// wherever the focus is: a burst rings its code (or, while nobody is
	// signed in, signs in with it as a badge) and leaves nothing in the
	// field that had the focus; slower keys are typing, as without it.
	Wedge Wedge
	// Now is the clock the wedge's keys are timed on (default time.Now).
	Now func() time.Time
	// Scale weighs items sold by weight; nil means the cashier types the weight.
	Scale pos.Scale
}

// LaneScreen is the cashier's screen at a checkout lane: a code entry always
// ready for the next scan, the basket, the total in large type, cash payment
// with change, and a status bar. It keeps its widgets so tests can type and
// tap through it as a cashier would.
type LaneScreen struct {
	app    fyne.App
	lane   *pos.Lane
	opts   LaneOptions
	lang   string
	window fyne.Window
	jobs   serial
	// tap runs the keys through opts.Wedge; nil without one.
	tap *wedgeTap

	// basket is the last copy read from the lane, owned by the UI goroutine.
	basket   pos.BasketView
	selected int // line index selected in the list, -1 for none
	// lastSale is the last sale completed here, for reprint.
	lastSale pos.Sale

	code       *entry
	addBtn     *widget.Button
	message    *widget.Label
	list       *widget.List
	empty      *widget.Label
	total      *canvas.Text
	items      *widget.Label
	savings    *widget.Label
	cashBtn    *widget.Button
	voidBtn    *widget.Button
	qtyBtn     *widget.Button
	enterBtn   *widget.Button
	searchBtn  *widget.Button
	reprintBtn *widget.Button
	langBtn    *widget.Button
	search     *searchPanel
	signOutBtn *widget.Button
	voidAllBtn *widget.Button
	approval   *approvalPanel
	cardBtn    *widget.Button
	card       *cardPanel
	parkBtn    *widget.Button
	park       *parkPanel
	// weigh is the weighing pane while an item sold by weight is weighed.
	weigh *weighPanel
	// typing makes typing in the lane's entries count as the cashier's
	// activity for idle sign-out.
	typing typingWatch

	// main is the selling screen; signin replaces it while nobody is signed in.
	main     fyne.CanvasObject
	signin   *signInForm
	shift    *shiftPanel
	signedIn bool
	right    *fyne.Container
	sellPane fyne.CanvasObject
	cash     *cashPanel
	done     *donePanel
	status   *statusBar
}

// NewLaneScreen builds the lane screen in a new window of app, sized
// 1024×768, with the code entry focused. Show the window with
// Window().Show() (or ShowAndRun) and call Start to keep the status bar live.
func NewLaneScreen(app fyne.App, lane *pos.Lane, opts LaneOptions) *LaneScreen {
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.StatusEvery <= 0 {
		opts.StatusEvery = time.Second
	}
	s := &LaneScreen{app: app, lane: lane, opts: opts, lang: i18n.Normalize(opts.Lang), selected: -1}
	s.basket = lane.Basket()
	s.typing.touch = lane.Access().Touch
	s.tap = newWedgeTap(opts.Wedge, opts.Now, s.wedgeScan)
	s.window = app.NewWindow(i18n.T(s.lang, "app.title", lane.Config().DeviceID))
	s.tap.listen(s.window.Canvas())
	s.window.SetContent(s.build())
	s.watchTyping()
	s.window.Resize(fyne.NewSize(1024, 768))
	s.showBasket()
	s.refreshStatus()
	s.window.Canvas().Focus(s.code)
	s.jobs.do(s.checkAccess)
	return s
}

// Window returns the screen's window.
func (s *LaneScreen) Window() fyne.Window { return s.window }

// Lang returns the language the screen speaks.
func (s *LaneScreen) Lang() string { return s.lang }

// SetLang switches the screen to another language, keeping the basket. It
// runs on the UI goroutine.
func (s *LaneScreen) SetLang(lang string) {
	s.lang = i18n.Normalize(lang)
	s.window.SetTitle(i18n.T(s.lang, "app.title", s.lane.Config().DeviceID))
	s.window.SetContent(s.build())
	s.watchTyping()
	s.showBasket()
	s.refreshStatus()
	if !s.signedIn {
		s.showSignIn("")
		return
	}
	s.focusCode()
}

// otherLang is the language the language button switches to.
func otherLang(lang string) string {
	if lang == "es" {
		return "en"
	}
	return "es"
}

// Start refreshes the status bar every StatusEvery until ctx ends. It
// returns at once; the refreshes reach the widgets through fyne.Do.
func (s *LaneScreen) Start(ctx context.Context) {
	go func() {
		t := time.NewTicker(s.opts.StatusEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if idled, _ := s.lane.Access().CheckIdle(ctx); idled {
					fyne.Do(func() { s.showSignIn(i18n.T(s.lang, "signin.idle")) })
				}
				fyne.Do(s.refreshStatus)
			}
		}
	}()
}

// build lays the screen out: the selling area on the left, the total and
// payment on the right, the status bar at the bottom.
func (s *LaneScreen) build() fyne.CanvasObject {
	s.code = s.tap.newScanEntry()
	s.code.SetPlaceHolder(i18n.T(s.lang, "lane.code.placeholder"))
	s.code.OnSubmitted = func(string) { s.submitCode() }
	s.addBtn = widget.NewButton(i18n.T(s.lang, "lane.add"), s.submitCode)
	s.message = widget.NewLabel("")
	s.message.Wrapping = fyne.TextWrapWord
	s.message.TextStyle.Bold = true

	s.list = s.newBasketList()
	s.empty = widget.NewLabel(i18n.T(s.lang, "lane.basket.empty"))
	s.empty.Alignment = fyne.TextAlignCenter
	s.empty.SizeName = theme.SizeNameSubHeadingText

	top := container.NewVBox(container.NewBorder(nil, nil, nil, s.addBtn, s.code), s.message)
	left := container.NewBorder(top, nil, nil, nil, container.NewStack(s.list, container.NewCenter(s.empty)))

	s.sellPane = s.buildSellPane()
	s.cash = s.newCashPanel()
	s.done = s.newDonePanel()
	s.search = s.newSearchPanel()
	s.approval = s.newApprovalPanel()
	s.card = s.newCardPanel()
	s.park = s.newParkPanel()
	s.right = container.NewStack(s.sellPane)
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(320, 0))
	right := container.NewStack(width, container.NewPadded(s.right))

	s.status = s.newStatusBar()
	s.signin = s.newSignInScreen()
	s.main = container.NewBorder(nil, s.status.box, nil, nil, container.New(sideLayout{share: 0.34}, left, right))
	return s.main
}

// buildSellPane is the right-hand side while selling: total, item count,
// Cash and Void.
func (s *LaneScreen) buildSellPane() fyne.CanvasObject {
	title := widget.NewLabel(i18n.T(s.lang, "lane.total"))
	title.TextStyle.Bold = true
	s.total = bigText("", 56)
	s.items = widget.NewLabel("")
	s.savings = widget.NewLabel("")
	s.savings.TextStyle.Bold = true
	s.cashBtn = widget.NewButton(i18n.T(s.lang, "pay.cash"), s.openCash)
	s.cashBtn.Importance = widget.HighImportance
	s.voidBtn = widget.NewButton(i18n.T(s.lang, "lane.void"), s.voidSelected)
	s.voidBtn.Importance = widget.DangerImportance
	s.voidAllBtn = widget.NewButton(i18n.T(s.lang, "lane.void_sale"), s.voidSale)
	s.voidAllBtn.Importance = widget.DangerImportance
	s.searchBtn = widget.NewButton(i18n.T(s.lang, "search.open"), s.openSearch)
	if s.opts.Catalog == nil {
		s.searchBtn.Disable()
	}
	s.parkBtn = widget.NewButton(i18n.T(s.lang, "park.open"), s.openPark)
	s.reprintBtn = widget.NewButton(i18n.T(s.lang, "lane.reprint"), s.reprintLast)
	if s.lastSale.ID == "" {
		s.reprintBtn.Disable()
	}
	var pay fyne.CanvasObject = tall(s.cashBtn, 72)
	s.cardBtn = widget.NewButton(i18n.T(s.lang, "pay.card"), s.payCard)
	s.cardBtn.Importance = widget.HighImportance
	if s.opts.Cards != nil {
		pay = tall(container.NewGridWithColumns(2, s.cashBtn, s.cardBtn), 72)
	}
	return container.NewVBox(title, s.total, s.items, s.savings, widget.NewSeparator(), pay,
		s.newPLUKeypad(), container.NewGridWithColumns(3, s.searchBtn, s.parkBtn, s.reprintBtn),
		container.NewGridWithColumns(2, s.voidBtn, s.voidAllBtn))
}

// setPane shows one of the right-hand panes.
func (s *LaneScreen) setPane(p fyne.CanvasObject) {
	s.right.Objects = []fyne.CanvasObject{p}
	s.right.Refresh()
	s.watchTyping()
}

// watchTyping makes typing in the entries on screen and in the panels kept
// for later count as activity, so a cashier typing a search or an amount is
// not signed out for idleness mid-way.
func (s *LaneScreen) watchTyping() {
	objs := []fyne.CanvasObject{s.main, s.sellPane}
	if s.cash != nil {
		objs = append(objs, s.cash.box)
	}
	if s.card != nil {
		objs = append(objs, s.card.box)
	}
	if s.done != nil {
		objs = append(objs, s.done.box)
	}
	if s.search != nil {
		objs = append(objs, s.search.box)
	}
	if s.park != nil {
		objs = append(objs, s.park.box)
	}
	if s.approval != nil {
		objs = append(objs, s.approval.box)
	}
	if s.shift != nil {
		objs = append(objs, s.shift.box)
	}
	s.typing.watch(objs...)
}

// focusCode puts the keyboard (and the scanner's keystrokes) back on the code entry.
func (s *LaneScreen) focusCode() { s.window.Canvas().Focus(s.code) }

// say shows a message under the code entry; danger marks an error.
func (s *LaneScreen) say(text string, danger bool) {
	s.message.Importance = widget.MediumImportance
	if danger {
		s.message.Importance = widget.DangerImportance
	}
	s.message.SetText(text)
}
