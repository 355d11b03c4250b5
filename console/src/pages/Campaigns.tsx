/** Placeholder until this page is built. */
export function Campaigns() {
  return <div>建设中 / Under construction</div>;
}
