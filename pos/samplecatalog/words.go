package samplecatalog

// item is a kind of packaged product with the sizes it is sold in.
type item struct {
	es, en   string
	category string
	taxRate  int
	price    int64 // cents for the first size
	sizes    []size
	adult    bool
}

// size is a pack size and how much dearer it is than the first size, in percent.
type size struct {
	label string
	pct   int64
}

var (
	grams   = []size{{"250 g", 100}, {"500 g", 190}, {"1 kg", 360}, {"100 g", 45}}
	litres  = []size{{"1 L", 100}, {"1,5 L", 140}, {"500 ml", 60}, {"6 x 1 L", 560}}
	drinks  = []size{{"330 ml", 100}, {"1 L", 230}, {"6 x 330 ml", 540}, {"2 L", 380}}
	units   = []size{{"6 uds", 100}, {"12 uds", 190}, {"24 uds", 360}, {"30 uds", 440}}
	packs   = []size{{"1 ud", 100}, {"2 uds", 190}, {"pack 3", 270}, {"pack 6", 520}}
	bottles = []size{{"75 cl", 100}, {"1,5 L", 190}, {"37,5 cl", 55}, {"3 x 75 cl", 290}}
)

// items are the packaged product kinds. Prices are tax-included EUR cents.
var items = []item{
	{"Café molido", "Ground coffee", "despensa", 1000, 289, grams, false},
	{"Café en grano", "Coffee beans", "despensa", 1000, 349, grams, false},
	{"Leche entera", "Whole milk", "lácteos", 400, 99, litres, false},
	{"Leche semidesnatada", "Semi-skimmed milk", "lácteos", 400, 95, litres, false},
	{"Leche sin lactosa", "Lactose-free milk", "lácteos", 400, 119, litres, false},
	{"Yogur natural", "Plain yoghurt", "lácteos", 1000, 159, units, false},
	{"Queso curado", "Cured cheese", "lácteos", 400, 499, grams, false},
	{"Mantequilla", "Butter", "lácteos", 1000, 229, grams, false},
	{"Huevos camperos", "Free-range eggs", "frescos", 400, 219, units, false},
	{"Pan de molde", "Sliced bread", "panadería", 400, 149, packs, false},
	{"Barra de pan", "Baguette", "panadería", 400, 69, packs, false},
	{"Magdalenas", "Muffins", "panadería", 1000, 189, units, false},
	{"Galletas María", "Maria biscuits", "despensa", 1000, 129, grams, false},
	{"Arroz redondo", "Round rice", "despensa", 400, 139, grams, false},
	{"Arroz basmati", "Basmati rice", "despensa", 400, 199, grams, false},
	{"Espaguetis", "Spaghetti", "despensa", 400, 89, grams, false},
	{"Macarrones", "Macaroni", "despensa", 400, 89, grams, false},
	{"Garbanzos cocidos", "Cooked chickpeas", "despensa", 1000, 99, grams, false},
	{"Lentejas", "Lentils", "despensa", 400, 149, grams, false},
	{"Aceite de oliva virgen extra", "Extra virgin olive oil", "despensa", 400, 899, litres, false},
	{"Aceite de girasol", "Sunflower oil", "despensa", 1000, 249, litres, false},
	{"Tomate triturado", "Crushed tomatoes", "despensa", 1000, 99, grams, false},
	{"Atún en aceite", "Tuna in oil", "conservas", 1000, 319, packs, false},
	{"Sardinas en tomate", "Sardines in tomato", "conservas", 1000, 179, packs, false},
	{"Azúcar blanco", "White sugar", "despensa", 1000, 119, grams, false},
	{"Harina de trigo", "Wheat flour", "despensa", 400, 89, grams, false},
	{"Sal marina", "Sea salt", "despensa", 1000, 49, grams, false},
	{"Chocolate negro", "Dark chocolate", "dulces", 1000, 199, grams, false},
	{"Cacao en polvo", "Cocoa powder", "dulces", 1000, 299, grams, false},
	{"Mermelada de fresa", "Strawberry jam", "dulces", 1000, 219, grams, false},
	{"Miel de flores", "Wildflower honey", "dulces", 1000, 459, grams, false},
	{"Jamón serrano", "Serrano ham", "charcutería", 1000, 399, grams, false},
	{"Chorizo ibérico", "Iberian chorizo", "charcutería", 1000, 349, grams, false},
	{"Pechuga de pavo", "Turkey breast", "charcutería", 1000, 259, grams, false},
	{"Agua mineral", "Mineral water", "bebidas", 1000, 39, litres, false},
	{"Zumo de naranja", "Orange juice", "bebidas", 1000, 199, litres, false},
	{"Refresco de cola", "Cola soft drink", "bebidas", 2100, 79, drinks, false},
	{"Gaseosa", "Lemonade", "bebidas", 2100, 59, drinks, false},
	{"Cerveza", "Beer", "bebidas", 2100, 89, drinks, true},
	{"Vino tinto", "Red wine", "bodega", 2100, 549, bottles, true},
	{"Vino blanco", "White wine", "bodega", 2100, 499, bottles, true},
	{"Cava brut", "Brut cava", "bodega", 2100, 699, bottles, true},
	{"Detergente líquido", "Liquid detergent", "limpieza", 2100, 699, litres, false},
	{"Lavavajillas", "Washing-up liquid", "limpieza", 2100, 189, litres, false},
	{"Papel higiénico", "Toilet paper", "droguería", 2100, 349, units, false},
	{"Servilletas", "Napkins", "droguería", 2100, 129, packs, false},
	{"Champú", "Shampoo", "higiene", 2100, 299, litres, false},
	{"Gel de ducha", "Shower gel", "higiene", 2100, 249, litres, false},
	{"Pasta de dientes", "Toothpaste", "higiene", 2100, 199, packs, false},
	{"Pilas alcalinas AA", "AA alkaline batteries", "bazar", 2100, 499, packs, false},
}

