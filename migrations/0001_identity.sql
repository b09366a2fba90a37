-- 0001_identity: tenants and the identities that act in them.
-- organizations (the nil-UUID default org is seeded here), agents (one API identity per agent_id and
-- org, with its role and legacy Argon2id key hash) and access_grants (an agent's grant to read another
-- agent's traces). Other code reads these columns by name: change them only in a new migration.

CREATE TABLE organizations (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name       text        NOT NULL,
    slug       text        NOT NULL UNIQUE,
    plan       text        NOT NULL DEFAULT 'oss',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO organizations (id, name, slug)
VALUES ('00000000-0000-0000-0000-000000000000', 'Default', 'default');

CREATE TABLE agents (
    id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id       uuid        NOT NULL REFERENCES organizations (id),
    agent_id     text        NOT NULL CHECK (agent_id ~ '^[A-Za-z0-9._@-]{1,255}$'),
    name         text        NOT NULL,
    role         text        NOT NULL CHECK (role IN ('platform_admin', 'org_owner', 'admin', 'agent', 'reader')),
    api_key_hash text        NULL,
    tags         text[]      NOT NULL DEFAULT '{}',
    metadata     jsonb       NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    last_seen    timestamptz NULL,
    CONSTRAINT agents_org_agent_key UNIQUE (org_id, agent_id)
);

-- POST /auth/token looks an agent_id up across every org.
CREATE INDEX agents_agent_id_idx ON agents (agent_id);
-- Row visibility: agents sharing a tag see each other's traces.
CREATE INDEX agents_tags_idx ON agents USING gin (tags);

CREATE TABLE access_grants (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id        uuid        NOT NULL REFERENCES organizations (id),
    grantor_id    uuid        NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    grantee_id    uuid        NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    resource_type text        NOT NULL CHECK (resource_type IN ('agent_traces', 'decision', 'run')),
    resource_id   text        NULL,
    permission    text        NOT NULL CHECK (permission IN ('read', 'write')),
    granted_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NULL,
    -- NULLS NOT DISTINCT: a grant on "every resource" (resource_id NULL) is unique too.
    CONSTRAINT access_grants_unique UNIQUE NULLS NOT DISTINCT (grantee_id, resource_type, resource_id, permission)
);

CREATE INDEX access_grants_org_grantee_idx ON access_grants (org_id, grantee_id);
