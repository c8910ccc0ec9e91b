package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omnilane/omnilane/ui/i18n"
)

// kioskAttract is the screen between customers: a welcome in both
// languages and one big button per language to start.
type kioskAttract struct {
	box     fyne.CanvasObject
	buttons map[string]*widget.Button
}

func (k *KioskScreen) newAttract() *kioskAttract {
	a := &kioskAttract{buttons: map[string]*widget.Button{}}
	welcome := widget.NewLabel(i18n.T("es", "kiosk.welcome") + "\n" + i18n.T("en", "kiosk.welcome"))
	welcome.Alignment = fyne.TextAlignCenter
	welcome.SizeName = theme.SizeNameHeadingText
	welcome.TextStyle.Bold = true
	row := container.NewGridWithColumns(len(i18n.Languages))
	for _, lang := range i18n.Languages {
		b := widget.NewButton(i18n.T(lang, "kiosk.start"), func() { k.start(lang) })
		b.Importance = widget.HighImportance
		a.buttons[lang] = b
		row.Add(tall(b, 120))
	}
	a.box = container.NewCenter(container.New(fixedWidth{w: 760}, container.NewVBox(welcome, widget.NewLabel(""), row)))
	return a
}

// showAttract shows the attract screen and forgets the last customer.
func (k *KioskScreen) showAttract() {
	k.state, k.warned, k.helpAsked, k.age = stateAttract, false, false, nil
	k.attract = k.newAttract()
	k.show(k.attract.box)
}

// start begins a customer's visit in lang.
func (k *KioskScreen) start(lang string) {
	k.lang = i18n.Normalize(lang)
	k.state = stateSelling
	k.sell = k.newSell()
	k.done = k.newDone()
	k.basket = k.lane.Basket()
	k.show(k.sell.box)
	k.showBasket()
	k.touch()
	k.window.Canvas().Focus(k.sell.code)
}
