package nexo

import (
	"net/url"
	"strings"
)

// Device message categories and output qualifiers used by display
// notifications.
const (
	// CategoryDisplay is a DisplayRequest (MessageClass Device).
	CategoryDisplay = "Display"
	// DeviceCashierDisplay is the sale system's cashier display.
	DeviceCashierDisplay = "CashierDisplay"
	// InfoQualifyStatus marks a display of the transaction's progress.
	InfoQualifyStatus = "Status"
	// FormatMessageRef is an output whose meaning is a predefined reference.
	FormatMessageRef = "MessageRef"
)

// Progress events a terminal reports while a payment runs, carried in a
// DisplayRequest's PredefinedContent.ReferenceID as "event=NAME" (form
// encoded, as Adyen terminals do); the OutputText is the terminal's own
// wording, in the terminal's language.
const (
	EventPresentCard = "PRESENT_CARD"
	EventEnterPIN    = "ENTER_PIN"
	EventProcessing  = "PROCESSING"
	EventRemoveCard  = "REMOVE_CARD"
	EventApproved    = "APPROVED"
	EventDeclined    = "DECLINED"
	EventCancelled   = "CANCELLED"
)

// PredefinedContent references a message known to both sides.
type PredefinedContent struct {
	ReferenceID string `json:"ReferenceID"`
	Language    string `json:"Language,omitempty"`
}

// DisplayOutput is one thing to show on one display device.
type DisplayOutput struct {
	ResponseRequiredFlag bool           `json:"ResponseRequiredFlag,omitempty"`
	MinimumDisplayTime   int            `json:"MinimumDisplayTime,omitempty"`
	Device               string         `json:"Device"`
	InfoQualify          string         `json:"InfoQualify"`
	OutputContent        DisplayContent `json:"OutputContent"`
}

// DisplayContent is what a DisplayOutput shows: a predefined reference
// and/or text lines.
type DisplayContent struct {
	OutputFormat      string             `json:"OutputFormat"`
	PredefinedContent *PredefinedContent `json:"PredefinedContent,omitempty"`
	OutputText        []OutputText       `json:"OutputText,omitempty"`
}

// DisplayRequest is sent by the terminal to the sale system, on the
// connection of the payment it concerns, to show the payment's progress on
// the cashier display. With ResponseRequiredFlag false (the only form this
// driver accepts) it is not answered.
type DisplayRequest struct {
	DisplayOutput []DisplayOutput `json:"DisplayOutput"`
}

// Display is one progress notification as the client hands it on.
type Display struct {
	// Event is one of the Event* names, or whatever else the terminal sent.
	Event string
	// Text is the terminal's own wording (its language, not the lane's).
	Text string
}

// DisplayEvent returns the Event* name a DisplayOutput references ("" if none).
func DisplayEvent(o DisplayOutput) string {
	if o.OutputContent.PredefinedContent == nil {
		return ""
	}
	ref := o.OutputContent.PredefinedContent.ReferenceID
	v, err := url.ParseQuery(ref)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(v.Get("event"))
}

// Displays returns the cashier-display status notifications of a request.
func Displays(r *DisplayRequest) []Display {
	var out []Display
	for _, o := range r.DisplayOutput {
		if o.Device != DeviceCashierDisplay || o.InfoQualify != InfoQualifyStatus {
			continue
		}
		var lines []string
		for _, t := range o.OutputContent.OutputText {
			lines = append(lines, t.Text)
		}
		out = append(out, Display{Event: DisplayEvent(o), Text: strings.Join(lines, " ")})
	}
	return out
}

// NewDisplay builds the DisplayRequest a terminal sends for one event.
func NewDisplay(event, text string) *DisplayRequest {
	return &DisplayRequest{DisplayOutput: []DisplayOutput{{Device: DeviceCashierDisplay, InfoQualify: InfoQualifyStatus,
		OutputContent: DisplayContent{OutputFormat: FormatMessageRef, PredefinedContent: &PredefinedContent{ReferenceID: "event=" + url.QueryEscape(event)},
			OutputText: []OutputText{{Text: text}}}}}}
}
