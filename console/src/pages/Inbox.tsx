/** Placeholder until this page is built. */
export function Inbox() {
  return <div>建设中 / Under construction</div>;
}
