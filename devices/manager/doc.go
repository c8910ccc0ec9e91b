// Package manager opens the devices the lane configuration names, reports
// which loaded, which were skipped and which failed, watches their health
// and reconnects them by itself, publishing typed state and scan events on a
// devices.Bus. A missing device never stops the lane.
package manager
