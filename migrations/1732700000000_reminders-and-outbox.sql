-- Up Migration

-- Reminders and their delivery: per-account preferences, the bureau's group robots and webhooks,
-- an outbox written in the same transaction as the event behind each message, robot send times
-- (their per-minute limit), and calendar feed tokens.

create table notification_preferences (
  account_id  uuid primary key references accounts (id) on delete cascade,
  email       boolean not null default true,
  language    text not null default 'zh' check (language in ('zh', 'en')),
  updated_at  timestamptz not null default now()
);

create table notification_channels (
  id             uuid primary key default gen_random_uuid(),
  bureau_id      uuid not null references bureaus (id) on delete cascade,
  -- A department's group robot; null: the bureau's own group (administrators).
  department_id  uuid references departments (id) on delete cascade,
  kind           text not null check (kind in ('wecom', 'dingtalk', 'webhook')),
  name           text not null check (length(name) between 1 and 100),
  url            text not null check (url ~ '^https?://'),
  -- 钉钉's signing secret, or the HMAC key of a generic webhook.
  secret         text,
  enabled        boolean not null default true,
  created_at     timestamptz not null default now(),
  check (kind = 'wecom' or secret is not null)
);
create index notification_channels_bureau_idx on notification_channels (bureau_id);

create table outbox (
  id               uuid primary key default gen_random_uuid(),
  bureau_id        uuid not null references bureaus (id) on delete cascade,
  channel          text not null check (channel in ('email', 'wecom', 'dingtalk', 'webhook')),
  channel_id       uuid references notification_channels (id) on delete cascade,
  account_id       uuid references accounts (id) on delete set null,
  recipient        text not null,
  subject          text not null,
  body             text not null,
  link             text,
  dedupe_key       text not null unique,
  status           text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed')),
  attempts         integer not null default 0,
  last_error       text,
  next_attempt_at  timestamptz not null default now(),
  claimed_at       timestamptz,
  sent_at          timestamptz,
  created_at       timestamptz not null default now(),
  check (channel = 'email' or channel_id is not null)
);
create index outbox_due_idx on outbox (next_attempt_at) where status in ('pending', 'sending');
create index outbox_bureau_idx on outbox (bureau_id, status, created_at desc);

create table robot_sends (
  channel_id  uuid not null references notification_channels (id) on delete cascade,
  sent_at     timestamptz not null default now()
);
create index robot_sends_idx on robot_sends (channel_id, sent_at);

create table calendar_feeds (
  id          uuid primary key default gen_random_uuid(),
  account_id  uuid not null references accounts (id) on delete cascade,
  token_hash  bytea not null unique,
  created_at  timestamptz not null default now(),
  revoked_at  timestamptz
);

-- Down Migration
drop table calendar_feeds;
drop table robot_sends;
drop table outbox;
drop table notification_channels;
drop table notification_preferences;
