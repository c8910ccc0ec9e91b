package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Theme is Omnilane's theme: Fyne's default light colours with text and
// padding sized for a touch screen read at arm's length. cmd sets it with
// app.Settings().SetTheme(ui.Theme()).
func Theme() fyne.Theme { return omniTheme{} }

type omniTheme struct{}

// Color implements fyne.Theme; stores are bright, so the light variant is always used.
func (omniTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}

// Font implements fyne.Theme.
func (omniTheme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

// Icon implements fyne.Theme.
func (omniTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size implements fyne.Theme: larger text and targets than the desktop default.
func (omniTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return 17
	case theme.SizeNameHeadingText:
		return 28
	case theme.SizeNameInnerPadding:
		return 10
	}
	return theme.DefaultTheme().Size(n)
}
