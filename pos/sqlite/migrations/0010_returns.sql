-- Returns taken at this lane against any sale (this lane's, a peer's, or one
-- found through central), and the quantities returned per original line.
CREATE TABLE returns (
	id               TEXT PRIMARY KEY,
	number           INTEGER NOT NULL UNIQUE,
	original_sale_id TEXT NOT NULL,
	original_receipt TEXT NOT NULL,
	at               TEXT NOT NULL,
	operator         TEXT NOT NULL DEFAULT '',
	total            INTEGER NOT NULL,
	body             TEXT NOT NULL -- the pos.Return as JSON, exactly as journalled
);
CREATE INDEX returns_original ON returns(original_sale_id);

CREATE TABLE returned_lines (
	original_sale_id TEXT NOT NULL,
	line_no          INTEGER NOT NULL,
	qty              INTEGER NOT NULL CHECK (qty >= 0),
	PRIMARY KEY (original_sale_id, line_no)
) WITHOUT ROWID;
