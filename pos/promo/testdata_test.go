package promo

// exampleJSON has one promotion of every type, as README.md shows them.
const exampleJSON = `{"promotions": [
  {"id": "CAFE-10", "type": "percent_off", "name": {"es": "10 % en café", "en": "10% off coffee"},
   "target": {"categories": ["cafe"]}, "percent": 10},
  {"id": "LECHE-020", "type": "amount_off", "name": {"es": "Leche 0,20 € menos", "en": "Milk 20c off"},
   "target": {"skus": ["LECHE"]}, "amount": "0.20"},
  {"id": "BEB-2+1", "type": "buy_x_get_y", "name": {"es": "Compra 2 y llévate 1 gratis", "en": "Buy 2 get 1 free"},
   "target": {"categories": ["bebidas"]}, "buy": 2, "get": 1, "percent": 100},
  {"id": "CAFE-3X2", "type": "multi_buy", "name": {"es": "3x2 Café molido", "en": "3 for 2 ground coffee"},
   "target": {"categories": ["cafe"]}, "qty": 3, "pay_qty": 2, "priority": 10},
  {"id": "YOGUR-2X5", "type": "multi_buy", "name": {"es": "2 por 5,00 €", "en": "2 for €5.00"},
   "target": {"skus": ["YOGUR"]}, "qty": 2, "price": "5.00"},
  {"id": "DESAYUNO", "type": "mix_match", "name": {"es": "3 de desayuno por 4 €", "en": "Any 3 breakfast items for €4"},
   "target": {"categories": ["lacteos", "panaderia"], "exclude_skus": ["LECHE"]}, "qty": 3, "price": "4.00"},
  {"id": "GASTA-50", "type": "spend_threshold", "name": {"es": "5 € de descuento por 50 €", "en": "€5 off when you spend €50"},
   "min_spend": "50.00", "amount": "5.00", "stackable": true},
  {"id": "NAVIDAD", "type": "spend_threshold", "name": {"es": "Cupón Navidad 10 %", "en": "Christmas coupon 10%"},
   "min_spend": "30.00", "percent": 10, "coupon": "NAVIDAD26",
   "valid": {"from": "2026-12-01T00:00:00+01:00", "to": "2027-01-07T00:00:00+01:00",
             "weekdays": ["mon", "tue", "wed", "thu", "fri"], "hours": {"from": "09:00", "to": "14:00"}}}
]}`
