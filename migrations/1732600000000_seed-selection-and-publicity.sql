-- Up Migration

-- Seed selection (nominations by departments, applications by schools, re-check), publicity
-- windows over immutable list versions, and objections with their handling.

create table nominations (
  campaign_id    uuid not null,
  school_id      uuid not null,
  department_id  uuid not null,
  bureau_id      uuid not null,
  -- Indicator keys of the campaign's template that the nomination rests on.
  indicators     text[] not null check (cardinality(indicators) > 0),
  reasons        text not null check (length(reasons) between 1 and 4000),
  nominated_by   uuid not null references accounts (id) on delete restrict,
  nominated_at   timestamptz not null default now(),
  primary key (campaign_id, school_id, department_id),
  foreign key (campaign_id, school_id) references campaign_schools (campaign_id, school_id) on delete cascade,
  foreign key (bureau_id, department_id) references departments (bureau_id, id) on delete restrict
);

create table applications (
  id               uuid primary key default gen_random_uuid(),
  campaign_id      uuid not null,
  school_id        uuid not null,
  bureau_id        uuid not null,
  -- {indicatorKey: {level: 'excellent' | 'good' | 'fair' | 'weak', note}} per template indicator.
  self_assessment  jsonb not null,
  statement        text not null check (length(statement) between 1 and 8000),
  status           text not null default 'submitted' check (status in ('submitted', 'passed', 'rejected')),
  decision_reason  text,
  decided_by       uuid references accounts (id) on delete restrict,
  decided_at       timestamptz,
  submitted_by     uuid not null references accounts (id) on delete restrict,
  submitted_at     timestamptz not null default now(),
  unique (campaign_id, school_id),
  foreign key (campaign_id, school_id) references campaign_schools (campaign_id, school_id) on delete cascade,
  check ((status = 'submitted') = (decided_at is null)),
  check (status <> 'rejected' or length(decision_reason) > 0)
);

-- Evidence attached to an application or an objection; the bytes live here with their checksum.
create table evidence_files (
  id            uuid primary key default gen_random_uuid(),
  bureau_id     uuid not null references bureaus (id) on delete cascade,
  owner_kind    text not null check (owner_kind in ('application', 'objection')),
  owner_id      uuid not null,
  filename      text not null check (length(filename) between 1 and 200),
  content_type  text not null,
  size_bytes    integer not null check (size_bytes between 1 and 10485760),
  sha256        text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  data          bytea not null,
  created_at    timestamptz not null default now()
);
create index evidence_files_owner_idx on evidence_files (owner_kind, owner_id);

-- A list as published: never changed; a correction is a new version.
create table published_lists (
  id            uuid primary key default gen_random_uuid(),
  campaign_id   uuid not null references campaigns (id) on delete cascade,
  list_key      text not null check (list_key ~ '^[a-z][a-z0-9_]{1,40}$'),
  version       integer not null check (version >= 1),
  items         jsonb not null,
  content_hash  text not null check (content_hash ~ '^[0-9a-f]{64}$'),
  final         boolean not null default false,
  reason        text,
  published_at  timestamptz not null,
  published_by  text not null,
  unique (campaign_id, list_key, version)
);

create function published_lists_immutable() returns trigger language plpgsql
  set search_path = pg_catalog, public, pg_temp as $$
begin
  -- Only the final flag may be set, once; the content never changes.
  if tg_op = 'UPDATE' and new.items = old.items and new.content_hash = old.content_hash and new.version = old.version
     and new.list_key = old.list_key and new.campaign_id = old.campaign_id and old.final = false then
    return new;
  end if;
  raise exception 'published lists are immutable (% refused)', tg_op using errcode = '42501';
end;
$$;
create trigger published_lists_immutable before update or delete on published_lists
  for each row execute function published_lists_immutable();

