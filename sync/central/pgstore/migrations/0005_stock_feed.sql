-- Stock in the store feed (as the SQLite backend's 0005_stock_feed.sql). A
-- lane's position in a store's stock is the highest stock_movements.id and
-- the highest stock_count_changes.seq it has seen. Both are taken under the
-- store's stock lock (every writer of a store's stock holds it), so within a
-- store they grow in commit order and a reader holding the lock shared sees
-- no change of that store in flight.
CREATE TABLE stock_count_changes (
    seq      bigserial PRIMARY KEY,
    store_id text      NOT NULL,
    sku      text      NOT NULL
);
CREATE INDEX stock_count_changes_by_store ON stock_count_changes (store_id, seq);

CREATE FUNCTION stock_counts_feed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO stock_count_changes (store_id, sku) VALUES (NEW.store_id, NEW.sku);
    RETURN NULL;
END;
$$;

CREATE TRIGGER stock_counts_feed AFTER INSERT OR UPDATE ON stock_counts
    FOR EACH ROW EXECUTE FUNCTION stock_counts_feed();
