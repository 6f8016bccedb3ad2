-- What adopting jit added to the application's schema (see AppUsersStore).

-- jit names accounts by a string; existing users get one so they can be linked by verified email.
ALTER TABLE users ADD COLUMN account_ref VARCHAR(64);
UPDATE users SET account_ref = 'app-' || CAST(id AS VARCHAR(20)) WHERE account_ref IS NULL;
ALTER TABLE users ALTER COLUMN account_ref SET NOT NULL;
ALTER TABLE users ADD CONSTRAINT users_account_ref_uk UNIQUE (account_ref);

ALTER TABLE users ADD COLUMN workload BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE users ADD COLUMN sso_attributes VARCHAR(65535) DEFAULT '{}' NOT NULL;
ALTER TABLE users ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE users ADD COLUMN row_version BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE users ADD COLUMN last_login_at TIMESTAMP WITH TIME ZONE;
-- False for an email a directory pushed (SCIM): it never links another login to the user.
ALTER TABLE users ADD COLUMN email_verified BOOLEAN DEFAULT TRUE NOT NULL;

-- The IdP identities that sign in to a user: unique within an organisation.
CREATE TABLE user_logins (
  organisation VARCHAR(128) NOT NULL,
  issuer VARCHAR(512) NOT NULL,
  subject VARCHAR(512) NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  position INT NOT NULL,
  CONSTRAINT user_logins_uk UNIQUE (organisation, issuer, subject)
);
CREATE INDEX user_logins_user ON user_logins (user_id);

-- Roles, with where each came from: 'idp' (mapped from groups, synced) or 'admin' (by hand, kept).
CREATE TABLE user_roles (
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role VARCHAR(128) NOT NULL,
  granted_by VARCHAR(8) NOT NULL,
  PRIMARY KEY (user_id, role, granted_by)
);
