import path from 'node:path';
import PDFDocument from 'pdfkit';

/** Noto Sans (Simplified Chinese, OFL), packaged on npm; pdfkit embeds only the glyphs used. */
const FONT_DIR = path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
const REGULAR = path.join(FONT_DIR, 'NotoSansHans-Regular.otf');
const BOLD = path.join(FONT_DIR, 'NotoSansHans-Bold.otf');

export interface NoticeEntry {
  name: string;
  district: string;
  basis: string;
  overrideReason: string | null;
}

/** The award notice as an A4 PDF: each category's schools with the reason, the vetoed, and the list's hash. */
export function awardNoticePdf(n: {
  bureauName: string;
  campaignName: string;
  categories: { name: { zh: string; en: string }; schools: NoticeEntry[] }[];
  vetoed: NoticeEntry[];
  approvedHash: string | null;
}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margins: { top: 56, bottom: 56, left: 56, right: 56 }, info: { Title: `${n.campaignName} 表彰名单`, Author: n.bureauName } });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.font('bold').fontSize(18).text(n.bureauName, { align: 'center' });
  doc.fontSize(16).text(`关于${n.campaignName}表彰结果的通知`, { align: 'center' });
  doc.font('regular').fontSize(10).fillColor('#555').text('Award results', { align: 'center' }).fillColor('#000');
  doc.moveDown();
  for (const c of n.categories) {
    doc.font('bold').fontSize(13).text(`${c.name.zh}（${c.schools.length} 所） ${c.name.en}`);
    doc.moveDown(0.3);
    for (const s of c.schools) {
      doc.font('regular').fontSize(11).text(`${s.name}（${s.district}）`, { continued: false });
      doc.fontSize(9).fillColor('#444').text(`依据：${s.basis}${s.overrideReason ? `；调整理由：${s.overrideReason}` : ''}`, { indent: 14 }).fillColor('#000');
    }
    doc.moveDown();
  }
  if (n.vetoed.length > 0) {
    doc.font('bold').fontSize(13).text(`一票否决（${n.vetoed.length} 所） Vetoed`);
    doc.moveDown(0.3);
    for (const s of n.vetoed) doc.font('regular').fontSize(10).text(`${s.name}（${s.district}）：${s.basis}`);
    doc.moveDown();
  }
  doc.font('regular').fontSize(8).fillColor('#555').text(n.approvedHash ? `本名单已审批。校验值 SHA-256：${n.approvedHash}（记录于活动审计链）` : '建议稿，尚未审批 / Draft, not yet approved');
  doc.end();
  return done;
}
