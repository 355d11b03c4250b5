import type { Queryable } from '../pool';

export interface BureauRow {
  id: string;
  code: string;
  name: string;
  timezone: string;
  created_at: Date;
}

export interface SchoolInput {
  code: string;
  name: string;
  district: string;
  level: string;
}

export interface SchoolRow extends SchoolInput {
  id: string;
  bureau_id: string;
}

export async function insertBureau(db: Queryable, b: { code: string; name: string }): Promise<BureauRow> {
  const result = await db.query<BureauRow>('insert into bureaus (code, name) values ($1, $2) returning *', [b.code, b.name]);
  return result.rows[0]!;
}

export async function getBureau(db: Queryable, id: string): Promise<BureauRow | undefined> {
  const result = await db.query<BureauRow>('select * from bureaus where id = $1', [id]);
  return result.rows[0];
}

export async function getBureauByCode(db: Queryable, code: string): Promise<BureauRow | undefined> {
  const result = await db.query<BureauRow>('select * from bureaus where code = $1', [code]);
  return result.rows[0];
}

export async function listBureaus(db: Queryable): Promise<BureauRow[]> {
  return (await db.query<BureauRow>('select * from bureaus order by code')).rows;
}

export async function insertDepartments(db: Queryable, bureauId: string, departments: { code: string; name: string }[]): Promise<void> {
  await db.query(
    `insert into departments (bureau_id, code, name)
     select $1, d.code, d.name from jsonb_to_recordset($2::jsonb) as d(code text, name text)
     on conflict (bureau_id, code) do update set name = excluded.name`,
    [bureauId, JSON.stringify(departments)],
  );
}

/** Inserts or updates a bureau's schools by code and returns them in input order. */
export async function upsertSchools(db: Queryable, bureauId: string, schools: SchoolInput[]): Promise<SchoolRow[]> {
  const result = await db.query<SchoolRow>(
    `insert into schools (bureau_id, code, name, district, level)
     select $1, s.code, s.name, s.district, s.level
       from jsonb_to_recordset($2::jsonb) as s(code text, name text, district text, level text)
     on conflict (bureau_id, code) do update
       set name = excluded.name, district = excluded.district, level = excluded.level
     returning id, bureau_id, code, name, district, level`,
    [bureauId, JSON.stringify(schools)],
  );
  const byCode = new Map(result.rows.map((r) => [r.code, r]));
  return schools.map((s) => byCode.get(s.code)!);
}

export async function listSchools(db: Queryable, bureauId: string): Promise<SchoolRow[]> {
  return (
    await db.query<SchoolRow>('select id, bureau_id, code, name, district, level from schools where bureau_id = $1 order by district, code', [
      bureauId,
    ])
  ).rows;
}

export interface DepartmentRow {
  id: string;
  code: string;
  name: string;
}

export async function listDepartments(db: Queryable, bureauId: string): Promise<DepartmentRow[]> {
  return (await db.query<DepartmentRow>('select id, code, name from departments where bureau_id = $1 order by code', [bureauId])).rows;
}
