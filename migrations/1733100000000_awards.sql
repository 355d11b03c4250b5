-- Up Migration

-- Awards (表彰奖励): the engine's proposal per school, the bureau's overrides with their reasons,
-- and the approval of the whole list.
create table award_outcomes (
  campaign_id           uuid not null,
  school_id             uuid not null,
  bureau_id             uuid not null references bureaus (id) on delete cascade,
  role                  text not null check (role in ('mentor', 'seed', 'potential')),
  metrics               jsonb not null,
  proposed_category     text,
  proposed_vetoed       boolean not null,
  proposed_explanation  jsonb not null,
  category              text,
  vetoed                boolean not null,
  override_reason       text check (override_reason is null or length(override_reason) between 1 and 2000),
  overridden_by         uuid references accounts (id) on delete restrict,
  primary key (campaign_id, school_id),
  foreign key (campaign_id, school_id) references campaign_schools (campaign_id, school_id) on delete cascade,
  check ((override_reason is null) = (overridden_by is null))
);

create table award_approvals (
  campaign_id   uuid primary key references campaigns (id) on delete cascade,
  content_hash  text not null,
  approved_by   uuid not null references accounts (id) on delete restrict,
  approved_at   timestamptz not null default now()
);

-- Down Migration
drop table award_approvals;
drop table award_outcomes;
