import type { TabProps } from './types';

/** Placeholder until this tab is built. */
export function AcceptanceTab(_props: TabProps) {
  return <div>建设中 / Under construction</div>;
}
