/** Placeholder until this page is built. */
export function Accounts() {
  return <div>建设中 / Under construction</div>;
}
