// Package agent is a lane's sync agent. Beside the lane, never in its way,
// it pushes the device's journal to central in batches and records central's
// acknowledgement, and pulls the store's catalog feed into the local store,
// retrying with exponential backoff and jitter while central is unreachable.
// It reports its state as a pos.SyncStatusSource.
package agent
