import path from 'node:path';
import PDFDocument from 'pdfkit';
import { balanceIndicators, indicatorInfo, type Coefficient, type SectionResult } from '../domain/balance';

const FONT = path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts', 'NotoSansHans-Regular.otf');

/** The readiness report as A4 PDF: a bar chart per indicator (schools against the threshold) and one of the coefficients against their limits. */
export function readinessPdf(r: { bureauName: string; schoolYear: string; schools: SectionResult[]; coefficients: Coefficient[] }): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 48 });
  doc.registerFont('cjk', FONT);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font('cjk').fontSize(16).text(`${r.bureauName} 义务教育优质均衡资源配置评估（${r.schoolYear} 学年）`, { align: 'center' });
  doc.fontSize(10).fillColor('#555').text(`学段 ${r.schools.length} 个，达标 ${r.schools.filter((s) => s.passes).length} 个`, { align: 'center' }).fillColor('#000');

  const chart = (title: string, bars: { label: string; value: number; ok: boolean }[], line: number, lineLabel: string) => {
    if (doc.y > 620) doc.addPage();
    doc.moveDown().fontSize(11).text(title);
    const left = 160;
    const width = 330;
    const max = Math.max(line * 1.25, ...bars.map((b) => b.value)) || 1;
    const top = doc.y + 4;
    bars.forEach((b, i) => {
      const y = top + i * 12;
      doc.fontSize(7).fillColor('#000').text(b.label.slice(0, 18), 48, y, { width: left - 56, align: 'right' });
      doc.rect(left, y + 1, (b.value / max) * width, 8).fill(b.ok ? '#4a8' : '#d54');
    });
    const x = left + (line / max) * width;
    doc.moveTo(x, top - 2).lineTo(x, top + bars.length * 12).strokeColor('#333').dash(2, { space: 2 }).stroke().undash();
    doc.fillColor('#333').fontSize(7).text(lineLabel, x + 2, top - 10);
    doc.fillColor('#000');
    doc.y = top + bars.length * 12 + 6;
    doc.x = 48;
  };

  for (const level of ['primary', 'junior'] as const) {
    const mine = r.schools.filter((s) => s.level === level);
    if (mine.length === 0) continue;
    for (const k of balanceIndicators) {
      const threshold = indicatorInfo[k].thresholds[level];
      chart(`${level === 'primary' ? '小学' : '初中'}：${indicatorInfo[k].name.zh}`, mine.map((s) => ({ label: s.name, value: s.values[k], ok: s.values[k] >= threshold })), threshold, `标准 ${threshold}`);
    }
    const cvs = r.coefficients.filter((c) => c.level === level);
    chart(`${level === 'primary' ? '小学' : '初中'}：差异系数`, cvs.map((c) => ({ label: indicatorInfo[c.indicator].name.zh, value: c.cv, ok: c.passes })), cvs[0]?.limit ?? 0.5, `限值 ${cvs[0]?.limit ?? ''}`);
  }
  doc.end();
  return done;
}
