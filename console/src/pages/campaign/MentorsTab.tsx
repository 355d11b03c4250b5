import type { TabProps } from './types';

/** Placeholder until this tab is built. */
export function MentorsTab(_props: TabProps) {
  return <div>建设中 / Under construction</div>;
}
