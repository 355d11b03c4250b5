/** Times as a bureau reads them: Beijing time, Chinese order. */
const fmt = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
const dateFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

export function beijing(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = Object.fromEntries(fmt.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  const hour = p.hour === '24' ? '00' : p.hour;
  return `${p.year}-${p.month}-${p.day} ${hour}:${p.minute}`;
}

/** A deadline at 24:00 is shown as that day's 24:00, as the notices state it. */
export function deadline(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const p = Object.fromEntries(fmt.formatToParts(d).map((x) => [x.type, x.value]));
  if ((p.hour === '00' || p.hour === '24') && p.minute === '00') {
    const prev = Object.fromEntries(dateFmt.formatToParts(new Date(d.getTime() - 1)).map((x) => [x.type, x.value]));
    return `${prev.year}-${prev.month}-${prev.day} 24:00`;
  }
  return beijing(iso);
}

export function workingDaysLabel(n: number | null | undefined): string {
  if (n === null || n === undefined) return '';
  if (n <= 0) return '今日截止 / due today';
  return `还剩 ${n} 个工作日 / ${n} working day${n === 1 ? '' : 's'} left`;
}

export const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${Math.round(x * 1000) / 10}%`);