create table publicity_windows (
  id            uuid primary key default gen_random_uuid(),
  campaign_id   uuid not null references campaigns (id) on delete cascade,
  bureau_id     uuid not null references bureaus (id) on delete cascade,
  phase_key     text not null,
  round         integer not null default 1 check (round >= 1),
  list_id       uuid not null references published_lists (id) on delete restrict,
  opens_at      timestamptz not null,
  closes_at     timestamptz not null,
  duration      jsonb not null,
  contact       jsonb not null,
  status        text not null default 'open' check (status in ('open', 'closed', 'finalised')),
  final_list_id uuid references published_lists (id) on delete restrict,
  unique (campaign_id, phase_key, round),
  check (closes_at > opens_at)
);

create table objections (
  id                  uuid primary key default gen_random_uuid(),
  window_id           uuid not null references publicity_windows (id) on delete restrict,
  campaign_id         uuid not null references campaigns (id) on delete restrict,
  bureau_id           uuid not null references bureaus (id) on delete restrict,
  submitter_kind      text not null check (submitter_kind in ('school', 'unit', 'person')),
  -- Real name: a unit's name and contact; a person's name, unit and phone.
  submitter           jsonb not null,
  submitter_account   uuid references accounts (id) on delete restrict,
  submitter_school_id uuid references schools (id) on delete restrict,
  about_school_id     uuid references schools (id) on delete restrict,
  facts               text not null check (length(facts) between 1 and 8000),
  reasons             text not null check (length(reasons) between 1 and 8000),
  received_at         timestamptz not null,
  handling_deadline   timestamptz not null,
  status              text not null default 'received' check (status in ('received', 'assigned', 'decided')),
  handler_department  uuid references departments (id) on delete restrict,
  outcome             text check (outcome in ('upheld', 'dismissed')),
  decision_reason     text,
  decided_by          uuid references accounts (id) on delete restrict,
  decided_at          timestamptz,
  submitter_notified_at timestamptz,
  -- Lets a member of the public follow the objection without an account (SHA-256 of a secret).
  follow_key_hash     bytea not null,
  idempotency_key     text,
  body_hash           text not null,
  unique (window_id, idempotency_key),
  check ((status = 'decided') = (outcome is not null and decided_at is not null and length(decision_reason) > 0))
);
create index objections_window_idx on objections (window_id, status, handling_deadline);

-- Submissions that were not accepted (late, early, incomplete real name): recorded, never dropped.
create table objection_refusals (
  id           uuid primary key default gen_random_uuid(),
  window_id    uuid not null references publicity_windows (id) on delete restrict,
  received_at  timestamptz not null,
  reason       text not null check (reason in ('window_closed', 'window_not_open', 'window_finalised')),
  submitter    jsonb,
  body         jsonb not null
);
create index objection_refusals_window_idx on objection_refusals (window_id, received_at);

-- The in-app inbox: what a person or a department is told (channels come with the reminders issue).
create table notifications (
  id               uuid primary key default gen_random_uuid(),
  bureau_id        uuid not null references bureaus (id) on delete cascade,
  account_id       uuid references accounts (id) on delete cascade,
  department_id    uuid references departments (id) on delete cascade,
  objection_id     uuid references objections (id) on delete cascade,
  kind             text not null,
  title            jsonb not null,
  body             jsonb not null,
  idempotency_key  text not null unique,
  created_at       timestamptz not null default now(),
  read_at          timestamptz,
  check (account_id is not null or department_id is not null or objection_id is not null)
);
create index notifications_account_idx on notifications (account_id, created_at desc);
create index notifications_department_idx on notifications (department_id, created_at desc);

-- The application may not change a published list except to mark it final (the trigger), and
-- never deletes one.
revoke delete, truncate on published_lists from campaigns_app;

-- Down Migration
drop table notifications;
drop table objection_refusals;
drop table objections;
drop table publicity_windows;
drop trigger published_lists_immutable on published_lists;
drop function published_lists_immutable();
drop table published_lists;
drop table evidence_files;
drop table applications;
drop table nominations;
