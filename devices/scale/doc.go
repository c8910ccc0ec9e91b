// Package scale drives retail checkout scales (the scale half of a
// scanner-scale such as the Datalogic Magellan, or a stand-alone POS scale)
// over a transport: serial, a pseudo-terminal in tests, or TCP through a
// serial server. It speaks the two dialects such scales offer to a POS:
//
//   - DialectToledo8213, the "Toledo 8213" demand protocol (Datalogic calls
//     it "RS-232 standard / SASI"): the host sends 'W', the scale answers
//     STX, the weight with its decimal point and CR, or STX '?', one status
//     byte and CR when it has no valid weight (motion, out of range, under
//     zero, outside zero capture range).
//   - DialectNCI, the Weigh-Tronix/NCI "general scale" ECR protocol: the
//     host sends "W\r", the scale answers LF weight unit CR LF 'S' status
//     bytes CR ETX, or only LF 'S' status bytes CR ETX without a valid
//     weight.
//
// Parse checks every reply strictly and says why it refuses one. Weights
// are whole grams. Scale.Weigh waits for a stable weight, asking again while
// the scale reports motion, up to a time limit.
package scale
