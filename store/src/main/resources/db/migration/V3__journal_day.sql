-- Version 3: journal sequences restart every trading day (one journal cycle per IST day), so a row's
-- place in the journal is (journal_day, journal_seq), not the sequence alone.

ALTER TABLE monitor_log ADD COLUMN journal_day DATE;
ALTER TABLE orders ADD COLUMN journal_day DATE;
ALTER TABLE positions ADD COLUMN journal_day DATE;
ALTER TABLE trades ADD COLUMN journal_day DATE;
ALTER TABLE store_watermark ADD COLUMN journal_day DATE;

-- [jooq ignore start]
-- Rows written before this version get the IST day of their own time (data only: the code generator skips it).
UPDATE monitor_log SET journal_day = (fired_at AT TIME ZONE 'Asia/Kolkata')::date;
UPDATE orders SET journal_day = (updated_at AT TIME ZONE 'Asia/Kolkata')::date;
UPDATE positions SET journal_day = (updated_at AT TIME ZONE 'Asia/Kolkata')::date;
UPDATE trades SET journal_day = (traded_at AT TIME ZONE 'Asia/Kolkata')::date;
UPDATE store_watermark SET journal_day = (updated_at AT TIME ZONE 'Asia/Kolkata')::date;
-- [jooq ignore stop]

ALTER TABLE monitor_log ALTER COLUMN journal_day SET NOT NULL;
ALTER TABLE orders ALTER COLUMN journal_day SET NOT NULL;
ALTER TABLE positions ALTER COLUMN journal_day SET NOT NULL;
ALTER TABLE trades ALTER COLUMN journal_day SET NOT NULL;
ALTER TABLE store_watermark ALTER COLUMN journal_day SET NOT NULL;

ALTER TABLE monitor_log DROP CONSTRAINT monitor_log_journal_seq_rule_key;
ALTER TABLE monitor_log ADD CONSTRAINT monitor_log_journal_position_rule_key UNIQUE (journal_day, journal_seq, rule_id);
