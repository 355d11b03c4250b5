-- Up Migration

-- Mentor selection (a panel's evaluation of each seed school and its replicable practices) and
-- 1+X pairing (baseline self-assessments, pins and forbids, versioned proposals and approval).

alter table evidence_files drop constraint evidence_files_owner_kind_check;
alter table evidence_files add constraint evidence_files_owner_kind_check check (owner_kind in ('application', 'objection', 'practice'));

create table mentor_evaluations (
  campaign_id   uuid not null,
  school_id     uuid not null,
  bureau_id     uuid not null,
  -- {indicatorKey: 'excellent' | 'good' | 'fair' | 'weak'}
  ratings       jsonb not null,
  -- The rule's verdict when recorded: {mentor, excellent, practiceIndicators, explanation}.
  verdict       jsonb not null,
  evaluated_by  uuid not null references accounts (id) on delete restrict,
  evaluated_at  timestamptz not null default now(),
  primary key (campaign_id, school_id),
  foreign key (campaign_id, school_id) references campaign_schools (campaign_id, school_id) on delete cascade
);

create table practices (
  id             uuid primary key default gen_random_uuid(),
  campaign_id    uuid not null,
  school_id      uuid not null,
  bureau_id      uuid not null,
  indicator_key  text not null,
  title          text not null check (length(title) between 1 and 200),
  summary        text not null check (length(summary) between 1 and 4000),
  created_at     timestamptz not null default now(),
  foreign key (campaign_id, school_id) references campaign_schools (campaign_id, school_id) on delete cascade
);
create index practices_campaign_idx on practices (campaign_id, school_id);

-- A potential school's baseline: its own rating per indicator before pairing.
create table baselines (
  campaign_id  uuid not null,
  school_id    uuid not null,
  bureau_id    uuid not null,
  ratings      jsonb not null,
  recorded_by  uuid not null references accounts (id) on delete restrict,
  recorded_at  timestamptz not null default now(),
  primary key (campaign_id, school_id),
  foreign key (campaign_id, school_id) references campaign_schools (campaign_id, school_id) on delete cascade
);

create table pairing_versions (
  id           uuid primary key default gen_random_uuid(),
  campaign_id  uuid not null references campaigns (id) on delete cascade,
  version      integer not null check (version >= 1),
  kind         text not null check (kind in ('proposed', 'edited')),
  -- [{potentialId, mentorId, pinned, covers, sameDistrict, cost, explanation}]
  pairs        jsonb not null,
  pins         jsonb not null default '[]',
  forbids      jsonb not null default '[]',
  total_cost   numeric not null,
  content_hash text not null,
  reason       text,
  created_by   uuid not null references accounts (id) on delete restrict,
  created_at   timestamptz not null default now(),
  approved_by  uuid references accounts (id) on delete restrict,
  approved_at  timestamptz,
  unique (campaign_id, version)
);
create unique index pairing_one_approved on pairing_versions (campaign_id) where approved_at is not null;

-- Down Migration
drop table pairing_versions;
drop table baselines;
drop table practices;
drop table mentor_evaluations;
alter table evidence_files drop constraint evidence_files_owner_kind_check;
alter table evidence_files add constraint evidence_files_owner_kind_check check (owner_kind in ('application', 'objection'));
