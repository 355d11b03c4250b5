-- Up Migration

-- Identity (accounts, sessions and API tokens), reviewer scope (assignments and declared
-- conflicts), a hash chain over the audit trail, and the restricted role the application runs as.

alter table departments add constraint departments_bureau_id_id_key unique (bureau_id, id);

create table accounts (
  id             uuid primary key default gen_random_uuid(),
  bureau_id      uuid not null references bureaus (id) on delete cascade,
  -- Usernames are unique across bureaus so a person logs in with the name alone.
  username       text not null unique check (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
  display_name   text not null check (length(display_name) between 1 and 100),
  role           text not null check (role in ('bureau_admin', 'department_staff', 'reviewer', 'school')),
  department_id  uuid,
  -- school users act for this school; for a reviewer it is the school they work at (for recusal).
  school_id      uuid,
  email          text check (email is null or length(email) <= 200),
  phone          text check (phone is null or length(phone) <= 40),
  password_hash  text not null,
  failed_logins  integer not null default 0 check (failed_logins >= 0),
  locked_until   timestamptz,
  disabled_at    timestamptz,
  last_login_at  timestamptz,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  unique (bureau_id, id),
  foreign key (bureau_id, department_id) references departments (bureau_id, id) on delete restrict,
  foreign key (bureau_id, school_id) references schools (bureau_id, id) on delete restrict,
  check ((role = 'department_staff') = (department_id is not null)),
  check (role <> 'school' or school_id is not null),
  check (role in ('school', 'reviewer') or school_id is null)
);

-- Sessions (from a login) and API tokens (for systems). Only a SHA-256 of the secret is kept.
create table access_tokens (
  id            uuid primary key default gen_random_uuid(),
  account_id    uuid not null references accounts (id) on delete cascade,
  kind          text not null check (kind in ('session', 'api')),
  name          text check (name is null or length(name) between 1 and 100),
  token_hash    bytea not null unique,
  scopes        text[] not null check (scopes <@ array['read', 'write']::text[] and cardinality(scopes) > 0),
  created_at    timestamptz not null default now(),
  expires_at    timestamptz,
  last_used_at  timestamptz,
  revoked_at    timestamptz,
  check (kind = 'api' or expires_at is not null)
);
create index access_tokens_account_idx on access_tokens (account_id);

-- A conflict of interest a reviewer (or the bureau for them) declared with a school.
create table reviewer_conflicts (
  bureau_id    uuid not null,
  reviewer_id  uuid not null,
  school_id    uuid not null,
  reason       text not null check (length(reason) between 1 and 1000),
  declared_at  timestamptz not null default now(),
  primary key (reviewer_id, school_id),
  foreign key (bureau_id, reviewer_id) references accounts (bureau_id, id) on delete cascade,
  foreign key (bureau_id, school_id) references schools (bureau_id, id) on delete cascade
);

-- Which schools of a campaign a reviewer may see and score.
create table reviewer_assignments (
  campaign_id  uuid not null,
  reviewer_id  uuid not null,
  school_id    uuid not null,
  bureau_id    uuid not null,
  assigned_at  timestamptz not null default now(),
  primary key (campaign_id, reviewer_id, school_id),
  foreign key (bureau_id, campaign_id) references campaigns (bureau_id, id) on delete cascade,
  foreign key (bureau_id, reviewer_id) references accounts (bureau_id, id) on delete cascade,
  foreign key (campaign_id, school_id) references campaign_schools (campaign_id, school_id) on delete cascade
);
create index reviewer_assignments_reviewer_idx on reviewer_assignments (reviewer_id, campaign_id);

-- The audit trail becomes a hash chain: one chain per campaign, and one per bureau for events
-- outside any campaign (accounts). Each event's hash covers its content and the previous hash, so
-- an edited, removed or inserted event breaks the chain from that point on.
alter table audit_events
  add column actor_account_id uuid,
  add column content_hash text check (content_hash is null or content_hash ~ '^[0-9a-f]{64}$'),
  add column chain text,
  add column seq bigint,
  add column prev_hash text,
  add column hash text;

create table audit_chain_heads (
  chain  text primary key,
  seq    bigint not null,
  hash   text not null
);

-- The canonical form: PostgreSQL's jsonb text (keys in a fixed order, fixed spacing) of the
-- event's fields, with the time in UTC to the microsecond; SHA-256, hex.
create function audit_event_hash(e audit_events) returns text language sql immutable as $$
  select encode(sha256(convert_to(jsonb_build_object(
    'v', 1,
    'chain', e.chain,
    'seq', e.seq,
    'prevHash', e.prev_hash,
    'occurredAt', to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'bureauId', e.bureau_id,
    'campaignId', e.campaign_id,
    'actor', e.actor,
    'actorAccountId', e.actor_account_id,
    'action', e.action,
    'subject', e.subject,
    'before', e.before,
    'after', e.after,
    'reason', e.reason,
    'contentHash', e.content_hash,
    'requestId', e.request_id,
    'idempotencyKey', e.idempotency_key
  )::text, 'UTF8')), 'hex')
$$;

-- Every insert, by whatever path, is chained here: the caller cannot choose seq or hashes.
-- Security definer so the application role needs no rights on the chain heads.
create function audit_events_chain() returns trigger language plpgsql security definer set search_path = public as $$
declare
  head audit_chain_heads%rowtype;
begin
  new.chain := coalesce('campaign:' || new.campaign_id::text, 'bureau:' || new.bureau_id::text);
  insert into audit_chain_heads (chain, seq, hash) values (new.chain, 0, '') on conflict (chain) do nothing;
  select * into head from audit_chain_heads where chain = new.chain for update;
  -- A retried write (same idempotency key) is skipped here, under the chain's lock, so the chain
  -- never advances for an event that ON CONFLICT DO NOTHING would then drop.
  if exists (select 1 from audit_events where idempotency_key = new.idempotency_key) then
    return null;
  end if;
  new.seq := head.seq + 1;
  new.prev_hash := nullif(head.hash, '');
  new.hash := audit_event_hash(new);
  update audit_chain_heads set seq = new.seq, hash = new.hash where chain = new.chain;
  return new;
end;
$$;

-- Chain the events written before this migration, in the order they were written.
do $$
declare
  r audit_events;
  head audit_chain_heads%rowtype;
begin
  alter table audit_events disable trigger audit_events_no_update;
  for r in select * from audit_events order by id loop
    r.chain := coalesce('campaign:' || r.campaign_id::text, 'bureau:' || r.bureau_id::text);
    insert into audit_chain_heads (chain, seq, hash) values (r.chain, 0, '') on conflict (chain) do nothing;
    select * into head from audit_chain_heads where chain = r.chain;
    r.seq := head.seq + 1;
    r.prev_hash := nullif(head.hash, '');
    r.hash := audit_event_hash(r);
    update audit_events set chain = r.chain, seq = r.seq, prev_hash = r.prev_hash, hash = r.hash where id = r.id;
    update audit_chain_heads set seq = r.seq, hash = r.hash where chain = r.chain;
  end loop;
  alter table audit_events enable trigger audit_events_no_update;
end;
$$;

alter table audit_events
  alter column chain set not null,
  alter column seq set not null,
  alter column hash set not null,
  add constraint audit_events_chain_seq_key unique (chain, seq);
create index audit_events_content_hash_idx on audit_events (content_hash) where content_hash is not null;

create trigger audit_events_chain before insert on audit_events
  for each row execute function audit_events_chain();

-- The role the API and the worker run as (they `set role` to it on connect). It may read and
-- append audit events, never change or remove them; the triggers above refuse that even to owners.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'campaigns_app') then
    create role campaigns_app nologin;
  end if;
