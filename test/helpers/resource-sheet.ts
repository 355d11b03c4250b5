import ExcelJS from 'exceljs';
import type { buildApp } from '../../api/app';
import type { Tenant } from './tenant';

/** A resource-data workbook with the bureau template's own header and the given rows. */
export async function resourceWorkbook(app: Awaited<ReturnType<typeof buildApp>>, t: Tenant, rows: (string | number)[][]): Promise<Buffer> {
  const template = await app.inject({ method: 'GET', url: `/bureaus/${t.bureauId}/balance/template.xlsx`, headers: t.auth('admin') });
  const source = new ExcelJS.Workbook();
  await source.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
  const header = (source.getWorksheet('资源数据')!.getRow(1).values as unknown[]).slice(1);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('资源数据');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
