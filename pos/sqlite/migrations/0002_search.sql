-- Name search: accent- and case-insensitive word and prefix search.
CREATE VIRTUAL TABLE products_fts USING fts5(
	name, name_en,
	content='products', content_rowid='rowid',
	tokenize='unicode61 remove_diacritics 2',
	prefix='1 2 3'
);
CREATE TRIGGER products_ai AFTER INSERT ON products BEGIN
	INSERT INTO products_fts(rowid, name, name_en) VALUES (new.rowid, new.name, new.name_en);
END;
CREATE TRIGGER products_ad AFTER DELETE ON products BEGIN
	INSERT INTO products_fts(products_fts, rowid, name, name_en) VALUES ('delete', old.rowid, old.name, old.name_en);
END;
CREATE TRIGGER products_au AFTER UPDATE ON products BEGIN
	INSERT INTO products_fts(products_fts, rowid, name, name_en) VALUES ('delete', old.rowid, old.name, old.name_en);
	INSERT INTO products_fts(rowid, name, name_en) VALUES (new.rowid, new.name, new.name_en);
END;
