// Package ui is Omnilane's Fyne screens: the cashier lane, the
// self-service kiosk, the pickup and returns desk and the manager screen.
//
// Screens talk to pos services only. Every text goes through ui/i18n and
// every amount through pos.Currency.Format. Work that touches the store runs
// off the UI goroutine, one job at a time per screen, and its result reaches
// the widgets through fyne.Do.
package ui
