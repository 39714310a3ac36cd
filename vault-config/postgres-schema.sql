-- The attribution log in PostgreSQL: one row per record, each gateway instance keeping its own
-- hash chain (seq 1, 2, ... and prevHash of the row before). Run by the table's owner.
CREATE TABLE attribution (
    instance   text        NOT NULL,  -- the gateway instance (audit.postgres.instance)
    seq        bigint      NOT NULL,  -- 1, 2, ... within the instance, no gaps
    line       text        NOT NULL,  -- the sealed record, byte for byte as hashed
    written_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (instance, seq)
);
-- Append-only for the gateway: it may read (to continue its chain) and insert, nothing else.
REVOKE ALL ON attribution FROM PUBLIC;
GRANT SELECT, INSERT ON attribution TO jitgate_gateway;
