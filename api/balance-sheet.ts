import ExcelJS from 'exceljs';
import { balanceIndicators, indicatorInfo, type BalanceIndicator } from '../domain/balance';
import type { FieldError } from './errors';
import { cellName as sheetCellName, cellText, openSheet } from './sheet';

/** The resource data sheet: one row per school section; totals, not ratios — the engine divides. */
export const SHEET = '资源数据';
const fixed = [
  { key: 'code', header: '学校代码 school code' },
  { key: 'level', header: '学段 level（小学/初中）' },
  { key: 'kind', header: '类型 kind（普通/教学点/特殊教育/职业）' },
  { key: 'pupils', header: '在校生数 pupils' },
] as const;
const totals: Record<BalanceIndicator, string> = {
  qualifiedTeachers: '高于规定学历教师数 qualified teachers',
  backboneTeachers: '县级以上骨干教师数 backbone teachers',
  peArtsTeachers: '体育艺术专任教师数 PE and arts teachers',
  teachingSpace: '教学及辅助用房面积㎡ teaching floor area',
  sportsSpace: '体育运动场馆面积㎡ sports ground area',
  equipment: '教学仪器设备值元 equipment value',
  multimediaRooms: '网络多媒体教室数 multimedia classrooms',
};
const headers = [...fixed.map((f) => f.header), ...balanceIndicators.map((k) => totals[k])];
const levels: Record<string, 'primary' | 'junior'> = { 小学: 'primary', primary: 'primary', 初中: 'junior', junior: 'junior' };
const kinds: Record<string, 'regular' | 'teaching_point' | 'special' | 'vocational'> = { '': 'regular', 普通: 'regular', regular: 'regular', 教学点: 'teaching_point', teaching_point: 'teaching_point', 特殊教育: 'special', special: 'special', 职业: 'vocational', vocational: 'vocational' };

export interface ResourceRow {
  row: number;
  code: string;
  level: 'primary' | 'junior';
  kind: 'regular' | 'teaching_point' | 'special' | 'vocational';
  pupils: number;
  resources: Record<BalanceIndicator, number>;
}

const cellName = (row: number, col: number) => sheetCellName(SHEET, headers, row, col);
const text = cellText;

/** Reads every row and names every bad cell; the caller applies nothing unless there are none. */
export async function readResourceSheet(data: Buffer, schoolCodes: Set<string>): Promise<{ rows: ResourceRow[]; errors: FieldError[] }> {
  const opened = await openSheet(data, SHEET);
  if ('error' in opened) return { rows: [], errors: [opened.error] };
  const { ws } = opened;
  const rows: ResourceRow[] = [];
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  ws.eachRow((r, n) => {
    if (n === 1) return;
    const cells = headers.map((_, i) => text(r.getCell(i + 1)));
    if (cells.every((c) => c === '')) return;
    const [code, levelText, kindText] = cells as [string, string, string];
    const level = levels[levelText];
    const kind = kinds[kindText];
    if (!schoolCodes.has(code)) errors.push({ field: cellName(n, 0), message: `本局没有学校代码 ${code} / no such school code` });
    if (!level) errors.push({ field: cellName(n, 1), message: '学段应为 小学 或 初中 / level must be 小学 or 初中' });
    if (kind === undefined) errors.push({ field: cellName(n, 2), message: '类型应为 普通、教学点、特殊教育 或 职业 / unknown kind' });
    const number = (col: number): number | null => {
      const v = Number(cells[col]);
      if (cells[col] === '' || !Number.isFinite(v) || v < 0) {
        errors.push({ field: cellName(n, col), message: '应为不小于 0 的数 / must be a number ≥ 0' });
        return null;
      }
      return v;
    };
    const pupils = number(3);
    if (pupils !== null && !Number.isInteger(pupils)) errors.push({ field: cellName(n, 3), message: '在校生数应为整数 / pupils must be a whole number' });
    const resources = Object.fromEntries(balanceIndicators.map((k, i) => [k, number(4 + i)])) as Record<BalanceIndicator, number | null>;
    const key = `${code}|${level}`;
    if (level && seen.has(key)) errors.push({ field: cellName(n, 1), message: '同一学校同一学段重复 / the same school section appears twice' });
    seen.add(key);
    if (level && kind !== undefined && pupils !== null && Object.values(resources).every((v) => v !== null)) {
      rows.push({ row: n, code, level, kind, pupils, resources: resources as Record<BalanceIndicator, number> });
    }
  });
  if (rows.length === 0 && errors.length === 0) errors.push({ field: 'body', message: '表中没有数据 / the sheet has no rows' });
  return { rows, errors };
}

export async function resourceTemplate(schools: { code: string; name: string }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(SHEET);
  ws.columns = headers.map((h) => ({ header: h, width: Math.max(14, h.length + 2) }));
  ws.getRow(1).font = { bold: true };
  for (const s of schools) ws.addRow([s.code, '小学', '普通']);
  const notes = wb.addWorksheet('说明 Notes');
  notes.addRow(['填写总数，系统按生数折算 / enter totals; the engine divides by pupils']);
  notes.addRow(['九年一贯制、十二年一贯制学校按小学、初中学段分行填写 / nine- and twelve-year schools: one row per section']);
  for (const k of balanceIndicators) notes.addRow([indicatorInfo[k].name.zh, `小学 ${indicatorInfo[k].thresholds.primary} / 初中 ${indicatorInfo[k].thresholds.junior}`]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
