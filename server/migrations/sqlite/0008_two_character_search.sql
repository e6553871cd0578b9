-- Searches of two characters are below the trigram index's length (0006), and a Chinese company
-- name is often two characters (云帆, 华为): they scanned every row. This index holds every
-- two-character window of the searched fields (company name, domain prefix, contact e-mail),
-- lower-cased and hex-encoded as one ASCII token, so a two-character search is one token lookup.
-- SQL can't cut text into pairs, so the server writes the tokens (`store::customers`), in the
-- same transaction as the row; deleting a row deletes its entry here. Contentless: the tokens
-- aren't stored twice.
CREATE VIRTUAL TABLE customers_pairs USING fts5(
    pairs, content = '', contentless_delete = 1, tokenize = 'ascii'
);
CREATE TRIGGER customers_pairs_delete AFTER DELETE ON customers BEGIN
    DELETE FROM customers_pairs WHERE rowid = old.rowid;
END;
-- Rows from before this migration are indexed by the server at its next start (one
-- transaction), which then sets `built`.
CREATE TABLE customers_pairs_state (built INTEGER NOT NULL);
INSERT INTO customers_pairs_state (built) VALUES (0);
