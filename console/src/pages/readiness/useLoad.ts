import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, type Problem } from '../../api';

/**
 * Loads data for a page or tab and reloads it when `key` changes. A refusal is kept as a problem
 * (shown on the page with ProblemAlert, or read for its code, e.g. "no checklist yet").
 */
export function useLoad<T>(fn: () => Promise<T>, key: string) {
  const ref = useRef(fn);
  ref.current = fn;
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<Problem | null>(null);
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setData(await ref.current());
      setProblem(null);
    } catch (err) {
      setData(null);
      setProblem(err instanceof ApiError ? err.problem : { status: 0, code: 'network', titleZh: `无法加载：${String(err)}`, titleEn: 'Could not load' });
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload, key]);
  return { data, loading, problem, reload, setData };
}
