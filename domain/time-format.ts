const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * An instant as a person in China reads it: "2026-12-23 24:00" (Asia/Shanghai). A deadline at
 * midnight is shown as 24:00 of the day it ends, as the notices write it. No dependencies, so
 * workflow code may use it.
 */
export function formatShanghai(instant: string | number | Date): string {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) return String(instant);
  const local = new Date(ms + SHANGHAI_OFFSET_MS).toISOString();
  if (local.slice(11, 16) === '00:00') {
    const previous = new Date(ms + SHANGHAI_OFFSET_MS - 1).toISOString();
    return `${previous.slice(0, 10)} 24:00`;
  }
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}
