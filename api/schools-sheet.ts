import ExcelJS from 'exceljs';
import type { FieldError } from './errors';
import { schoolLevels } from './schemas';
import { cellName, cellText, openSheet } from './sheet';

/** A bureau's school list as a workbook: one row per school; read whole, every bad cell named. */
export const SCHOOLS_SHEET = '学校名单';
const headers = ['学校代码 code', '学校名称 name', '学区 district', '学段 level（小学/初中/九年一贯/十二年一贯/完全中学/特殊教育）'] as const;
const levelNames: Record<(typeof schoolLevels)[number], string> = { primary: '小学', junior: '初中', nine_year: '九年一贯', twelve_year: '十二年一贯', complete_secondary: '完全中学', special: '特殊教育' };
const levelOf = new Map<string, (typeof schoolLevels)[number]>(schoolLevels.flatMap((l) => [[l, l], [levelNames[l], l]] as [string, (typeof schoolLevels)[number]][]));

export interface SchoolSheetRow {
  code: string;
  name: string;
  district: string;
  level: (typeof schoolLevels)[number];
}

export async function schoolsTemplate(schools: { code: string; name: string; district: string; level: string }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(SCHOOLS_SHEET);
  ws.columns = headers.map((h) => ({ header: h, width: Math.max(16, h.length + 2) }));
  ws.getRow(1).font = { bold: true };
  for (const s of schools) ws.addRow([s.code, s.name, s.district, levelNames[s.level as SchoolSheetRow['level']] ?? s.level]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function readSchoolsSheet(data: Buffer): Promise<{ rows: SchoolSheetRow[]; errors: FieldError[] }> {
  const opened = await openSheet(data, SCHOOLS_SHEET);
  if ('error' in opened) return { rows: [], errors: [opened.error] };
  const rows: SchoolSheetRow[] = [];
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  const cell = (row: number, col: number) => cellName(SCHOOLS_SHEET, headers, row, col);
  opened.ws.eachRow((r, n) => {
    if (n === 1) return;
    const [code, name, district, levelText] = headers.map((_, i) => cellText(r.getCell(i + 1))) as [string, string, string, string];
    if (!code && !name && !district && !levelText) return;
    if (!code || code.length > 64) errors.push({ field: cell(n, 0), message: '请填写学校代码（不超过 64 字）/ a school code of at most 64 characters' });
    else if (seen.has(code)) errors.push({ field: cell(n, 0), message: `学校代码 ${code} 与第 ${seen.get(code)} 行重复 / the code repeats row ${seen.get(code)}` });
    else seen.set(code, n);
    if (!name || name.length > 200) errors.push({ field: cell(n, 1), message: '请填写学校名称 / a school name is required' });
    if (!district || district.length > 100) errors.push({ field: cell(n, 2), message: '请填写学区 / a district is required' });
    const level = levelOf.get(levelText);
    if (!level) errors.push({ field: cell(n, 3), message: `学段应为：${Object.values(levelNames).join('、')} / unknown level` });
    if (code && name && district && level) rows.push({ code, name, district, level });
  });
  if (rows.length === 0 && errors.length === 0) errors.push({ field: 'body', message: '表中没有学校 / the sheet lists no school' });
  if (rows.length > 5000) errors.push({ field: 'body', message: '一次最多 5000 所学校 / at most 5,000 schools' });
  return { rows, errors };
}
