import ExcelJS from 'exceljs';
import { roleLabels, roles, type Role } from '../domain/access';
import type { FieldError } from './errors';

/** The account import sheet: one row per person, codes rather than ids, Chinese headers first. */
export const SHEET_NAME = '账号';
const columns = [
  { key: 'username', header: '用户名 username', width: 18 },
  { key: 'displayName', header: '姓名 name', width: 14 },
  { key: 'role', header: '角色 role', width: 16 },
  { key: 'departmentCode', header: '科室代码 department code', width: 22 },
  { key: 'schoolCode', header: '学校代码 school code', width: 20 },
  { key: 'email', header: '邮箱 email', width: 24 },
  { key: 'phone', header: '手机 phone', width: 16 },
] as const;
type ColumnKey = (typeof columns)[number]['key'];

export interface SheetRow {
  row: number;
  username: string;
  displayName: string;
  role: Role | null;
  departmentCode: string;
  schoolCode: string;
  email: string;
  phone: string;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Where a cell is, in words a bureau clerk can follow in Excel. */
export function cellField(row: number, key: ColumnKey): string {
  const index = columns.findIndex((c) => c.key === key);
  const letter = String.fromCharCode(65 + index);
  return `工作表「${SHEET_NAME}」第 ${row} 行 ${letter} 列（${columns[index]!.header}）/ sheet ${SHEET_NAME}, row ${row}, column ${letter}`;
}

const roleByText = new Map<string, Role>(roles.flatMap((r) => [[r, r], [roleLabels[r].zh, r], [roleLabels[r].en.toLowerCase(), r]] as [string, Role][]));

function text(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('').trim();
  if (typeof v === 'object' && 'text' in v) return String(v.text).trim(); // hyperlink (e-mail addresses)
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '').trim(); // formula
  return String(v).trim();
}

/** Reads the sheet; a file that is not a workbook, or lacks the sheet or its columns, is one clear error. */
export async function readAccountsSheet(data: Buffer): Promise<{ rows: SheetRow[]; errors: FieldError[] }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    return { rows: [], errors: [{ field: 'body', message: '不是有效的 Excel（.xlsx）文件 / not a valid Excel (.xlsx) file' }] };
  }
  const sheet = workbook.getWorksheet(SHEET_NAME) ?? workbook.worksheets[0];
  if (!sheet) return { rows: [], errors: [{ field: 'body', message: `工作簿中没有工作表「${SHEET_NAME}」/ the workbook has no sheet ${SHEET_NAME}` }] };
  const header = columns.map((_, i) => text(sheet.getRow(1).getCell(i + 1)).split(/\s+/)[0]);
  const expected = columns.map((c) => c.header.split(/\s+/)[0]);
  if (header.join('|') !== expected.join('|')) {
    return { rows: [], errors: [{ field: `工作表「${sheet.name}」第 1 行 / sheet ${sheet.name}, row 1`, message: `表头应为：${columns.map((c) => c.header).join('、')}；请使用下载的模板 / the header must be the template's` }] };
  }
  const rows: SheetRow[] = [];
  const errors: FieldError[] = [];
  sheet.eachRow((r, n) => {
    if (n === 1) return;
    const get = (key: ColumnKey) => text(r.getCell(columns.findIndex((c) => c.key === key) + 1));
    const values = Object.fromEntries(columns.map((c) => [c.key, get(c.key)])) as Record<ColumnKey, string>;
    if (Object.values(values).every((v) => v === '')) return;
    const role = roleByText.get(values.role.toLowerCase()) ?? null;
    if (!role) errors.push({ field: cellField(n, 'role'), message: `角色应为：${roles.map((x) => roleLabels[x].zh).join('、')} / role must be one of ${roles.join(', ')}` });
    rows.push({ row: n, ...values, username: values.username.toLowerCase(), role });
  });
  if (rows.length === 0 && errors.length === 0) errors.push({ field: 'body', message: '表中没有账号 / the sheet lists no accounts' });
  return { rows, errors };
}

/** A blank template with an example row and, on a second sheet, the valid codes. */
export async function accountsTemplate(departments: { code: string; name: string }[], schools: { code: string; name: string }[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(SHEET_NAME);
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow({ username: 'zhang.san', displayName: '张三', role: roleLabels.reviewer.zh, schoolCode: schools[0]?.code ?? '', email: '', phone: '' });
  for (let row = 2; row <= 1000; row++) {
    sheet.getCell(`C${row}`).dataValidation = { type: 'list', allowBlank: false, formulae: [`"${roles.map((r) => roleLabels[r].zh).join(',')}"`] };
  }
  const notes = workbook.addWorksheet('说明 Notes');
  notes.columns = [{ width: 24 }, { width: 40 }];
  notes.addRow(['角色 role', '说明 notes']).font = { bold: true };
  notes.addRow([roleLabels.bureau_admin.zh, '管理账号、活动与审批 / accounts, campaigns, approvals']);
  notes.addRow([roleLabels.department_staff.zh, '须填科室代码 / needs a department code']);
  notes.addRow([roleLabels.reviewer.zh, '学校代码填其任职学校（用于回避），可空 / school code: where they work (for recusal), optional']);
  notes.addRow([roleLabels.school.zh, '须填学校代码 / needs a school code']);
  notes.addRow([]);
  notes.addRow(['科室代码 department code', '科室 department']).font = { bold: true };
  for (const d of departments) notes.addRow([d.code, d.name]);
  notes.addRow([]);
  notes.addRow(['学校代码 school code', '学校 school']).font = { bold: true };
  for (const s of schools) notes.addRow([s.code, s.name]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
