import { Alert, App, type FormInstance } from 'antd';
import { useCallback, useState, type CSSProperties, type ReactNode } from 'react';
import { ApiError, type Problem } from './api';

/** The form path of an API field ("body.assign.0.code" → ["assign", 0, "code"]). */
export function fieldPath(field: string): (string | number)[] {
  return field.replace(/^(body|query|params)\./, '').split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Shows an API refusal where the person looks: each named field's message beside that field of
 * the form, and the title (Chinese first, English beside it) as a message.
 */
export function useProblem() {
  const { message } = App.useApp();
  return useCallback(
    (err: unknown, form?: FormInstance) => {
      if (err instanceof ApiError) {
        const p = err.problem;
        const placed: string[] = [];
        if (form && p.errors) {
          // The field by its full path, else by its last segment (a nested API shape behind a flat form).
          const known = new Set(Object.keys(form.getFieldsValue(true) ?? {}));
          const nameOf = (field: string) => {
            const full = fieldPath(field);
            if (known.has(String(full[0]))) return full;
            const last = full[full.length - 1];
            return known.has(String(last)) ? [last!] : null;
          };
          const fields = p.errors.map((e) => ({ e, name: nameOf(e.field) })).filter((x) => x.name !== null);
          form.setFields(fields.map((x) => ({ name: x.name!, errors: [x.e.message] })));
          placed.push(...fields.map((x) => x.e.field));
        }
        const rest = (p.errors ?? []).filter((e) => !placed.includes(e.field)).map((e) => `${e.field}：${e.message}`);
        void message.error({ content: [`${p.titleZh} / ${p.titleEn}`, ...rest].join('\n'), duration: 8 });
        return p;
      }
      void message.error(`操作失败，请稍后重试 / Something went wrong: ${String(err)}`);
      return null;
    },
    [message],
  );
}

/** Runs an action with a busy flag; a refusal is shown, never swallowed. */
export function useAction<A extends unknown[]>(fn: (...a: A) => Promise<unknown>, opts: { form?: FormInstance; success?: string } = {}) {
  const show = useProblem();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const run = useCallback(
    async (...a: A) => {
      setBusy(true);
      setProblem(null);
      try {
        await fn(...a);
        if (opts.success) void message.success(opts.success);
        return true;
      } catch (err) {
        setProblem(show(err, opts.form));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [fn, opts.form, opts.success, show, message],
  );
  return { run, busy, problem };
}

/**
 * A refusal kept on the page (for example why an approval was refused), with its details: each
 * bad field with its message and any further members of the problem; with `inWords`, only the
 * messages as a list (or the detail), for a person rather than field paths; `brief` shows the title alone.
 */
export function ProblemAlert({ problem, inWords, brief, style }: { problem: Problem | null; inWords?: boolean; brief?: boolean; style?: CSSProperties }) {
  if (!problem) return null;
  let description: ReactNode;
  if (brief) description = undefined;
  else if (inWords) description = problem.errors?.length ? <ul style={{ margin: 0, paddingLeft: 18 }}>{problem.errors.map((e) => <li key={e.field}>{e.message}</li>)}</ul> : problem.detail;
  else {
    const extra = Object.entries(problem).filter(([k]) => !['type', 'title', 'status', 'code', 'titleZh', 'titleEn', 'detail', 'errors', 'requestId', 'instance'].includes(k));
    description = (
      <>
        {problem.errors?.map((e) => <div key={e.field}>{e.field}：{e.message}</div>)}
        {extra.map(([k, v]) => <div key={k}>{k}：{typeof v === 'string' ? v : JSON.stringify(v)}</div>)}
      </>
    );
  }
  return <Alert type="error" showIcon role="alert" style={style} title={`${problem.titleZh} / ${problem.titleEn}`} description={description} />;
}
