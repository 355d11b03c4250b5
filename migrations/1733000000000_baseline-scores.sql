-- Up Migration
-- A potential school's baseline scores per indicator (before pairing), for its improvement after acceptance.
alter table baselines add column scores jsonb;

-- Down Migration
alter table baselines drop column scores;