exception when duplicate_object then
  null; -- another database of this cluster created it at the same moment
end;
$$;
do $$
begin
  if not (select rolsuper from pg_roles where rolname = current_user) then
    execute format('grant campaigns_app to %I', current_user);
  end if;
end;
$$;
grant usage on schema public to campaigns_app;
grant select, insert, update, delete on all tables in schema public to campaigns_app;
grant usage, select on all sequences in schema public to campaigns_app;
revoke update, delete, truncate on audit_events from campaigns_app;
revoke all on audit_chain_heads from campaigns_app;
grant select on audit_chain_heads to campaigns_app;
revoke all on pgmigrations from campaigns_app;
-- Tables created by later migrations (run by this same owner) get the same grants.
alter default privileges in schema public grant select, insert, update, delete on tables to campaigns_app;
alter default privileges in schema public grant usage, select on sequences to campaigns_app;

-- Down Migration
alter default privileges in schema public revoke usage, select on sequences from campaigns_app;
alter default privileges in schema public revoke select, insert, update, delete on tables from campaigns_app;
revoke all on all tables in schema public from campaigns_app;
revoke all on all sequences in schema public from campaigns_app;
revoke usage on schema public from campaigns_app;
drop trigger audit_events_chain on audit_events;
drop function audit_events_chain();
drop function audit_event_hash(audit_events);
drop table audit_chain_heads;
alter table audit_events drop constraint audit_events_chain_seq_key,
  drop column actor_account_id, drop column content_hash, drop column chain, drop column seq,
  drop column prev_hash, drop column hash;
drop table reviewer_assignments;
drop table reviewer_conflicts;
drop table access_tokens;
drop table accounts;
alter table departments drop constraint departments_bureau_id_id_key;
