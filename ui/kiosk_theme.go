package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// kioskTheme is the Omnilane theme with text and targets sized for a
// customer's finger at a self-service kiosk.
type kioskTheme struct{}

// Color implements fyne.Theme.
func (kioskTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return omniTheme{}.Color(n, v)
}

// Font implements fyne.Theme.
func (kioskTheme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

// Icon implements fyne.Theme.
func (kioskTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size implements fyne.Theme.
func (kioskTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return 24
	case theme.SizeNameHeadingText:
		return 40
	case theme.SizeNameSubHeadingText:
		return 30
	case theme.SizeNameInnerPadding:
		return 16
	case theme.SizeNamePadding:
		return 6
	}
	return theme.DefaultTheme().Size(n)
}
