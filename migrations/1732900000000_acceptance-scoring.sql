-- Up Migration

-- Acceptance (成果验收): a panel per stage, score sheets per reviewer and school, and sign-offs.

create table panel_members (
  campaign_id  uuid not null references campaigns (id) on delete cascade,
  stage_key    text not null check (stage_key ~ '^[a-z][a-z0-9_]{1,40}$'),
  reviewer_id  uuid not null references accounts (id) on delete restrict,
  bureau_id    uuid not null references bureaus (id) on delete cascade,
  role         text not null check (role in ('chair', 'member')),
  primary key (campaign_id, stage_key, reviewer_id)
);
create unique index panel_one_chair on panel_members (campaign_id, stage_key) where role = 'chair';

create table score_sheets (
  id            uuid primary key default gen_random_uuid(),
  campaign_id   uuid not null,
  stage_key     text not null,
  school_id     uuid not null,
  reviewer_id   uuid not null references accounts (id) on delete restrict,
  bureau_id     uuid not null references bureaus (id) on delete cascade,
  -- {indicatorKey: score} within the rubric's bounds
  scores        jsonb not null,
  comment       text check (comment is null or length(comment) <= 4000),
  status        text not null default 'draft' check (status in ('draft', 'submitted')),
  submitted_at  timestamptz,
  reopened      integer not null default 0,
  updated_at    timestamptz not null default now(),
  unique (campaign_id, stage_key, school_id, reviewer_id),
  foreign key (campaign_id, school_id) references campaign_schools (campaign_id, school_id) on delete cascade,
  check ((status = 'submitted') = (submitted_at is not null))
);

create table signoffs (
  campaign_id  uuid not null references campaigns (id) on delete cascade,
  stage_key    text not null,
  reviewer_id  uuid not null references accounts (id) on delete restrict,
  bureau_id    uuid not null references bureaus (id) on delete cascade,
  dissent      text check (dissent is null or length(dissent) between 1 and 4000),
  signed_at    timestamptz not null default now(),
  primary key (campaign_id, stage_key, reviewer_id)
);

-- Down Migration
drop table signoffs;
drop table score_sheets;
drop table panel_members;
