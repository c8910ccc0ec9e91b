// Package promo is Omnilane's promotions engine: given the live lines of a
// basket, the active promotions, the time and the coupons entered, it works
// out which discounts apply, how each is allocated to the lines it applies to
// (in minor units, summing exactly, so tax per rate stays right) and how each
// explains itself on the basket and the receipt.
//
// The engine is pure: no I/O, no clock, no floats. Build an Engine once from
// the promotions (see Parse for the JSON form) and call Apply for every
// change of the basket.
//
// How competing promotions are resolved:
//
//  1. Exclusive promotions (Stackable false) compete for units of lines. The
//     engine repeatedly evaluates every exclusive promotion on the units no
//     promotion has used yet and applies the one saving the customer the most
//     (ties: higher Priority, then lower ID), until none saves anything. A unit
//     used by one exclusive promotion (including the "buy" units of a
//     buy-X-get-Y) is not used by another. When a pick lowers what another
//     promotion would save, the choice is run again with that promotion
//     considered only after the others are exhausted (and, when a spend
//     threshold crowded out item promotions, with every threshold so
//     deferred); the run that saves the customer most is kept, the plain run
//     on a tie.
//  2. Stackable promotions then apply, item promotions before spend
//     thresholds, each in Priority (high first) then ID order, on what is left
//     of every matching line after the discounts so far. They use no units.
package promo
