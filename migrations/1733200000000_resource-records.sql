-- Up Migration

-- The 优质均衡 resource data per school section and school year, versioned: an upload or a
-- correction adds a version; the latest is current.
create table resource_records (
  id           uuid primary key default gen_random_uuid(),
  bureau_id    uuid not null references bureaus (id) on delete cascade,
  school_id    uuid not null,
  school_year  text not null check (school_year ~ '^[0-9]{4}-[0-9]{4}$'),
  level        text not null check (level in ('primary', 'junior')),
  kind         text not null default 'regular' check (kind in ('regular', 'teaching_point', 'special', 'vocational')),
  pupils       integer not null check (pupils >= 0),
  resources    jsonb not null,
  version      integer not null check (version >= 1),
  reason       text not null,
  recorded_by  uuid not null references accounts (id) on delete restrict,
  recorded_at  timestamptz not null default now(),
  unique (school_id, school_year, level, version),
  foreign key (bureau_id, school_id) references schools (bureau_id, id) on delete cascade
);
create index resource_records_year_idx on resource_records (bureau_id, school_year);

-- Down Migration
drop table resource_records;
