import ExcelJS from 'exceljs';
import type { FieldError } from './errors';

/** What an uploaded workbook's cell holds, as trimmed text (formulas by their result). */
export function cellText(c: ExcelJS.Cell): string {
  const v = c.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '').trim();
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('').trim();
  return String(v).trim();
}

/** The named sheet of an uploaded .xlsx (or its first), or the error that says why there is none. */
export async function openSheet(data: Buffer, name: string): Promise<{ ws: ExcelJS.Worksheet } | { error: FieldError }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    return { error: { field: 'body', message: '不是有效的 Excel（.xlsx）文件 / not a valid Excel (.xlsx) file' } };
  }
  const ws = wb.getWorksheet(name) ?? wb.worksheets[0];
  return ws ? { ws } : { error: { field: 'body', message: `没有工作表「${name}」/ no sheet ${name}` } };
}

/** A cell as a person finds it: sheet, row, column letter and its header, in Chinese and English. */
export const cellName = (sheet: string, headers: readonly string[], row: number, col: number) =>
  `工作表「${sheet}」第 ${row} 行 ${String.fromCharCode(65 + col)} 列（${headers[col]}）/ sheet ${sheet}, row ${row}, column ${String.fromCharCode(65 + col)}`;
