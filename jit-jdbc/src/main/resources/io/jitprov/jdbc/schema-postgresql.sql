-- jit schema for PostgreSQL 12 and later. %TABLE_PREFIX% is replaced by the configured prefix (default jit_).
CREATE TABLE IF NOT EXISTS %TABLE_PREFIX%tenant (
    tenant_id VARCHAR(255) NOT NULL,
    CONSTRAINT %TABLE_PREFIX%tenant_pk PRIMARY KEY (tenant_id)
);

CREATE TABLE IF NOT EXISTS %TABLE_PREFIX%account (
    id VARCHAR(64) NOT NULL,
    tenant_id VARCHAR(255) NOT NULL,
    email VARCHAR(320),
    kind VARCHAR(16) NOT NULL,
    status VARCHAR(16) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    version BIGINT NOT NULL,
    CONSTRAINT %TABLE_PREFIX%account_pk PRIMARY KEY (id),
    CONSTRAINT %TABLE_PREFIX%account_email_uk UNIQUE (tenant_id, email)
);

CREATE INDEX IF NOT EXISTS %TABLE_PREFIX%account_tenant_ix ON %TABLE_PREFIX%account (tenant_id, status);

CREATE TABLE IF NOT EXISTS %TABLE_PREFIX%identity (
    identity_key CHAR(64) NOT NULL,
    account_id VARCHAR(64) NOT NULL,
    issuer VARCHAR(1024) NOT NULL,
    subject VARCHAR(1024) NOT NULL,
    position INT NOT NULL,
    CONSTRAINT %TABLE_PREFIX%identity_pk PRIMARY KEY (identity_key),
    CONSTRAINT %TABLE_PREFIX%identity_account_fk FOREIGN KEY (account_id)
        REFERENCES %TABLE_PREFIX%account (id) ON DELETE CASCADE
);

CREATE INDEX IF NOT EXISTS %TABLE_PREFIX%identity_account_ix ON %TABLE_PREFIX%identity (account_id);

