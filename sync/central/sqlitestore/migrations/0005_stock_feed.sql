-- Stock in the store feed. A lane's position in a store's stock is the
-- highest stock_movements.id and the highest stock_count_changes.seq it has
-- seen: the levels changed since are those of SKUs moved or counted after
-- them. Counts are logged here by trigger, so every way of counting (admin
-- API, import, tools) is seen by the feed.
CREATE TABLE stock_count_changes (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id TEXT NOT NULL,
    sku      TEXT NOT NULL
);
CREATE INDEX stock_count_changes_by_store ON stock_count_changes (store_id, seq);

CREATE TRIGGER stock_counts_feed_insert AFTER INSERT ON stock_counts
BEGIN
    INSERT INTO stock_count_changes (store_id, sku) VALUES (NEW.store_id, NEW.sku);
END;

CREATE TRIGGER stock_counts_feed_update AFTER UPDATE ON stock_counts
BEGIN
    INSERT INTO stock_count_changes (store_id, sku) VALUES (NEW.store_id, NEW.sku);
END;
