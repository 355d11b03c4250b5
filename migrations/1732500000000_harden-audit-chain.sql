-- Up Migration

-- The chain trigger runs with its owner's rights (security definer). Name every object with its
-- schema and search pg_temp last, so a caller's temporary tables or functions can never stand in
-- for ours; and serialise same-key inserts across chains, so a key reused in two chains cannot
-- advance a head for an event that ON CONFLICT then drops.
create or replace function public.audit_events_chain() returns trigger language plpgsql security definer
  set search_path = pg_catalog, public, pg_temp as $$
declare
  head public.audit_chain_heads%rowtype;
begin
  new.chain := coalesce('campaign:' || new.campaign_id::text, 'bureau:' || new.bureau_id::text);
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended(new.idempotency_key, 0));
  insert into public.audit_chain_heads (chain, seq, hash) values (new.chain, 0, '') on conflict (chain) do nothing;
  select * into head from public.audit_chain_heads where chain = new.chain for update;
  if exists (select 1 from public.audit_events where idempotency_key = new.idempotency_key) then
    return null;
  end if;
  new.seq := head.seq + 1;
  new.prev_hash := nullif(head.hash, '');
  new.hash := public.audit_event_hash(new);
  update public.audit_chain_heads set seq = new.seq, hash = new.hash where chain = new.chain;
  return new;
end;
$$;

alter function public.audit_event_hash(public.audit_events) set search_path = pg_catalog, public, pg_temp;
alter function public.audit_events_append_only() set search_path = pg_catalog, public, pg_temp;

-- The application has no use for temporary objects or for creating anything in the schema.
do $$
begin
  execute format('revoke temporary on database %I from public', current_database());
  execute format('revoke temporary on database %I from campaigns_app', current_database());
end;
$$;
revoke create on schema public from public;

-- Down Migration
do $$
begin
  execute format('grant temporary on database %I to public', current_database());
end;
$$;
