-- Up Migration

-- Conventions: every table lives in public; ids are uuid (bureau-facing codes are separate,
-- unique per bureau); every foreign key states its ON DELETE; constraints sit in CREATE TABLE.

create table bureaus (
  id          uuid primary key default gen_random_uuid(),
  code        text not null unique check (code ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name        text not null check (length(name) between 1 and 200),
  timezone    text not null default 'Asia/Shanghai',
  created_at  timestamptz not null default now()
);

create table departments (
  id          uuid primary key default gen_random_uuid(),
  bureau_id   uuid not null references bureaus (id) on delete cascade,
  code        text not null check (length(code) between 1 and 64),
  name        text not null check (length(name) between 1 and 200),
  created_at  timestamptz not null default now(),
  unique (bureau_id, code)
);

create table schools (
  id          uuid primary key default gen_random_uuid(),
  bureau_id   uuid not null references bureaus (id) on delete cascade,
  code        text not null check (length(code) between 1 and 64),
  name        text not null check (length(name) between 1 and 200),
  district    text not null check (length(district) between 1 and 100),
  -- primary 小学, junior 初中, nine_year 九年一贯, twelve_year 十二年一贯, complete_secondary 完全中学, special 特殊教育
  level       text not null check (level in ('primary', 'junior', 'nine_year', 'twelve_year', 'complete_secondary', 'special')),
  created_at  timestamptz not null default now(),
  unique (bureau_id, code),
  unique (bureau_id, id)
);

create table campaigns (
  id             uuid primary key default gen_random_uuid(),
  bureau_id      uuid not null references bureaus (id) on delete restrict,
  name           text not null check (length(name) between 1 and 200),
  template_key   text not null,
  -- The template as it was when the campaign was created: later template edits never change a running campaign.
  template       jsonb not null,
  settings       jsonb not null default '{}'::jsonb,
  status         text not null default 'draft' check (status in ('draft', 'running', 'completed', 'failed', 'cancelled')),
  workflow_id    text not null unique,
  starts_at      timestamptz not null,
  created_at     timestamptz not null default now(),
  started_at     timestamptz,
  completed_at   timestamptz,
  unique (bureau_id, id)
);

create table campaign_schools (
  campaign_id  uuid not null,
  school_id    uuid not null,
  bureau_id    uuid not null,
  primary key (campaign_id, school_id),
  foreign key (bureau_id, campaign_id) references campaigns (bureau_id, id) on delete cascade,
  -- Composite keys keep a campaign from listing another bureau's school.
  foreign key (bureau_id, school_id) references schools (bureau_id, id) on delete restrict
);

create table phase_instances (
  campaign_id    uuid not null references campaigns (id) on delete cascade,
  phase_key      text not null,
  seq            integer not null check (seq >= 0),
  kind           text not null,
  status         text not null check (status in ('open', 'awaiting_approval', 'approved')),
  opened_at      timestamptz not null,
  deadline_at    timestamptz not null,
  duration       jsonb not null,
  closed_at      timestamptz,
  approved_at    timestamptz,
  approved_by    text,
  approval_note  text,
  ended_at       timestamptz,
  primary key (campaign_id, phase_key),
  unique (campaign_id, seq)
);

create table audit_events (
  id               bigint generated always as identity primary key,
  bureau_id        uuid not null references bureaus (id) on delete restrict,
  campaign_id      uuid references campaigns (id) on delete restrict,
  actor            text not null,
  action           text not null,
  subject          text not null,
  before           jsonb,
  after            jsonb,
  reason           text,
  request_id       text,
  -- A retried activity or request carries the same key and therefore writes nothing twice.
  idempotency_key  text not null unique,
  occurred_at      timestamptz not null default now()
);
create index audit_events_campaign_idx on audit_events (campaign_id, id);
create index audit_events_bureau_idx on audit_events (bureau_id, id);

-- Audit events are append-only: no update, no delete, whatever the caller.
create function audit_events_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_events is append-only (% refused)', tg_op using errcode = '42501';
end;
$$;
create trigger audit_events_no_update before update or delete on audit_events
  for each row execute function audit_events_append_only();
create trigger audit_events_no_truncate before truncate on audit_events
  for each statement execute function audit_events_append_only();

-- Down Migration
drop table audit_events;
drop function audit_events_append_only();
drop table phase_instances;
drop table campaign_schools;
drop table campaigns;
drop table schools;
drop table departments;
drop table bureaus;
