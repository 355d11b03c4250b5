-- Up Migration

-- Multi-year target plans (seeds 002 and 004): targets with dates and measures, the result of each
-- check, and the accountability entries a missed target produces (which the awards read).
create table target_plans (
  id          uuid primary key default gen_random_uuid(),
  bureau_id   uuid not null references bureaus (id) on delete cascade,
  name        text not null check (length(name) between 1 and 200),
  targets     jsonb not null,
  created_by  uuid references accounts (id) on delete restrict,
  created_at  timestamptz not null default now()
);

create table target_results (
  plan_id      uuid not null references target_plans (id) on delete cascade,
  target_key   text not null,
  checked_at   timestamptz not null,
  measured     numeric not null,
  required     numeric not null,
  met          boolean not null,
  explanation  jsonb not null,
  primary key (plan_id, target_key)
);

create table accountability_entries (
  id           uuid primary key default gen_random_uuid(),
  bureau_id    uuid not null references bureaus (id) on delete cascade,
  plan_id      uuid not null references target_plans (id) on delete cascade,
  target_key   text not null,
  year         integer not null,
  school_id    uuid references schools (id) on delete cascade,
  consequence  text not null check (consequence in ('no_honours', 'principal_flagged')),
  reason       jsonb not null,
  created_at   timestamptz not null default now(),
  unique (plan_id, target_key, school_id, consequence)
);
create index accountability_year_idx on accountability_entries (bureau_id, year);

-- Down Migration
drop table accountability_entries;
drop table target_results;
drop table target_plans;