// qualifiers make variants of an item; the first is the plain item.
var qualifiers = []struct{ es, en string }{
	{"", ""},
	{"ecológico", "organic"},
	{"sin gluten", "gluten-free"},
	{"bajo en sal", "low-salt"},
	{"sin azúcar", "sugar-free"},
	{"extra", "premium"},
	{"clásico", "classic"},
	{"familiar", "family size"},
	{"de oferta", "value"},
	{"gourmet", "gourmet"},
	{"tradicional", "traditional"},
	{"light", "light"},
	{"integral", "wholegrain"},
	{"artesano", "artisan"},
	{"del país", "local"},
	{"selección", "selection"},
	{"reserva", "reserve"},
	{"original", "original"},
	{"suave", "mild"},
	{"intenso", "strong"},
}

// brandHeads and brandTails combine into brand names; brand 0 is the store's
// own brand and adds nothing to the name.
var brandHeads = []string{
	"Sol", "Monte", "Río", "Valle", "Campo", "Mar", "Sierra", "Prado",
	"Cielo", "Huerta", "Roble", "Olivo", "Lucero", "Brisa", "Arena", "Nieve",
}

var brandTails = []string{
	"Verde", "del Sur", "Real", "Alto", "Claro", "Dorado", "Nuevo", "Mayor",
	"de Oro", "Azul", "Blanco", "Fino", "Noble", "del Norte", "Rico", "Viejo",
}

// produceItem is a fruit or vegetable sold by weight under a PLU.
type produceItem struct {
	plu      string
	es, en   string
	pricePKg int64
}

// produce items are sold by weight; Price is per kilogram. 94xxx PLUs are
// the organic versions.
var produce = []produceItem{
	{"4011", "Plátano de Canarias", "Canary Islands banana", 199},
	{"4062", "Pepino", "Cucumber", 149},
	{"4087", "Tomate pera", "Plum tomato", 229},
	{"4131", "Manzana Fuji", "Fuji apple", 239},
	{"4012", "Naranja de mesa", "Navel orange", 159},
	{"4048", "Lima", "Lime", 399},
	{"4053", "Limón", "Lemon", 189},
	{"4072", "Patata", "Potato", 119},
	{"4082", "Cebolla", "Onion", 129},
	{"4065", "Pimiento verde", "Green pepper", 249},
	{"4225", "Aguacate", "Avocado", 599},
	{"4409", "Pera conferencia", "Conference pear", 219},
	{"94011", "Plátano ecológico", "Organic banana", 279},
	{"94131", "Manzana Fuji ecológica", "Organic Fuji apple", 339},
	{"94087", "Tomate pera ecológico", "Organic plum tomato", 329},
}