CREATE TABLE IF NOT EXISTS %TABLE_PREFIX%account_role (
    account_id VARCHAR(64) NOT NULL,
    role VARCHAR(255) NOT NULL,
    source VARCHAR(16) NOT NULL,
    CONSTRAINT %TABLE_PREFIX%account_role_pk PRIMARY KEY (account_id, role, source),
    CONSTRAINT %TABLE_PREFIX%account_role_fk FOREIGN KEY (account_id)
        REFERENCES %TABLE_PREFIX%account (id) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS %TABLE_PREFIX%account_attribute (
    account_id VARCHAR(64) NOT NULL,
    name VARCHAR(1024) NOT NULL,
    position INT NOT NULL,
    attr_value TEXT NOT NULL,
    CONSTRAINT %TABLE_PREFIX%account_attribute_pk PRIMARY KEY (account_id, name, position),
    CONSTRAINT %TABLE_PREFIX%account_attribute_fk FOREIGN KEY (account_id)
        REFERENCES %TABLE_PREFIX%account (id) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS %TABLE_PREFIX%replay (
    key_hash CHAR(64) NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT %TABLE_PREFIX%replay_pk PRIMARY KEY (key_hash)
);

CREATE INDEX IF NOT EXISTS %TABLE_PREFIX%replay_expires_ix ON %TABLE_PREFIX%replay (expires_at);

CREATE TABLE IF NOT EXISTS %TABLE_PREFIX%audit_event (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    event_id VARCHAR(64) NOT NULL,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    correlation_id VARCHAR(128) NOT NULL,
    action VARCHAR(64) NOT NULL,
    outcome VARCHAR(32) NOT NULL,
    tenant_id VARCHAR(255),
    issuer VARCHAR(1024),
    subject VARCHAR(1024),
    account_id VARCHAR(64),
    code VARCHAR(64),
    errors TEXT,
    roles_added TEXT,
    roles_removed TEXT,
    CONSTRAINT %TABLE_PREFIX%audit_event_pk PRIMARY KEY (seq),
    CONSTRAINT %TABLE_PREFIX%audit_event_uk UNIQUE (event_id)
);

CREATE INDEX IF NOT EXISTS %TABLE_PREFIX%audit_event_tenant_ix ON %TABLE_PREFIX%audit_event (tenant_id, occurred_at);
-- A connection's health reads the latest sign-ins through its IdP.
CREATE INDEX IF NOT EXISTS %TABLE_PREFIX%audit_event_issuer_ix ON %TABLE_PREFIX%audit_event (issuer, seq);

-- Added in 0.1 after the first schema: ADD COLUMN IF NOT EXISTS upgrades tables made before.
ALTER TABLE %TABLE_PREFIX%audit_event ADD COLUMN IF NOT EXISTS actor VARCHAR(64);
-- Added with the registry: what an administrator's change changed, and which settings.
ALTER TABLE %TABLE_PREFIX%audit_event ADD COLUMN IF NOT EXISTS resource VARCHAR(512);
ALTER TABLE %TABLE_PREFIX%audit_event ADD COLUMN IF NOT EXISTS changes TEXT;
ALTER TABLE %TABLE_PREFIX%account ADD COLUMN IF NOT EXISTS last_login_at TIMESTAMP WITH TIME ZONE;
-- Added in 0.1 with directory-pushed emails: rows from before hold only verified (or invited) emails.
ALTER TABLE %TABLE_PREFIX%account ADD COLUMN IF NOT EXISTS email_verified BOOLEAN DEFAULT TRUE NOT NULL;

CREATE TABLE IF NOT EXISTS %TABLE_PREFIX%access_grant (
    id VARCHAR(64) NOT NULL,
    tenant_id VARCHAR(255) NOT NULL,
    account_id VARCHAR(64) NOT NULL,
    role VARCHAR(255) NOT NULL,
    status VARCHAR(16) NOT NULL,
    requested_at TIMESTAMP WITH TIME ZONE NOT NULL,
    duration_seconds BIGINT NOT NULL,
    justification VARCHAR(2000),
    ticket VARCHAR(255),
    session_id VARCHAR(1024),
    activated_at TIMESTAMP WITH TIME ZONE,
    expires_at TIMESTAMP WITH TIME ZONE,
    ended_at TIMESTAMP WITH TIME ZONE,
    ended_by VARCHAR(64),
    end_reason VARCHAR(255),
    version BIGINT NOT NULL,
    CONSTRAINT %TABLE_PREFIX%access_grant_pk PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS %TABLE_PREFIX%access_grant_account_ix ON %TABLE_PREFIX%access_grant (account_id, status);
CREATE INDEX IF NOT EXISTS %TABLE_PREFIX%access_grant_tenant_ix ON %TABLE_PREFIX%access_grant (tenant_id, status);
CREATE INDEX IF NOT EXISTS %TABLE_PREFIX%access_grant_due_ix ON %TABLE_PREFIX%access_grant (status, expires_at);
-- Added in 0.1: at most one open (pending or active) grant per account and role, decided by the
-- database so that racing requests cannot both get one. open_role is the role while the grant is open.
ALTER TABLE %TABLE_PREFIX%access_grant ADD COLUMN IF NOT EXISTS open_role VARCHAR(255);
UPDATE %TABLE_PREFIX%access_grant SET open_role = role WHERE status IN ('PENDING', 'ACTIVE') AND open_role IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS %TABLE_PREFIX%access_grant_open_uk ON %TABLE_PREFIX%access_grant (account_id, open_role);

CREATE TABLE IF NOT EXISTS %TABLE_PREFIX%grant_approval (
    grant_id VARCHAR(64) NOT NULL,
    approver_id VARCHAR(64) NOT NULL,
    approved_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT %TABLE_PREFIX%grant_approval_pk PRIMARY KEY (grant_id, approver_id),
    CONSTRAINT %TABLE_PREFIX%grant_approval_fk FOREIGN KEY (grant_id)
        REFERENCES %TABLE_PREFIX%access_grant (id) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS %TABLE_PREFIX%delegation (
    id VARCHAR(64) NOT NULL,
    tenant_id VARCHAR(255) NOT NULL,
    delegate_tenant_id VARCHAR(255) NOT NULL,
    delegate_account_id VARCHAR(64) NOT NULL,
    permissions VARCHAR(255) NOT NULL,
    granted_by VARCHAR(64) NOT NULL,
    granted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at TIMESTAMP WITH TIME ZONE,
    revoked_by VARCHAR(64),
    CONSTRAINT %TABLE_PREFIX%delegation_pk PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS %TABLE_PREFIX%delegation_delegate_ix ON %TABLE_PREFIX%delegation (delegate_account_id);
CREATE INDEX IF NOT EXISTS %TABLE_PREFIX%delegation_tenant_ix ON %TABLE_PREFIX%delegation (tenant_id);

-- Domain claims (DomainRegistry): a domain is verified for one tenant at most, whatever the number
-- of nodes: verified_domain is the domain once verified, NULL while pending, and unique.
CREATE TABLE IF NOT EXISTS %TABLE_PREFIX%domain_claim (
    domain VARCHAR(253) NOT NULL,
    tenant_id VARCHAR(255) NOT NULL,
    include_subdomains BOOLEAN NOT NULL,
    state VARCHAR(16) NOT NULL,
    proof VARCHAR(16) NOT NULL,
    token VARCHAR(64) NOT NULL,
    claimed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    verified_at TIMESTAMP WITH TIME ZONE,
    verified_domain VARCHAR(253),
    CONSTRAINT %TABLE_PREFIX%domain_claim_pk PRIMARY KEY (domain, tenant_id),
    CONSTRAINT %TABLE_PREFIX%domain_claim_verified_uk UNIQUE (verified_domain)
);

CREATE INDEX IF NOT EXISTS %TABLE_PREFIX%domain_claim_tenant_ix ON %TABLE_PREFIX%domain_claim (tenant_id);

-- The registry of tenants and connections (JdbcRegistryStore): one versioned document each, and the
-- number of its last change. Every write takes the next number from the one registry_clock row in its
-- transaction, so numbers follow commit order. A deleted entry stays as a tombstone (deleted = TRUE)
-- and lets go of its key. The key (a connection's IdP) is unique through its hash: an entityID may be
-- longer than an index entry.
CREATE TABLE IF NOT EXISTS %TABLE_PREFIX%registry_entry (
    kind VARCHAR(16) NOT NULL,
    id VARCHAR(255) NOT NULL,
    tenant_id VARCHAR(255) NOT NULL,
    lookup_key VARCHAR(1100),
    lookup_key_hash VARCHAR(64),
    version BIGINT NOT NULL,
    document TEXT NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    change_seq BIGINT NOT NULL,
    deleted BOOLEAN NOT NULL,
    CONSTRAINT %TABLE_PREFIX%registry_entry_pk PRIMARY KEY (kind, id),
    CONSTRAINT %TABLE_PREFIX%registry_entry_change_uk UNIQUE (change_seq)
);

-- Added with connection keys: ADD COLUMN IF NOT EXISTS upgrades registries made before.
ALTER TABLE %TABLE_PREFIX%registry_entry ADD COLUMN IF NOT EXISTS lookup_key VARCHAR(1100);
ALTER TABLE %TABLE_PREFIX%registry_entry ADD COLUMN IF NOT EXISTS lookup_key_hash VARCHAR(64);
CREATE UNIQUE INDEX IF NOT EXISTS %TABLE_PREFIX%registry_entry_key_uk ON %TABLE_PREFIX%registry_entry (kind, lookup_key_hash);

CREATE INDEX IF NOT EXISTS %TABLE_PREFIX%registry_entry_tenant_ix ON %TABLE_PREFIX%registry_entry (tenant_id, kind);

CREATE TABLE IF NOT EXISTS %TABLE_PREFIX%registry_clock (
    id INT NOT NULL,
    last_change BIGINT NOT NULL,
    CONSTRAINT %TABLE_PREFIX%registry_clock_pk PRIMARY KEY (id)
);

INSERT INTO %TABLE_PREFIX%registry_clock (id, last_change)
    SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM %TABLE_PREFIX%registry_clock WHERE id = 1);
