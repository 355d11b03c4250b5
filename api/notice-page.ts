import type { ListRow, WindowRow } from '../db/repositories/publicity.repository';
import { formatShanghai } from '../domain/time-format';

const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface NoticeContext {
  bureauName: string;
  campaignName: string;
  phaseName: { zh: string; en: string };
  window: WindowRow;
  list: ListRow;
}

export const objectionRules = {
  zh: '公示期间，对名单有异议的单位或个人，可向下列联系部门书面实名反映：单位须注明单位名称和联系人，个人须写明姓名、工作单位和联系电话，并提供事实依据。匿名或逾期的异议不予受理。',
  en: 'During the publicity period, a unit or person objecting to the list may write to the office below under a real name: a unit gives its name and a contact; a person gives name, employer and phone, with the facts. Anonymous or late objections are not accepted.',
};

/** The notice as a printable A4 page: Chinese first, English beside, the list's hash at the foot. */
export function noticeHtml(n: NoticeContext): string {
  const w = n.window;
  const rows = n.list.items
    .map((it, i) => `<tr><td>${i + 1}</td><td>${esc(it.name)}</td><td>${esc(it.district)}</td><td>${esc(it.basis)}</td></tr>`)
    .join('');
  const contact = [w.contact.office, w.contact.phone ? `电话 ${w.contact.phone}` : '', w.contact.address ?? ''].filter(Boolean).map(esc).join('　');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(n.phaseName.zh)}公示 · ${esc(n.campaignName)}</title>
<style>
  @page { size: A4; margin: 18mm 16mm; }
  body { font-family: "Noto Serif CJK SC", "Songti SC", SimSun, serif; line-height: 1.6; max-width: 48rem; margin: 1rem auto; padding: 0 1rem; color: #111; }
  h1 { text-align: center; font-size: 1.5rem; margin-bottom: .2rem; } .en { color: #555; font-size: .85em; }
  table { width: 100%; border-collapse: collapse; margin: 1rem 0; } th, td { border: 1px solid #333; padding: .3rem .5rem; text-align: left; vertical-align: top; }
  th { background: #f2f2f2; } tr { page-break-inside: avoid; } .foot { font-size: .8rem; color: #444; word-break: break-all; margin-top: 1.5rem; }
</style></head><body>
<h1>${esc(n.bureauName)}<br>关于${esc(n.phaseName.zh)}的公示</h1>
<p class="en" style="text-align:center">${esc(n.phaseName.en)} — public notice</p>
<p>根据${esc(n.campaignName)}工作安排，现将名单（第 ${n.list.version} 版，共 ${n.list.items.length} 所学校）予以公示。</p>
<p><strong>公示期：</strong>${esc(formatShanghai(w.opens_at))} 至 ${esc(formatShanghai(w.closes_at))}（北京时间）<br><span class="en">Publicity period: ${esc(formatShanghai(w.opens_at))} to ${esc(formatShanghai(w.closes_at))} Beijing time</span></p>
<table><thead><tr><th>序号 No.</th><th>学校 School</th><th>学区 District</th><th>依据 Basis</th></tr></thead><tbody>${rows || '<tr><td colspan="4">（名单为空 / the list is empty）</td></tr>'}</tbody></table>
<p>${esc(objectionRules.zh)}<br><span class="en">${esc(objectionRules.en)}</span></p>
<p><strong>联系部门 Contact：</strong>${contact}</p>
${w.status === 'finalised' ? '<p><strong>本名单已定稿。</strong><span class="en"> This list is final.</span></p>' : ''}
<p class="foot">名单内容校验值 SHA-256（RFC 8785 JSON）：${esc(n.list.content_hash)}<br>List content hash, recorded in the campaign's audit chain. 公示编号 Notice id: ${esc(w.id)}</p>
</body></html>`;
}
