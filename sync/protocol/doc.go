// Package protocol is the versioned wire format between a lane's sync agent
// and central (see ../PROTOCOL.md): journal batches up, acknowledgements and
// catalog feed pages down, and JSON errors with codes. Both sides use these
// types and decoders, so a change here is a change of the protocol.
package protocol
