-- Up Migration

-- The county checklist of the 优质均衡 assessment (seed 004's 任务分解表): the 15 government-
-- guarantee and 9 education-quality indicators, the social-recognition survey and the veto
-- conditions, one checklist per bureau and school year, each item owed by a lead department with
-- assisting departments by its due date, submitted with a statement and evidence, and accepted or
-- returned by the bureau.
create table readiness_checklists (
  id           uuid primary key default gen_random_uuid(),
  bureau_id    uuid not null references bureaus (id) on delete cascade,
  school_year  text not null check (school_year ~ '^[0-9]{4}-[0-9]{4}$'),
  due_on       date not null,
  -- When to remind (offsets in working or calendar days); null: the defaults.
  reminders    jsonb,
  created_by   uuid references accounts (id) on delete restrict,
  created_at   timestamptz not null default now(),
  unique (bureau_id, school_year)
);

create table checklist_items (
  checklist_id        uuid not null references readiness_checklists (id) on delete cascade,
  code                text not null,
  lead_department     uuid references departments (id) on delete set null,
  assisting           uuid[] not null default '{}',
  due_on              date not null,
  status              text not null default 'open' check (status in ('open', 'submitted', 'accepted', 'returned')),
  met                 boolean,
  value               numeric,
  statement           text,
  submitted_by        uuid references accounts (id) on delete restrict,
  submitted_at        timestamptz,
  review_reason       text,
  reviewed_by         uuid references accounts (id) on delete restrict,
  reviewed_at         timestamptz,
  primary key (checklist_id, code)
);

create table checklist_evidence (
  id            uuid primary key default gen_random_uuid(),
  bureau_id     uuid not null references bureaus (id) on delete cascade,
  checklist_id  uuid not null,
  item_code     text not null,
  filename      text not null,
  content_type  text not null,
  size_bytes    integer not null,
  sha256        text not null,
  data          bytea not null,
  uploaded_by   uuid references accounts (id) on delete restrict,
  uploaded_at   timestamptz not null default now(),
  foreign key (checklist_id, item_code) references checklist_items (checklist_id, code) on delete cascade
);
create index checklist_evidence_item_idx on checklist_evidence (checklist_id, item_code);

-- Down Migration
drop table checklist_evidence;
drop table checklist_items;
drop table readiness_checklists;
