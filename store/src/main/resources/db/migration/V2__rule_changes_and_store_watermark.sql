-- Version 2: rule change notifications for the engine, soft deletion, and the writer's watermark.

-- A rule's definition version: bumped on every change of what the rule means, never by the engine's
-- own bookkeeping (fire_count, fired_at), so the engine is not told about its own writes.
ALTER TABLE monitor_rule ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
-- Deleted rules stay (their monitor log refers to them); deleted_at hides them and stops them.
ALTER TABLE monitor_rule ADD COLUMN deleted_at TIMESTAMPTZ;

-- The journal sequence through which every monitor-log/order row is known to be in the store.
-- After an outage the engine replays the journal from here; the upserts make the replay harmless.
CREATE TABLE store_watermark (
    stream       VARCHAR(64) PRIMARY KEY,
    journal_seq  BIGINT      NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- [jooq ignore start]
-- PL/pgSQL is PostgreSQL's alone; jOOQ's DDL interpreter (code generation) skips this part.
CREATE FUNCTION monitor_rule_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.user_id, NEW.name, NEW.enabled, NEW.trigger_type, NEW.trigger_config, NEW.action_type,
        NEW.action_config, NEW.instrument_token, NEW.symbol, NEW.linked_trade_id, NEW.linked_order_id,
        NEW.max_fires, NEW.expires_at, NEW.deleted_at)
       IS DISTINCT FROM
       (OLD.user_id, OLD.name, OLD.enabled, OLD.trigger_type, OLD.trigger_config, OLD.action_type,
        OLD.action_config, OLD.instrument_token, OLD.symbol, OLD.linked_trade_id, OLD.linked_order_id,
        OLD.max_fires, OLD.expires_at, OLD.deleted_at) THEN
        NEW.version := OLD.version + 1;
        NEW.updated_at := now();
    ELSE
        NEW.version := OLD.version;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER monitor_rule_bump_version BEFORE UPDATE ON monitor_rule
    FOR EACH ROW EXECUTE FUNCTION monitor_rule_bump_version();

-- Delivered at commit, in commit order; the payload is the rule id.
CREATE FUNCTION monitor_rule_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('kavach_rule_changed', OLD.id::text);
        RETURN OLD;
    END IF;
    IF TG_OP = 'INSERT' OR NEW.version <> OLD.version THEN
        PERFORM pg_notify('kavach_rule_changed', NEW.id::text);
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER monitor_rule_notify AFTER INSERT OR UPDATE OR DELETE ON monitor_rule
    FOR EACH ROW EXECUTE FUNCTION monitor_rule_notify();
-- [jooq ignore stop]
